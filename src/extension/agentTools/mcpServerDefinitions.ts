import * as path from 'node:path';

/** The id in package.json `contributes.mcpServerDefinitionProviders`. */
export const mcpProviderId = 'flaglens.mcpServers';

/** What VS Code needs to start one stdio MCP server (the fields of 1.101's `McpStdioServerDefinition`). */
export interface McpStdioServerSpec {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface McpServerInputs {
  /** The installed extension's folder (`context.extensionPath`): dist/cli.js ships inside it. */
  extensionPath: string;
  /** The runtime running the extension host (`process.execPath`). */
  execPath: string;
  /** The extension's version: VS Code restarts a server whose version changed. */
  version: string;
  folders: readonly { name: string; fsPath: string }[];
}

/**
 * One `flaglens mcp <folder>` per workspace folder, run by the bundled CLI of this very extension
 * (no global install, the same version as the editor's Flag Lens).
 *
 * Node: no `node` on PATH is assumed (a desktop install often has none). The extension host's own
 * runtime is used: in desktop VS Code `process.execPath` is the Electron binary, which runs as plain
 * Node when ELECTRON_RUN_AS_NODE=1; in code-server and remote hosts it is Node itself, where the
 * variable is ignored. Either way it is a Node version the extension already runs on.
 */
export function mcpServerSpecs(inputs: McpServerInputs): McpStdioServerSpec[] {
  const cli = path.join(inputs.extensionPath, 'dist', 'cli.js');
  const many = inputs.folders.length > 1;
  return inputs.folders.map((folder) => ({
    label: many ? `Flag Lens: ${folder.name}` : 'Flag Lens',
    command: inputs.execPath,
    args: [cli, 'mcp', folder.fsPath],
    env: { ELECTRON_RUN_AS_NODE: '1' },
    cwd: folder.fsPath,
  }));
}

/** `1.101.0-insider` against [1, 101]. */
export function isAtLeast(version: string, [major, minor]: readonly number[]): boolean {
  const [m = 0, n = 0] = version.split(/[.-]/).map((part) => Number.parseInt(part, 10));
  return m > major! || (m === major && n >= minor!);
}
