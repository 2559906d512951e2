import { findFlagReferencesTool } from '../../mcp/tools/findFlagReferences';
import type { AgentToolSpec } from './agentTool';
import { keyOf } from './inputText';

/** MCP `find_flag_references`: where the code evaluates a flag. */
export const findReferencesAgentTool: AgentToolSpec<{ key: string }> = {
  name: 'flaglens_findReferences',
  tool: findFlagReferencesTool,
  invocationMessage: (input) => `Finding references to ${keyOf(input)}`,
};
