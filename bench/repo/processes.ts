import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ProcessRun {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  stdout: string;
  exitCode: number | null;
}

const usagePreload = path.join(__dirname, 'usagePreload.cjs');

/**
 * Runs `node <args>` as a fresh process and times it from spawn to exit: start-up, module loading
 * and the work, as a person at a terminal waits for it. Its own CPU and peak RSS come from the
 * process itself (usagePreload.cjs), not from sampling it. `allowFailure`: a non-zero exit is a
 * result, not an error (tsc over a tree without its node_modules reports errors and exits 2).
 * `env` adds to (or overrides) this process's environment.
 */
export function runNodeProcess(args: readonly string[], cwd: string, options: { allowFailure?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<ProcessRun> {
  const usageFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'flaglens-bench-usage-')), 'usage.json');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', usagePreload, ...args], {
      cwd,
      env: { ...process.env, ...options.env, FLAGLENS_BENCH_USAGE: usageFile, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const wallMs = performance.now() - started;
      let usage = { userMs: NaN, systemMs: NaN, maxRssMb: NaN };
      try {
        usage = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as typeof usage;
      } catch {
        // The process died before its exit handler ran: the figures stay NaN and the exit code says why.
      }
      fs.rmSync(path.dirname(usageFile), { recursive: true, force: true });
      if (exitCode !== 0 && !options.allowFailure) {
        reject(new Error(`node ${args.join(' ')} exited with ${exitCode}:\n${Buffer.concat(err).toString('utf8').slice(0, 2000)}`));
        return;
      }
      resolve({ wallMs, cpuMs: usage.userMs + usage.systemMs, maxRssMb: usage.maxRssMb, stdout: Buffer.concat(out).toString('utf8'), exitCode });
    });
  });
}
