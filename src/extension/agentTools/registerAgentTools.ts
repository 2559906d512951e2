import * as vscode from 'vscode';
import type { Services } from '../services';
import { registerAgentTool } from './agentTool';
import { findReferencesAgentTool } from './findReferences';
import { getFlagAgentTool } from './getFlag';
import { listStaleFlagsAgentTool } from './listStaleFlags';
import { registerMcpServerProvider } from './mcpServerProvider';
import { planCleanupAgentTool } from './planCleanup';

/** The MCP server's read-only tools for agents inside VS Code, and the server itself where VS Code can start it. */
export function registerAgentTools(services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    registerAgentTool(services, findReferencesAgentTool),
    registerAgentTool(services, getFlagAgentTool),
    registerAgentTool(services, listStaleFlagsAgentTool),
    registerAgentTool(services, planCleanupAgentTool),
    registerMcpServerProvider(services.context, services.logger),
  );
}
