import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { FlagLensError, describeError } from '../core/errors';
import { redact, type Logger } from '../core/log';
import { raceAbort } from '../core/util/raceAbort';
import type { FlagWorkspace } from '../core/workspace/flagWorkspace';
import type { ServerWorkspace, WorkspaceNeeds } from './serverWorkspace';
import { ToolError } from './toolError';
import type { ToolInput } from './toolInput';

/** What a tool gets to work with: the folder, brought up to date, and the call's own signal. */
export interface ToolCall {
  workspace: FlagWorkspace;
  /** Absolute, forward slashes; every path a tool returns is relative to it. */
  root: string;
  /** Fires at the call's time bound, when the client cancels, or when the server stops. */
  signal: AbortSignal;
  logger: Logger;
  /** The tool changed files or a flag: the next call re-reads the sources. */
  markWritten(): void;
}

export interface FlagLensTool<Args> {
  name: string;
  title: string;
  description: string;
  input: ToolInput<Args>;
  output: z.ZodObject;
  annotations: ToolAnnotations;
  needs: WorkspaceNeeds;
  /**
   * Writes are awaited to their end when the bound fires (core stops them at a safe point: all
   * files or none), never abandoned mid-way with an answer that may be false; reads are abandoned.
   */
  writes?: boolean;
  run(args: Args, call: ToolCall): Promise<Record<string, unknown>>;
}

/** What every tool shares: the folder, the bound, the log and the secrets to keep out of answers. */
export interface ToolContext {
  workspace: ServerWorkspace;
  callTimeoutMs: number;
  logger: Logger;
  /** Tokens from the environment: redacted from every answer. */
  secrets: readonly string[];
  /** Fires when the server stops. */
  signal: AbortSignal;
}

/** Registers a tool whose every call ends in a result: the answer, or `isError` with one line. */
export function registerFlagLensTool<Args>(server: McpServer, context: ToolContext, tool: FlagLensTool<Args>): void {
  server.registerTool(
    tool.name,
    { title: tool.title, description: tool.description, inputSchema: tool.input.published, outputSchema: tool.output, annotations: tool.annotations },
    (args, extra) => runTool(tool, args, extra.signal, context),
  );
}

async function runTool<Args>(tool: FlagLensTool<Args>, rawArgs: unknown, clientSignal: AbortSignal, context: ToolContext): Promise<CallToolResult> {
  const started = performance.now();
  const bound = AbortSignal.timeout(context.callTimeoutMs);
  const signal = AbortSignal.any([clientSignal, bound, context.signal]);
  try {
    const args = tool.input.parse(rawArgs);
    const work = context.workspace.use(tool.needs, signal, (workspace) =>
      tool.run(args, { workspace, root: context.workspace.root, signal, logger: context.logger, markWritten: () => context.workspace.markWritten() }),
    );
    const structured = tool.writes ? await work : await raceAbort(work, signal);
    context.logger.debug(`${tool.name}: answered in ${Math.round(performance.now() - started)} ms.`);
    return { content: [{ type: 'text', text: JSON.stringify(structured, null, 2) }], structuredContent: structured };
  } catch (error) {
    const message = failureText(tool, error, { bound: bound.aborted, client: clientSignal.aborted, timeoutMs: context.callTimeoutMs });
    if (!(error instanceof ToolError) && !FlagLensError.is(error)) context.logger.error(error instanceof Error ? error : String(error));
    context.logger.info(`${tool.name}: ${message}`);
    return { content: [{ type: 'text', text: oneLine(redact(`${tool.name}: ${message}`, context.secrets)) }], isError: true };
  }
}

function failureText(tool: FlagLensTool<unknown>, error: unknown, aborted: { bound: boolean; client: boolean; timeoutMs: number }): string {
  const cancelled = FlagLensError.is(error, 'cancelled');
  const unchanged = tool.writes ? '; nothing was changed' : '';
  if (cancelled && aborted.bound) return `gave up after ${Number((aborted.timeoutMs / 1000).toFixed(3))} s, the time bound for one call (flaglens mcp --timeout)${unchanged}.`;
  if (cancelled && aborted.client) return `cancelled by the client${unchanged}.`;
  if (error instanceof ToolError || FlagLensError.is(error)) return describeError(error);
  return `internal error: ${describeError(error)}`;
}

/** Newlines and tabs out, length capped: the agent reads one line. */
function oneLine(text: string): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\t/g, ' ');
  return line.length > 2000 ? `${line.slice(0, 1999)}…` : line;
}
