import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describeError, FlagLensError } from '../core/errors';
import { redact } from '../core/log';
import { raceAbort } from '../core/util/raceAbort';
import { catalogJson } from './catalogJson';
import { registerFlagLensTool, type ToolContext } from './flagLensTool';
import { applyFlagCleanupTool, planFlagCleanupTool } from './tools/flagCleanup';
import { findFlagReferencesTool } from './tools/findFlagReferences';
import { getFlagTool } from './tools/getFlag';
import { listFlagsTool } from './tools/listFlags';
import { listStaleFlagsTool } from './tools/listStaleFlags';
import { toggleFlagTool } from './tools/toggleFlag';
import { setRolloutTool } from './tools/setRollout';

/** Every tool, in the order a client lists them; each registers with its own argument type. */
function registerTools(server: McpServer, context: ToolContext): void {
  registerFlagLensTool(server, context, findFlagReferencesTool);
  registerFlagLensTool(server, context, getFlagTool);
  registerFlagLensTool(server, context, listFlagsTool);
  registerFlagLensTool(server, context, listStaleFlagsTool);
  registerFlagLensTool(server, context, planFlagCleanupTool);
  registerFlagLensTool(server, context, applyFlagCleanupTool);
  registerFlagLensTool(server, context, toggleFlagTool);
  registerFlagLensTool(server, context, setRolloutTool);
}

export const catalogUri = 'flaglens://flags';

const instructions = `Flag Lens answers questions about the feature flags of one folder: where the code reads each flag (find_flag_references), how each flag is set per environment (get_flag, list_flags), which flags are stale (list_stale_flags), and removes a flag from the code safely: plan_flag_cleanup shows the diff and whether the TypeScript compiler verified it, apply_flag_cleanup writes it only when verified. toggle_flag and set_rollout (the percentage of a split) change only unprotected environments. Paths are relative to the folder; lines and columns are 1-based.`;

/** The MCP server over one folder: the tools and the catalog resource, all reading the same workspace. */
export function createFlagLensServer(context: ToolContext, version: string): McpServer {
  const server = new McpServer({ name: 'flaglens', title: 'Flag Lens', version }, { instructions, capabilities: { tools: {}, resources: {} } });
  registerTools(server, context);
  server.registerResource(
    'flags',
    catalogUri,
    {
      title: 'Flag catalog',
      description: 'Every flag the folder defines or references: definitions per source and environment, reference counts and files, stale findings.',
      mimeType: 'application/json',
    },
    async (uri, extra) => {
      const signal = AbortSignal.any([extra.signal, AbortSignal.timeout(context.callTimeoutMs), context.signal]);
      try {
        const json = await raceAbort(
          context.workspace.use({ sources: true }, signal, (workspace) => Promise.resolve(catalogJson(workspace))),
          signal,
        );
        return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(json, null, 2) }] };
      } catch (error) {
        // A resource has no error result: the read fails with one line, the server goes on.
        const message = FlagLensError.is(error, 'cancelled') ? 'cancelled or over the time bound for one call' : describeError(error);
        throw new Error(redact(`Cannot read ${catalogUri}: ${message}`, context.secrets), { cause: error });
      }
    },
  );
  return server;
}
