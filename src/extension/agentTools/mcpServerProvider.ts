import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/log';
import { isAtLeast, mcpProviderId, mcpServerSpecs } from './mcpServerDefinitions';

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

/** The first VS Code whose MCP provider API is final (1.100 has a preview that wants another contribution point). */
const firstStableVersion = [1, 101];

/** Offers `flaglens mcp` for each folder to VS Code's MCP support (1.101+); nothing on older versions. */
export function registerMcpServerProvider(context: vscode.ExtensionContext, logger: Logger): vscode.Disposable {
  const lm = vscode.lm as Partial<McpApi>;
  const definitionClass = (vscode as unknown as { McpStdioServerDefinition?: McpStdioServerDefinitionClass }).McpStdioServerDefinition;
  const none = new vscode.Disposable(() => undefined);
  if (!isAtLeast(vscode.version, firstStableVersion) || typeof lm.registerMcpServerDefinitionProvider !== 'function' || typeof definitionClass !== 'function') return none;
  const changed = new vscode.EventEmitter<void>();
  const version = String(context.extension.packageJSON.version);
  try {
    const provider = lm.registerMcpServerDefinitionProvider(mcpProviderId, {
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
    return vscode.Disposable.from(provider, changed, vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()));
  } catch (error) {
    // An API of another shape than the one typed here must not cost the editor its flags.
    changed.dispose();
    logger.warn(`The MCP server was not offered to VS Code: ${describeError(error)}`);
    return none;
  }
}
