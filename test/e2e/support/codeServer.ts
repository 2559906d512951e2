import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeServerEntry, repoRoot } from './paths';

export interface CodeServerOptions {
  workspace: string;
  extensionsDir: string;
  userDataDir: string;
  port?: number;
  /** Written to `<userDataDir>/User/settings.json` before start. */
  userSettings?: Record<string, unknown>;
  log?: (line: string) => void;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Settings that keep the workbench quiet and deterministic: no walkthroughs, no update or telemetry calls. */
export const quietWorkbenchSettings = JSON.parse(readFileSync(join(repoRoot, 'scripts', 'e2e', 'workbenchSettings.json'), 'utf8')) as Record<string, unknown>;

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const port = options.port ?? (await freePort());
  mkdirSync(join(options.userDataDir, 'User'), { recursive: true });
  mkdirSync(options.extensionsDir, { recursive: true });
  // VS Code for the Web saves after a delay by default; desktop does not, and specs that need an
  // unsaved buffer (Clean Up Flag… asking to save) must behave as on the desktop.
  const settings = { ...quietWorkbenchSettings, 'files.autoSave': 'off', ...options.userSettings };
  writeFileSync(join(options.userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const args = [
    codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--extensions-dir', options.extensionsDir,
    '--user-data-dir', options.userDataDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    options.workspace,
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VSCODE_PROXY_URI: '', DONT_PROMPT_WSL_INSTALL: '1' },
    // Its own process group, so stopping it also ends the extension host and pty children it spawns.
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (output.length > 1_000_000) output = output.slice(-500_000);
    for (const line of text.split('\n')) if (line.trim()) options.log?.(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const server: CodeServer = {
    url,
    port,
    process: child,
    output: () => output,
    stop: () => stopProcess(child),
  };
  try {
    await waitForHttp(`${url}/healthz`, child, () => output, 60_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before listening:\n${output().slice(-4000)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs / 1000}s:\n${output().slice(-4000)}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  // Children that ignored SIGTERM (pty host, watchers) go with the group.
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}
