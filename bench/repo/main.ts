import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { toPosixPath } from '../../src/core/util/paths';
import { formatCleanupMemory, type CleanupMemoryResult } from './cleanupMemory';
import { runExtraPhase } from './extraPhaseRunner';
import { parseKeep, runRepoMode } from './repoMode';

const usage = `node --expose-gc --import tsx bench/repo/main.ts --repo DIR [--config FILE] [--label TEXT] [--cli FILE] [--repeat N] [--profile DIR]
    [--open FILE] [--cleanup KEY [--keep on|off|JSON] [--tsconfig FILE]] [--cache-dir DIR]
  --open FILE      open-file-first: time until FILE's references are ready (ReferenceIndex.build with priorityFiles), and the full index
  --cleanup KEY    plan + verify the cleanup of flag KEY (nothing written) vs tsc --noEmit -p <tsconfig> of the same tree
  --keep VALUE     the value kept for --cleanup (default on)
  --tsconfig FILE  relative to DIR (default tsconfig.json)
  --cleanups N     only this: plan the --cleanup KEY cleanup N times in one process with one index kept alive (as the
                   extension does), heap and RSS after a full GC at runs 1, 10, 25, 50 and N, and the slope
  --heap-snapshots DIR  with --cleanups: heap snapshots after the first and the last run`;

/** Real-repository mode on its own, with every option (bench/index.ts forwards --repo here once it knows the new ones). */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      repo: { type: 'string' },
      config: { type: 'string' },
      label: { type: 'string' },
      cli: { type: 'string' },
      repeat: { type: 'string' },
      profile: { type: 'string' },
      open: { type: 'string' },
      cleanup: { type: 'string' },
      keep: { type: 'string' },
      tsconfig: { type: 'string' },
      cleanups: { type: 'string' },
      'heap-snapshots': { type: 'string' },
      'cache-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || values.repo === undefined) {
    console.log(usage);
    return;
  }
  if (values.cleanups !== undefined) {
    const runs = Number(values.cleanups);
    if (!Number.isInteger(runs) || runs <= 0 || values.cleanup === undefined) throw new Error('--cleanups N needs a positive N and --cleanup KEY');
    const root = toPosixPath(fs.realpathSync(path.resolve(values.repo)));
    const { result } = await runExtraPhase<CleanupMemoryResult>({
      phase: 'cleanups',
      request: {
        root,
        key: values.cleanup,
        keep: parseKeep(values.keep),
        runs,
        ...(values.config !== undefined ? { configFile: toPosixPath(path.resolve(values.config)) } : {}),
        ...(values['heap-snapshots'] !== undefined ? { heapSnapshotDir: path.resolve(values['heap-snapshots']) } : {}),
      },
    });
    console.log(formatCleanupMemory(result).join('\n'));
    return;
  }
  const repeat = Number(values.repeat ?? '3');
  if (!Number.isInteger(repeat) || repeat <= 0) throw new Error(`--repeat must be a positive integer, got '${values.repeat}'`);
  const lines = await runRepoMode(
    {
      repo: values.repo,
      repeat,
      cacheDir: path.resolve(values['cache-dir'] ?? path.join(os.tmpdir(), 'flaglens-bench')),
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
}

function codeVersion(): string {
  const repoRoot = path.resolve(__dirname, '..', '..');
  const git = (...args: string[]) => execFileSync('git', ['-C', repoRoot, ...args], { encoding: 'utf8' }).trim();
  try {
    const dirty = git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).length;
    return `${git('rev-parse', '--short', 'HEAD')}${dirty > 0 ? ` + ${dirty} uncommitted file(s) in src/` : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
