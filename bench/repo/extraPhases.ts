import * as path from 'node:path';
import { planCleanup } from '../../src/core/cleanup/planCleanup';
import { loadConfig } from '../../src/core/config/loadConfig';
import { ReferenceIndex } from '../../src/core/references/referenceIndex';
import type { Logger } from '../../src/core/log';
import { collectGarbage, startClock, type PeakRss } from '../phases/memory';
import { PhaseProfiler } from '../phases/profiler';

/** Keeps what the index and the cleanup say at debug level and above (the first `limit` lines), to explain a figure. */
class LineLogger implements Logger {
  readonly lines: string[] = [];
  constructor(private readonly wanted: RegExp, private readonly limit = 60) {}
  trace(): void {}
  debug(message: string): void {
    if (this.lines.length < this.limit && this.wanted.test(message)) this.lines.push(message.length > 400 ? `${message.slice(0, 400)}…` : message);
  }
  info(message: string): void {
    this.debug(message);
  }
  warn(message: string): void {
    this.debug(message);
  }
  error(message: string): void {
    this.debug(message);
  }
}

/** The open-file-first and cleanup measurements: each runs alone in a fresh process (extraPhaseRunner.ts). */
export interface OpenFileRequest {
  root: string;
  configFile?: string;
  /** Absolute path of the file "opened" first. */
  file: string;
}

export interface OpenFileResult {
  file: string;
  /** From the start of config + build to the file's references being readable. */
  readyMs: number;
  /** The same from the process's own start (Node, tsx and module loading included). */
  readyFromProcessStartMs: number;
  /** From the start of config + build to the whole index. */
  fullMs: number;
  fullFromProcessStartMs: number;
  /** References of the file when it became ready, and once the build was complete (they must agree). */
  referencesAtReady: number;
  referencesAtEnd: number;
  /** False when the file's readiness never came before the whole build did. */
  readyBeforeFull: boolean;
  filesParsed: number;
  /** The index's own lines about the priority file and its phases. */
  log: string[];
}

export interface CleanupPhaseRequest {
  root: string;
  configFile?: string;
  key: string;
  keep: unknown;
  /** Write a CPU profile of planCleanup here (cleanup.cpuprofile). */
  profileDir?: string;
}

export interface CleanupPhaseResult {
  key: string;
  keep: unknown;
  /** The index the cleanup needs, built first and timed apart. */
  indexMs: number;
  indexCpuMs: number;
  /** RSS right before planCleanup (the index held), and the process's peak by its end. */
  rssBeforeMb: number;
  /** planCleanup alone: plan + verification, nothing written. */
  ms: number;
  cpuMs: number;
  references: number;
  changedFiles: number;
  safe: boolean;
  problems: number;
  unresolvedPackages: number;
  /** What planCleanup logged (scope rounds, verification), to explain the time. */
  log: string[];
}

async function configOf(root: string, configFile: string | undefined) {
  return (await loadConfig(root, configFile ? { file: configFile } : {})).config;
}

export async function runOpenFile(request: OpenFileRequest): Promise<OpenFileResult> {
  const file = path.resolve(request.file);
  collectGarbage();
  const started = performance.now();
  let readyAt = NaN;
  let referencesAtReady = NaN;
  let readiness: Promise<void> = Promise.resolve();
  const config = await configOf(request.root, request.configFile);
  const logger = new LineLogger(/^(Priority file|Index(ed)? )/);
  const index = await ReferenceIndex.build({ root: request.root, config, logger }, undefined, {
    priorityFiles: [file],
    onStart: (early) => {
      readiness = early.whenFileReady(file, 10 * 60_000).then(() => {
        readyAt = performance.now();
        referencesAtReady = early.referencesIn(file).length;
      });
    },
  });
  const fullAt = performance.now();
  await readiness;
  const result: OpenFileResult = {
    file,
    readyMs: readyAt - started,
    // performance.now() counts from the process's own start (its time origin).
    readyFromProcessStartMs: readyAt,
    fullMs: fullAt - started,
    fullFromProcessStartMs: fullAt,
    referencesAtReady,
    referencesAtEnd: index.referencesIn(file).length,
    readyBeforeFull: readyAt < fullAt,
    filesParsed: index.stats.filesParsed,
    log: logger.lines,
  };
  index.dispose();
  return result;
}

export async function runCleanup(request: CleanupPhaseRequest, memory: PeakRss): Promise<CleanupPhaseResult> {
  const config = await configOf(request.root, request.configFile);
  const stopIndex = startClock();
  const index = await ReferenceIndex.build({ root: request.root, config });
  const built = stopIndex();
  collectGarbage();
  const rssBeforeMb = process.memoryUsage().rss / 1048576;
  memory.sample();
  const logger = new LineLogger(/./);
  const profiler = request.profileDir ? new PhaseProfiler(request.profileDir) : undefined;
  const stop = startClock();
  const run = () => planCleanup({ key: request.key, keep: request.keep, index, logger });
  const plan = profiler ? await profiler.profile('cleanup', run) : await run();
  const { wallMs, cpuMs } = stop();
  profiler?.dispose();
  const result: CleanupPhaseResult = {
    key: request.key,
    keep: request.keep,
    indexMs: built.wallMs,
    indexCpuMs: built.cpuMs,
    rssBeforeMb,
    ms: wallMs,
    cpuMs,
    references: index.referencesOf(request.key).length,
    changedFiles: plan.changes.length,
    safe: plan.safe,
    problems: plan.problems.length,
    unresolvedPackages: plan.unresolvedPackages?.length ?? 0,
    log: logger.lines,
  };
  index.dispose();
  return result;
}
