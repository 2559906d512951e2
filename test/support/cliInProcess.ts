import type { CliIo } from '../../src/cli/command';
import { runCli } from '../../src/cli/main';
import { silentLogger } from '../../src/core/log';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs one CLI invocation in this process, capturing what it prints. */
export async function runCliInProcess(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}, signal: AbortSignal = new AbortController().signal): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env, logger: silentLogger, signal };
  const started = Date.now();
  const code = await runCli(argv, io);
  return { code, stdout, stderr, ms: Date.now() - started };
}
