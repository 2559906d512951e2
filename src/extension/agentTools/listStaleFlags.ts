import type { StaleKind } from '../../core/stale/model';
import { listStaleFlagsTool } from '../../mcp/tools/listStaleFlags';
import type { AgentToolSpec } from './agentTool';

/** MCP `list_stale_flags`: the findings of `flaglens stale --format json`. */
export const listStaleFlagsAgentTool: AgentToolSpec<{ kinds?: StaleKind[] | undefined }> = {
  name: 'flaglens_listStaleFlags',
  tool: listStaleFlagsTool,
  invocationMessage: () => 'Listing stale flags',
};
