import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { generateCorpus } from './generateCorpus';
import type { FlagdResult } from './phases/flagdPhase';
import type { IndexResult } from './phases/indexPhase';
import type { NaiveResult } from './phases/naivePhase';
import type { ParseOnlyResult } from './phases/parseOnlyPhase';
import type { PhaseRequest } from './phases/phaseRunner';
import { bestIndex, bestParseOnly } from './phases/combine';
import { runPhase } from './phases/runPhase';
import { formatReport } from './report';
import { runRepoMode } from './repo/repoMode';

const defaultNaiveSample = 1000;

const usage = `npm run bench -- [--files N] [--seed N] [--naive-sample N] [--no-naive] [--edits N] [--cache-dir DIR] [--profile DIR] [--repeat N]
npm run bench -- --repo DIR [--config FILE] [--label TEXT] [--cli FILE] [--repeat N] [--profile DIR] [--open FILE] [--cleanup KEY [--keep on|off|JSON] [--tsconfig FILE]]
  --files         TS/TSX files in the synthetic monorepo (default 5000, ~300 lines each)
  --seed          corpus seed (default 42); the corpus is cached per files+seed
  --naive-sample  run the naive ts-morph pass over N files spread over the corpus and extrapolate linearly
                  (default ${defaultNaiveSample}; pass the file count to run it over every file)
  --no-naive      skip the naive pass
  --edits         single-file re-index edits (default 100)
  --repeat N      run parse-only and index N times, alternating, and keep the best time of each (default 3)
  --profile DIR   write CPU profiles of the index build and the re-index loop to DIR/{build,reindex}.cpuprofile
                  (summarize: node --import tsx bench/profileSummary.ts DIR/build.cpuprofile)
  --repo DIR      real-repository mode: the cold CLI scan of DIR vs a parse-only pass over the same scripts,
                  whole processes and in process (see bench/README.md)
  --config FILE   with --repo: the config the scan uses (default DIR/.flaglens.json)
  --label TEXT    with --repo: how the report names DIR, e.g. owner/name@commit (default: its git HEAD)
  --cli FILE      with --repo: measure this built CLI instead of bundling this checkout's src/cli/main.ts
  --open FILE     with --repo: time until FILE's references are ready (open file first) and the full index
  --cleanup KEY   with --repo: plan + verify the cleanup of KEY (no write) vs tsc --noEmit -p <tsconfig>
  --keep VALUE    with --cleanup: on, off or JSON (default on)
  --tsconfig FILE with --cleanup: relative to DIR (default tsconfig.json)`;

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive integer, got '${value}'`);
  return parsed;
}

/** Which code was measured: the commit, and whether `src/` had uncommitted changes (a shared checkout often does). */
function codeVersion(): string {
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: path.join(__dirname, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).length;
    return `${git('rev-parse', '--short', 'HEAD')}${dirty > 0 ? ` + ${dirty} uncommitted file(s) in src/` : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      files: { type: 'string' },
      seed: { type: 'string' },
      'naive-sample': { type: 'string' },
      'no-naive': { type: 'boolean' },
      edits: { type: 'string' },
      'cache-dir': { type: 'string' },
      profile: { type: 'string' },
      repeat: { type: 'string' },
      repo: { type: 'string' },
      config: { type: 'string' },
      label: { type: 'string' },
      cli: { type: 'string' },
      open: { type: 'string' },
      cleanup: { type: 'string' },
      keep: { type: 'string' },
      tsconfig: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  if (values.repo !== undefined) {
    const cacheDir = path.resolve(values['cache-dir'] ?? path.join(os.tmpdir(), 'flaglens-bench'));
    const lines = await runRepoMode(
      {
        repo: values.repo,
        repeat: positiveInt(values.repeat, 'repeat', 3),
        cacheDir,
        ...(values.config !== undefined ? { config: values.config } : {}),
        ...(values.cli !== undefined ? { cli: values.cli } : {}),
        ...(values.label !== undefined ? { label: values.label } : {}),
        ...(values.profile !== undefined ? { profileDir: values.profile } : {}),
        ...(values.open !== undefined ? { open: values.open } : {}),
        ...(values.cleanup !== undefined ? { cleanup: values.cleanup } : {}),
        ...(values.keep !== undefined ? { keep: values.keep } : {}),
        ...(values.tsconfig !== undefined ? { tsconfig: values.tsconfig } : {}),
      },
      codeVersion(),
    );
    console.log(lines.join('\n'));
    return;
  }
  const files = positiveInt(values.files, 'files', 5000);
  const seed = positiveInt(values.seed, 'seed', 42);
  // Over ~1000 files the naive pass takes minutes and gigabytes (5000 files: ~95 s CPU, 5 GB RSS), so it is
  // sampled by default; its cost per file only grows with project size, so the extrapolation flatters it.
  const naiveSample = positiveInt(values['naive-sample'], 'naive-sample', Math.min(files, defaultNaiveSample));
  const cacheDir = path.resolve(values['cache-dir'] ?? path.join(os.tmpdir(), 'flaglens-bench'));

  const started = performance.now();
  const loadStart = os.loadavg()[0] ?? 0;
  const { manifest, manifestFile, reused: reusedCorpus } = generateCorpus({ files, seed, cacheDir });
  const base: Omit<PhaseRequest, 'phase'> = { manifestFile, seed, naiveSample, edits: positiveInt(values.edits, 'edits', 100) };

  // Each phase runs in its own process: its time is cold and its peak RSS is its own. Naive runs last.
  // Best of three by default: on a shared 2-core machine a single cold run is easily doubled by other processes.
  const repeat = positiveInt(values.repeat, 'repeat', 3);
  const parseOnlyRuns: (ParseOnlyResult & { peakRssMb: number })[] = [];
  const indexRuns: (IndexResult & { peakRssMb: number })[] = [];
  for (let run = 0; run < repeat; run++) {
    const parseOnly = await runPhase({ ...base, phase: 'parseOnly' });
    parseOnlyRuns.push({ ...(parseOnly.result as ParseOnlyResult), peakRssMb: parseOnly.peakRssMb });
    const index = await runPhase({ ...base, phase: 'index', ...(values.profile && run === 0 ? { profileDir: path.resolve(values.profile) } : {}) });
    indexRuns.push({ ...(index.result as IndexResult), peakRssMb: index.peakRssMb });
  }
  const flagd = await runPhase({ ...base, phase: 'flagd' });
  const naive = values['no-naive'] ? undefined : await runPhase({ ...base, phase: 'naive' }, ['--max-old-space-size=16384']);

  const lines = formatReport({
    manifest,
    reusedCorpus,
    code: codeVersion(),
    load: { start: loadStart, end: os.loadavg()[0] ?? 0, cores: os.cpus().length },
    repeat,
    parseOnly: bestParseOnly(parseOnlyRuns),
    index: bestIndex(indexRuns),
    naive: naive ? { ...(naive.result as NaiveResult), peakRssMb: naive.peakRssMb } : undefined,
    flagd: flagd.result as FlagdResult,
  });
  lines.splice(lines.length - 1, 0, `bench wall time ${((performance.now() - started) / 1000).toFixed(1)} s`, '');
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
});
