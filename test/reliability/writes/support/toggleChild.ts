/**
 * `flaglens toggle …` in its own process, as src/cli/main.ts runs it, without loading the other
 * commands (cleanup pulls in the TypeScript compiler): ten of these start in parallel.
 */
import { parseArgs } from 'node:util';
import { toggleCommand } from '../../../../src/cli/commands/toggle';
import { silentLogger } from '../../../../src/core/log';

const parsed = parseArgs({ args: process.argv.slice(2), options: toggleCommand.options, allowPositionals: true, strict: true });
toggleCommand
  .run(parsed, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.cwd(), env: {}, logger: silentLogger, signal: new AbortController().signal })
  .then((code) => (process.exitCode = code))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
