import { createHash } from 'node:crypto';
import { PerformanceObserver } from 'node:perf_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { loadConfig } from '../../src/core/config/loadConfig';
import type { DynamicReference, FlagReference, IndexStats } from '../../src/core/references/model';
import { ReferenceIndex, type BuildTimings } from '../../src/core/references/referenceIndex';
import { resetTypeCheckerStats, typeCheckerStats, type TypeCheckerStats } from '../../src/core/references/checkerFallback';
import { discoverFlagdFiles } from '../../src/core/sources/flagd/discoverFlagdFiles';
import { CapturingLogger } from '../phases/indexApi';
import { collectGarbage, startClock, type PeakRss } from '../phases/memory';
import { PhaseProfiler } from '../phases/profiler';

/** What the repository phases need: the folder, its config, and the script list discovery produced. */
export interface RepoRequest {
  root: string;
  configFile?: string;
  /** JSON array of the absolute script paths the scan considers (written by the parent). */
  listFile: string;
  profileDir?: string;
}

export interface RepoIndexResult {
  /** Default flag-source discovery as `flaglens scan` runs it before the index (the walk they now share). */
  sourceDiscoveryMs: number;
  flagFiles: number;
  /** TypeScript's checker asked about receivers the declarations could not type, during the build. */
  typeChecker: TypeCheckerStats;
  /** The index build after it (its discovery reuses that walk). */
  wallMs: number;
  /** Its phases (see BuildTimings). */
  timings: BuildTimings | undefined;
  /** Garbage collection pauses during the build (V8's own accounting, main thread). */
  gcMs: number;
  gcCount: number;
  cpuMs: number;
  buildPeakRssMb: number;
  stats: IndexStats;
  astReferences: number;
  textReferences: number;
  dynamic: number;
  skipped: number;
  /** SHA-256 of the sorted (key, file, line, column) of every reference and dynamic reference. */
  digest: string;
  buildLog: string[];
}

export interface RepoParseOnlyResult {
  ms: number;
  cpuMs: number;
  files: number;
  bytes: number;
  statements: number;
}

/** One line per reference, the identity the before/after comparison uses (origin, wording and kind left out). */
export function referenceLines(root: string, references: readonly FlagReference[], dynamic: readonly DynamicReference[]): string[] {
  const rel = (file: string) => path.posix.relative(root, file);
  return [
    ...references.map((r) => `${r.confidence}\t${r.key}\t${rel(r.file)}\t${r.keySpan.startLine + 1}:${r.keySpan.startCharacter + 1}`),
    ...dynamic.map((d) => `dynamic\t\t${rel(d.file)}\t${d.span.startLine + 1}:${d.span.startCharacter + 1}`),
  ].sort();
}

export function digestOf(lines: readonly string[]): string {
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

/** The cold scan as `flaglens scan` runs it, in this process: config, discovery, prefilter, parse, analysis. */
export async function runRepoIndex(request: RepoRequest, memory: PeakRss): Promise<RepoIndexResult> {
  const logger = new CapturingLogger();
  const profiler = request.profileDir ? new PhaseProfiler(request.profileDir) : undefined;
  collectGarbage();
  const discoveryStarted = performance.now();
  const flagFiles = await discoverFlagdFiles({ root: request.root, logger });
  const sourceDiscoveryMs = performance.now() - discoveryStarted;
  const stopIndex = startClock();
  resetTypeCheckerStats();
  const build = async () => {
    const { config } = await loadConfig(request.root, request.configFile ? { file: request.configFile } : {});
    return ReferenceIndex.build({ root: request.root, config, logger });
  };
  let gcMs = 0;
  let gcCount = 0;
  const count = (entries: readonly { duration: number }[]) => {
    for (const entry of entries) {
      gcMs += entry.duration;
      gcCount++;
    }
  };
  const gcObserver = new PerformanceObserver((list) => count(list.getEntries()));
  gcObserver.observe({ entryTypes: ['gc'] });
  const index = profiler ? await profiler.profile('repo-build', build) : await build();
  const { wallMs, cpuMs } = stopIndex();
  // Entries reach the observer a few turns of the event loop late: the last pauses are taken from its buffer.
  await new Promise((resolve) => setImmediate(resolve));
  count(gcObserver.takeRecords());
  gcObserver.disconnect();
  const buildPeakRssMb = memory.peakMb();
  profiler?.dispose();
  const all = index.all();
  const dynamic = index.dynamic();
  const result: RepoIndexResult = {
    sourceDiscoveryMs,
    flagFiles: flagFiles.length,
    typeChecker: typeCheckerStats(),
    wallMs,
    timings: index.buildTimings,
    gcMs,
    gcCount,
    cpuMs,
    buildPeakRssMb,
    stats: { ...index.stats },
    astReferences: all.filter((r) => r.confidence === 'ast').length,
    textReferences: all.filter((r) => r.confidence !== 'ast').length,
    dynamic: dynamic.length,
    skipped: index.skipped.length,
    digest: digestOf(referenceLines(index.root, all, dynamic)),
    buildLog: logger.phaseLines,
  };
  index.dispose();
  return result;
}

/** The floor in this process: read and `ts.createSourceFile` every script the scan considers. */
export function runRepoParseOnly(request: RepoRequest): RepoParseOnlyResult {
  const files = JSON.parse(fs.readFileSync(request.listFile, 'utf8')) as string[];
  const stop = startClock();
  let statements = 0;
  let bytes = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    bytes += text.length;
    statements += ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKind(file)).statements.length;
  }
  const { wallMs, cpuMs } = stop();
  return { ms: wallMs, cpuMs, files: files.length, bytes, statements };
}

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.(c|m)?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}
