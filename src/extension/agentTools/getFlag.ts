import { getFlagTool } from '../../mcp/tools/getFlag';
import type { AgentToolSpec } from './agentTool';
import { keyOf } from './inputText';

/** MCP `get_flag`: one flag per source and environment, with its stale findings. */
export const getFlagAgentTool: AgentToolSpec<{ key: string }> = {
  name: 'flaglens_getFlag',
  tool: getFlagTool,
  invocationMessage: (input) => `Reading flag ${keyOf(input)}`,
};
