import { planFlagCleanupTool } from '../../mcp/tools/flagCleanup';
import type { AgentToolSpec } from './agentTool';
import { keyOf } from './inputText';

/**
 * MCP `plan_flag_cleanup`: the verified diff, never written, so no confirmation. Applying stays
 * with the user (the Remove Flag command, or the MCP server's apply_flag_cleanup).
 */
export const planCleanupAgentTool: AgentToolSpec<{ key: string; keep?: string | boolean | number | undefined; keepLiteral?: boolean | undefined }> = {
  name: 'flaglens_planCleanup',
  tool: planFlagCleanupTool,
  invocationMessage: (input) => `Planning the removal of ${keyOf(input)} (nothing is written)`,
};
