import * as vscode from 'vscode';
import { mcpProviderId, mcpServerSpecs } from './mcpServerDefinitions';

/**
 * The slice of VS Code 1.101's MCP API used here. The engine is ^1.96 and so are the typings: the
 * API is looked up at run time and typed by this interface, so an older VS Code just goes without.
 */
interface McpApi {
  registerMcpServerDefinitionProvider(
    id: string,
    provider: { onDidChangeMcpServerDefinitions: vscode.Event<void>; provideMcpServerDefinitions(token: vscode.CancellationToken): McpStdioServerDefinition[] },
  ): vscode.Disposable;
}
interface McpStdioServerDefinition {
  cwd?: vscode.Uri;
}
type McpStdioServerDefinitionClass = new (label: string, command: string, args: string[], env: Record<string, string>, version: string) => McpStdioServerDefinition;

/** Offers `flaglens mcp` for each folder to VS Code's MCP support (1.101+); nothing on older versions. */
export function registerMcpServerProvider(context: vscode.ExtensionContext): vscode.Disposable {
  const lm = vscode.lm as Partial<McpApi>;
  const definitionClass = (vscode as unknown as { McpStdioServerDefinition?: McpStdioServerDefinitionClass }).McpStdioServerDefinition;
  if (typeof lm.registerMcpServerDefinitionProvider !== 'function' || typeof definitionClass !== 'function') return new vscode.Disposable(() => undefined);
  const changed = new vscode.EventEmitter<void>();
  const version = String(context.extension.packageJSON.version);
  let provider: vscode.Disposable;
  try {
    provider = registerProvider(lm as McpApi, definitionClass, context, changed, version);
  } catch {
    // VS Code 1.100 has the function but wants another contribution point: Flag Lens must still activate.
    changed.dispose();
    return new vscode.Disposable(() => undefined);
  }
  return vscode.Disposable.from(provider, changed, vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()));
}

function registerProvider(lm: McpApi, definitionClass: McpStdioServerDefinitionClass, context: vscode.ExtensionContext, changed: vscode.EventEmitter<void>, version: string): vscode.Disposable {
  return lm.registerMcpServerDefinitionProvider(mcpProviderId, {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () =>
      mcpServerSpecs({
        extensionPath: context.extensionPath,
        execPath: process.execPath,
        version,
        folders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ name: f.name, fsPath: f.uri.fsPath })),
      }).map((spec) => {
        const definition = new definitionClass(spec.label, spec.command, spec.args, spec.env, version);
        definition.cwd = vscode.Uri.file(spec.cwd);
        return definition;
      }),
  });
}
