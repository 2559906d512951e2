import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../src/core/config/loadConfig';
import { silentLogger } from '../../src/core/log';
import { discoverFiles } from '../../src/core/references/discover';
import { toPosixPath } from '../../src/core/util/paths';
import { runPhase } from '../phases/runPhase';
import { bundleCli, typescriptModulePath } from './cliBundle';
import { runNodeProcess, type ProcessRun } from './processes';
import { digestOf, type RepoIndexResult, type RepoParseOnlyResult, type RepoRequest } from './repoPhases';
import { formatRepoReport, type RepoFigures } from './repoReport';
import type { CleanupPhaseResult, OpenFileResult } from './extraPhases';
import { runExtraPhase } from './extraPhaseRunner';

export interface RepoOptions {
  repo: string;
  config?: string;
  repeat: number;
  cacheDir: string;
  /** A built CLI to measure instead of bundling this checkout's. */
  cli?: string;
  /** How the report names the folder (e.g. `Unleash/unleash@ceeb5a9c…`); default: its git HEAD. */
  label?: string;
  profileDir?: string;
  /** A file to open first: time until its references are ready, and until the whole index. */
  open?: string;
  /** A flag key to clean up (plan + verification, no write), against a full `tsc --noEmit`. */
  cleanup?: string;
  /** The value kept for `cleanup`: on, off, or JSON; default on. */
  keep?: string;
  /** The tsconfig `tsc --noEmit -p` checks; default `<repo>/tsconfig.json`. */
  tsconfig?: string;
}

/** The index's own default; scripts over it are skipped by the scan, so they are left out of the floor too. */
const maxFileBytes = 1024 * 1024;

function folderLabel(root: string): string {
  try {
    return `${path.basename(root)}@${execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()}`;
  } catch {
    return `${path.basename(root)} (not a git checkout; pass --label)`;
  }
}

/** The scripts `flaglens scan` considers: the same walk, `.gitignore`, skip list, config excludes and size cap. */
async function scriptList(root: string, configFile: string | undefined): Promise<string[]> {
  const { config } = await loadConfig(root, configFile ? { file: configFile } : {});
  const discovery = await discoverFiles({ root, exclude: config.exclude, maxFileBytes, logger: silentLogger });
  return discovery.scripts.map((s) => s.file).filter((file) => fs.statSync(file).size <= maxFileBytes);
}

function cliDigest(run: ProcessRun): RepoFigures['cli'] {
  const json = JSON.parse(run.stdout) as {
    references: { key: string; file: string; line: number; column: number; confidence: string }[];
    dynamic: { file: string; line: number; column: number }[];
    stats: { filesParsed: number };
  };
  const lines = [
    ...json.references.map((r) => `${r.confidence}\t${r.key}\t${r.file}\t${r.line}:${r.column}`),
    ...json.dynamic.map((d) => `dynamic\t\t${d.file}\t${d.line}:${d.column}`),
  ].sort();
  return {
    wallMs: run.wallMs,
    cpuMs: run.cpuMs,
    maxRssMb: run.maxRssMb,
    astReferences: json.references.filter((r) => r.confidence === 'ast').length,
    textReferences: json.references.filter((r) => r.confidence !== 'ast').length,
    dynamic: json.dynamic.length,
    digest: digestOf(lines),
    filesParsed: json.stats.filesParsed,
  };
}

/** `on`/`off` as the CLI spells them, otherwise JSON, otherwise the text itself (a string variant). */
export function parseKeep(text: string | undefined): unknown {
  if (text === undefined || text === 'on') return true;
  if (text === 'off') return false;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The TypeScript of this checkout (its devDependency): the compiler a user of the repository would run. */
function tscPath(): string {
  return require.resolve('typescript/bin/tsc', { paths: [path.resolve(__dirname, '..', '..')] });
}

const typeCheckScript = path.join(__dirname, 'typeCheckProcess.cjs');

function typescriptLibPath(): string {
  return require.resolve('typescript', { paths: [path.resolve(__dirname, '..', '..')] });
}

async function measureOpenFile(root: string, configFile: string | undefined, open: string): Promise<RepoFigures['openFile']> {
  const file = toPosixPath(fs.realpathSync(path.resolve(root, open)));
  const { result, peakRssMb } = await runExtraPhase<OpenFileResult>({ phase: 'openFile', request: { root, file, ...(configFile ? { configFile } : {}) } });
  return { ...result, peakRssMb };
}

/** The cleanup in its own process, then tsc over the same tree in its own (errors or not: its time is the yardstick, unless it skipped the type-check). */
async function measureCleanup(root: string, configFile: string | undefined, key: string, keep: string | undefined, tsconfig: string | undefined, profileDir: string | undefined): Promise<RepoFigures['cleanup']> {
  const { result, peakRssMb } = await runExtraPhase<CleanupPhaseResult>({ phase: 'cleanup', request: { root, key, keep: parseKeep(keep), ...(configFile ? { configFile } : {}), ...(profileDir ? { profileDir: path.resolve(profileDir) } : {}) } });
  const project = path.resolve(root, tsconfig ?? 'tsconfig.json');
  const tsc = await runNodeProcess([tscPath(), '--noEmit', '-p', project], root, { allowFailure: true });
  const errors = tsc.stdout.split('\n').filter((line) => /error TS\d+/.test(line)).length;
  // tsc skips the type-check when the config has option or global errors (a `types` package that is
  // not installed): its time is then parse + bind, no yardstick for a cleanup that type-checks.
  const typeCheck = await runNodeProcess([typeCheckScript, typescriptLibPath(), project], root, { allowFailure: true });
  const checked = JSON.parse(typeCheck.stdout.trim().split('\n').pop() ?? '{}') as { errors?: number; stoppedTsc?: boolean };
  const fullCheck = checked.stoppedTsc === true ? { wallMs: typeCheck.wallMs, cpuMs: typeCheck.cpuMs, maxRssMb: typeCheck.maxRssMb, errors: checked.errors ?? 0 } : null;
  return {
    ...result,
    peakRssMb,
    tsc: { wallMs: tsc.wallMs, cpuMs: tsc.cpuMs, maxRssMb: tsc.maxRssMb, exitCode: tsc.exitCode, errors, tsconfig: path.relative(root, project) || project },
    fullCheck,
  };
}

const min = (values: number[]): number => Math.min(...values);
const max = (values: number[]): number => Math.max(...values);

/**
 * Real-repository mode: in one run, the cold CLI scan and a parse-only pass over the same scripts,
 * each as a whole process (start-up counts: that is what a person waits for) and in process (the
 * work alone), alternating, best of `repeat`.
 */
export async function runRepoMode(options: RepoOptions, code: string): Promise<string[]> {
  const root = toPosixPath(fs.realpathSync(path.resolve(options.repo)));
  const configFile = options.config ? toPosixPath(path.resolve(options.config)) : undefined;
  const loadStart = os.loadavg()[0] ?? 0;
  const scripts = await scriptList(root, configFile);
  fs.mkdirSync(options.cacheDir, { recursive: true });
  const listFile = path.join(options.cacheDir, `repo-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.files.json`);
  fs.writeFileSync(listFile, JSON.stringify(scripts));
  const cliFile = options.cli ? path.resolve(options.cli) : await bundleCli(options.cacheDir);
  const parseOnlyScript = path.join(__dirname, 'parseOnlyProcess.cjs');
  const cliArgs = [cliFile, 'scan', root, '--format', 'json', ...(configFile ? ['--config', configFile] : [])];
  const request: RepoRequest = { root, listFile, ...(configFile ? { configFile } : {}) };

  // The CLI keeps V8's compiled code between runs (src/cli/launcher.ts): the first run of a build on a
  // machine has none (a fresh CI runner), later ones do. Both are measured, the first once.
  const codeCacheDir = path.join(options.cacheDir, 'code-cache');
  fs.rmSync(codeCacheDir, { recursive: true, force: true });
  const cliEnv = { FLAGLENS_CACHE_DIR: codeCacheDir };
  const firstCliRun = await runNodeProcess(cliArgs, root, { env: cliEnv });
  const parseOnlyProcesses: ProcessRun[] = [];
  const cliRuns: ProcessRun[] = [];
  const cliStarts: ProcessRun[] = [];
  const typescriptStarts: ProcessRun[] = [];
  const parseOnlyRuns: (RepoParseOnlyResult & { peakRssMb: number })[] = [];
  const indexRuns: (RepoIndexResult & { peakRssMb: number })[] = [];
  for (let run = 0; run < options.repeat; run++) {
    parseOnlyProcesses.push(await runNodeProcess([parseOnlyScript, typescriptModulePath(), listFile], root));
    cliRuns.push(await runNodeProcess(cliArgs, root, { env: cliEnv }));
    // Start-up alone: what the CLI costs before it scans anything, beside Node + TypeScript.
    cliStarts.push(await runNodeProcess([cliFile, '--version'], root, { env: cliEnv }));
    typescriptStarts.push(await runNodeProcess(['-e', `require(${JSON.stringify(typescriptModulePath())})`], root));
    const parseOnly = await runPhase({ phase: 'repoParseOnly', manifestFile: '', seed: 0, repo: request });
    parseOnlyRuns.push({ ...(parseOnly.result as RepoParseOnlyResult), peakRssMb: parseOnly.peakRssMb });
    const profileDir = options.profileDir && run === 0 ? path.resolve(options.profileDir) : undefined;
    const index = await runPhase({ phase: 'repoIndex', manifestFile: '', seed: 0, repo: { ...request, ...(profileDir ? { profileDir } : {}) } });
    indexRuns.push({ ...(index.result as RepoIndexResult), peakRssMb: index.peakRssMb });
  }

  const fastestIndex = [...indexRuns].sort((a, b) => a.wallMs - b.wallMs)[0]!;
  const fastestCli = [...cliRuns].sort((a, b) => a.wallMs - b.wallMs)[0]!;
  const figures: RepoFigures = {
    root,
    label: options.label ?? folderLabel(root),
    code,
    load: { start: loadStart, end: os.loadavg()[0] ?? 0, cores: os.cpus().length },
    repeat: options.repeat,
    scripts: scripts.length,
    index: { ...fastestIndex, wallMs: fastestIndex.wallMs, cpuMs: min(indexRuns.map((r) => r.cpuMs)), peakRssMb: max(indexRuns.map((r) => r.peakRssMb)) },
    parseOnly: { ...parseOnlyRuns[0]!, ms: min(parseOnlyRuns.map((r) => r.ms)), cpuMs: min(parseOnlyRuns.map((r) => r.cpuMs)), peakRssMb: max(parseOnlyRuns.map((r) => r.peakRssMb)) },
    cli: { ...cliDigest(fastestCli), cpuMs: min(cliRuns.map((r) => r.cpuMs)), maxRssMb: max(cliRuns.map((r) => r.maxRssMb)) },
    cliFirstRun: { wallMs: firstCliRun.wallMs, cpuMs: firstCliRun.cpuMs, maxRssMb: firstCliRun.maxRssMb },
    parseOnlyProcess: { wallMs: min(parseOnlyProcesses.map((r) => r.wallMs)), cpuMs: min(parseOnlyProcesses.map((r) => r.cpuMs)), maxRssMb: max(parseOnlyProcesses.map((r) => r.maxRssMb)) },
    startup: {
      cli: { wallMs: min(cliStarts.map((r) => r.wallMs)), cpuMs: min(cliStarts.map((r) => r.cpuMs)), maxRssMb: max(cliStarts.map((r) => r.maxRssMb)) },
      typescript: { wallMs: min(typescriptStarts.map((r) => r.wallMs)), cpuMs: min(typescriptStarts.map((r) => r.cpuMs)), maxRssMb: max(typescriptStarts.map((r) => r.maxRssMb)) },
    },
    cliFile,
    openFile: options.open ? await measureOpenFile(root, configFile, options.open) : null,
    cleanup: options.cleanup ? await measureCleanup(root, configFile, options.cleanup, options.keep, options.tsconfig, options.profileDir) : null,
  };
  return formatRepoReport(figures);
}
