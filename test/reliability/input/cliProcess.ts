import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../../..');

export interface CliRun {
  /** Null when the process was killed by the bound. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The bound was hit and the process killed: it hung. */
  hung: boolean;
}

/**
 * Runs the real CLI (`node --import tsx src/cli/main.ts …`) as a child process and kills it at
 * `boundMs`: a hang (a FIFO opened for reading, a wait that ignores Ctrl-C) shows up as `hung`
 * instead of hanging the suite. `onStart` gets the child to signal it.
 */
export function runCliProcess(args: string[], options: { boundMs: number; env?: NodeJS.ProcessEnv; preload?: string; onStart?: (child: ChildProcess) => void }): Promise<CliRun> {
  return runNodeProcess([...(options.preload ? ['--require', options.preload] : []), '--import', 'tsx', 'src/cli/main.ts', ...args], options);
}

/** Any `node` invocation from the repository root, bounded the same way (a script given with `--eval`, say). */
export function runNodeProcess(nodeArgs: string[], options: { boundMs: number; env?: NodeJS.ProcessEnv; onStart?: (child: ChildProcess) => void }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, {
      cwd: repo,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const bound = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, options.boundMs);
    child.on('error', (error) => {
      clearTimeout(bound);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(bound);
      resolve({ code, stdout, stderr, hung });
    });
    options.onStart?.(child);
  });
}
