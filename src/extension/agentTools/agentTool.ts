import * as vscode from 'vscode';
import { FlagLensError, describeError } from '../../core/errors';
import { redact } from '../../core/log';
import { raceAbort } from '../../core/util/raceAbort';
import type { FlagLensTool } from '../../mcp/flagLensTool';
import { refuseConfigErrors } from '../../mcp/serverWorkspace';
import { ToolError } from '../../mcp/toolError';
import type { Services } from '../services';
import { firstReads, withLiveSnapshots } from './liveSnapshots';
import { coreWorkspace, sessionForAgent } from './sessionWorkspace';

/** One MCP tool offered to agents inside VS Code under a `flaglens_` name (package.json `languageModelTools`). */
export interface AgentToolSpec<Args> {
  /** As contributed in package.json. */
  name: string;
  /** The MCP tool this one runs: its input check, its work, its JSON. */
  tool: FlagLensTool<Args>;
  /** The progress line in the chat while the tool runs. */
  invocationMessage(input: Record<string, unknown>): string;
}

/** The longest an agent's call may take before it is abandoned (the MCP server's default bound). */
const callTimeoutMs = 60_000;

/** Registers the tool; every call ends in a text result (the JSON, or one line saying why not), never a throw. */
export function registerAgentTool<Args>(services: Services, spec: AgentToolSpec<Args>): vscode.Disposable {
  return vscode.lm.registerTool<Record<string, unknown>>(spec.name, {
    prepareInvocation: ({ input }) => ({ invocationMessage: spec.invocationMessage(input ?? {}) }),
    invoke: async ({ input }, token) => new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(await answer(services, spec, input, token))]),
  });
}

async function answer<Args>(services: Services, spec: AgentToolSpec<Args>, input: unknown, token: vscode.CancellationToken): Promise<string> {
  const cancelled = new AbortController();
  const listener = token.onCancellationRequested(() => cancelled.abort());
  const bound = AbortSignal.timeout(callTimeoutMs);
  const signal = AbortSignal.any([cancelled.signal, bound]);
  try {
    const tool = spec.tool;
    // The MCP tool's own check: one line naming the first wrong argument.
    const args = tool.input.parse(input);
    const session = sessionForAgent(services.manager);
    if (!session) throw new ToolError('No folder is open: Flag Lens answers for the folders of the workspace.');
    // The same promise the editor's first scan resolves: nothing is scanned twice.
    await raceAbort(session.start(), signal);
    const live = coreWorkspace(session);
    if (tool.needs.sources) await firstReads(live, signal);
    const workspace = withLiveSnapshots(live);
    refuseConfigErrors(workspace.problems, tool.needs);
    const result = await raceAbort(
      // The live workspace follows the files itself (watcher and open editors): nothing to mark.
      tool.run(args, { workspace, root: workspace.root, signal, logger: services.logger, markWritten: () => undefined }),
      signal,
    );
    return JSON.stringify({ folder: session.folder.name, ...result }, null, 2);
  } catch (error) {
    const message = failureText(error, bound.aborted);
    if (!(error instanceof ToolError) && !FlagLensError.is(error)) services.logger.error(error instanceof Error ? error : String(error));
    services.logger.info(`${spec.name}: ${message}`);
    return redact(`${spec.name} failed: ${message}`, services.tokens.known());
  } finally {
    listener.dispose();
  }
}

function failureText(error: unknown, timedOut: boolean): string {
  if (FlagLensError.is(error, 'cancelled')) return timedOut ? `gave up after ${callTimeoutMs / 1000} s.` : 'cancelled.';
  if (error instanceof ToolError || FlagLensError.is(error)) return describeError(error);
  return `internal error: ${describeError(error)}`;
}
