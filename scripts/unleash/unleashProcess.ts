import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep, tail } from './processes';

export interface UnleashProcessOptions {
  modulePath: string;
  port: number;
  database: { host: string; port: number; user: string; password: string; database: string };
  adminToken: string;
  clientToken: string;
  logFile: string;
  startTimeoutMs?: number;
}

export interface UnleashProcess {
  readonly url: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
  /** SIGKILL without waiting, for `process.on('exit')`. */
  kill(): void;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`unleash exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${tail(readFileSync(logFile, 'utf8'))}`);
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`unleash was not healthy at ${url}/health within ${timeoutMs} ms:\n${tail(readFileSync(logFile, 'utf8'))}`);
}

/** Starts unleash-server in a child process (its own event loop, killable like a real outage). */
export async function startUnleashProcess(options: UnleashProcessOptions): Promise<UnleashProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const unleashOptions = {
    db: { ...options.database, ssl: false, pool: { min: 0, max: 4 } },
    server: { host: '127.0.0.1', port: options.port },
    authentication: {
      initApiTokens: [
        { type: 'admin', project: '*', environment: '*', secret: options.adminToken, tokenName: 'flaglens-admin' },
        { type: 'client', project: 'default', environment: 'development', secret: options.clientToken, tokenName: 'flaglens-client' },
      ],
    },
    logLevel: 'warn',
  };
  const log = openSync(options.logFile, 'a');
  const child = fork(join(__dirname, 'runUnleash.cjs'), [], {
    stdio: ['ignore', log, log, 'ipc'],
    env: {
      ...process.env,
      SEND_TELEMETRY: 'false',
      CHECK_VERSION: 'false',
      FLAGLENS_UNLEASH_MODULE: options.modulePath,
      FLAGLENS_UNLEASH_OPTIONS: JSON.stringify(unleashOptions),
    },
    // tsx's loader hooks from the parent are not needed by the plain .cjs entry.
    execArgv: [],
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const isRunning = (): boolean => child.exitCode === null && child.signalCode === null;
  try {
    await waitForHealth(url, child, options.startTimeoutMs ?? 180_000, options.logFile);
  } catch (error) {
    if (isRunning()) child.kill('SIGKILL');
    throw error;
  }
  // The IPC channel only serves "parent died"; an open channel would keep the test process alive.
  child.unref();
  child.channel?.unref();
  return {
    url,
    pid: child.pid,
    async stop() {
      if (!isRunning()) return;
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
      if (timedOut && isRunning()) {
        child.kill('SIGKILL');
        await exited;
      }
    },
    kill() {
      if (isRunning()) child.kill('SIGKILL');
    },
  };
}
