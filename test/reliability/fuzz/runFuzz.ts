import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './corpus';
import type { FuzzTarget } from './generateCase';
import { describeFailure, replayFile, runFuzz } from './runner';

/**
 * `npm run fuzz -- --seed 1 --cases 10000 [--workers 2] [--timeout 5000] [--only references]`
 * `npm run fuzz -- --replay .cache/fuzz/<file>.json`
 * Progress goes to stderr; stdout gets exactly one line: `N inputs, N crashes, N hangs`.
 */
const usage = 'Usage: npm run fuzz -- [--seed N] [--cases N] [--workers N] [--timeout ms] [--only references|config|flagd] [--replay file…]';

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer. ${usage}`);
  return n;
}

async function replay(files: string[], timeoutMs: number): Promise<number> {
  let crashes = 0;
  let hangs = 0;
  for (const file of files) {
    const { fuzzCase, failure } = await replayFile(file, timeoutMs);
    if (failure) {
      if (failure.kind === 'crash') crashes++;
      else hangs++;
      process.stderr.write(`${file}: ${describeFailure(failure, 300)}\n`);
    } else process.stderr.write(`${file}: ${fuzzCase.target} case ${fuzzCase.caseNumber} passes now\n`);
  }
  process.stdout.write(`${files.length} inputs, ${crashes} crashes, ${hangs} hangs\n`);
  return crashes + hangs > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      seed: { type: 'string' },
      cases: { type: 'string' },
      workers: { type: 'string' },
      timeout: { type: 'string' },
      only: { type: 'string' },
      replay: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const timeoutMs = numberOption(values.timeout, 'timeout', 5000);
  if (values.replay) return replay(positionals, timeoutMs);
  if (positionals.length > 0) throw new Error(`Unexpected argument '${positionals[0]}'. ${usage}`);
  const only = values.only as FuzzTarget | undefined;
  if (only !== undefined && !['references', 'config', 'flagd'].includes(only)) throw new Error(`--only must be references, config or flagd. ${usage}`);
  const seed = numberOption(values.seed, 'seed', 1);
  const cases = numberOption(values.cases, 'cases', 10_000);
  const saveDir = path.join(repoRoot, '.cache/fuzz');
  const summary = await runFuzz({
    seed,
    cases,
    workers: numberOption(values.workers, 'workers', 2),
    timeoutMs,
    saveDir,
    niceness: 10,
    ...(only ? { only } : {}),
    progressEvery: 250,
    onProgress: (done, s) => {
      const targets = Object.entries(s.perTarget).map(([t, n]) => `${t} ${n} in ${Math.round(s.msPerTarget[t as FuzzTarget] / 1000)} s`).join(', ');
      process.stderr.write(`[fuzz] ${done}/${cases} (${targets}): ${s.crashes} crashes, ${s.hangs} hangs, ${Math.round(s.durationMs / 1000)} s\n`);
    },
  });
  const signatures = new Map<string, { count: number; example: string }>();
  for (const failure of summary.failures) {
    // Group by the error and the first frame in our own code (a stack overflow's top frames are the library's).
    const lines = failure.detail.split('\n');
    const ours = lines.find((line) => /\/src\/|\/test\/reliability\/fuzz\//.test(line) && !/node_modules/.test(line));
    const firstLines = [lines[0], ours ?? lines[1]].filter(Boolean).join(' |').slice(0, 240);
    const key = `${failure.kind} ${failure.fuzzCase.target}: ${firstLines}`;
    const entry = signatures.get(key) ?? { count: 0, example: failure.savedAs ?? `case ${failure.fuzzCase.caseNumber}` };
    entry.count++;
    signatures.set(key, entry);
  }
  for (const [signature, { count, example }] of signatures) process.stderr.write(`[fuzz] ${count}× ${signature}\n        e.g. ${example}\n`);
  process.stderr.write(`[fuzz] seed ${seed}, ${Math.round(summary.durationMs / 1000)} s\n`);
  process.stdout.write(`${summary.inputs} inputs, ${summary.crashes} crashes, ${summary.hangs} hangs\n`);
  return summary.crashes + summary.hangs > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
