import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCorpus, repoRoot, type Corpus } from './corpus';
import { generateCase, type FuzzCase, type FuzzTarget } from './generateCase';
import type { WorkerMessage } from './worker';

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** Child processes running cases in parallel. */
  workers?: number;
  /** A case taking longer (twice in a row, the second time with double the limit) is a hang. */
  timeoutMs?: number;
  /** Where crashing and hanging inputs are written; nothing is saved without it. */
  saveDir?: string;
  /** Lower the workers' CPU priority (the fuzzer shares the machine). */
  niceness?: number;
  /** Only cases of this target are run (the others are skipped, not counted). */
  only?: FuzzTarget;
  onProgress?: (done: number, summary: FuzzSummary) => void;
  progressEvery?: number;
}

export interface FuzzFailure {
  kind: 'crash' | 'hang';
  fuzzCase: FuzzCase;
  detail: string;
  savedAs?: string;
}

export interface FuzzSummary {
  inputs: number;
  crashes: number;
  hangs: number;
  failures: FuzzFailure[];
  perTarget: Record<FuzzTarget, number>;
  /** Time spent in passing cases per target (worker wall clock), to keep the fuzzer's cost in view. */
  msPerTarget: Record<FuzzTarget, number>;
  durationMs: number;
}

type RunResult = { kind: 'ok'; ms: number } | { kind: 'crash'; detail: string } | { kind: 'timeout' };

const workerFile = path.join(__dirname, 'worker.ts');
const startupTimeoutMs = 120_000;
const maxSavedFiles = 500;

/** One child process; replaced after a hang or a death so the next case starts clean. */
class WorkerSlot {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private stderrTail = '';
  private nextId = 0;

  constructor(private readonly niceness: number) {}

  private start(): Promise<void> {
    const child = fork(workerFile, [], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx', '--max-old-space-size=1536'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    this.stderrTail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    });
    if (this.niceness > 0 && child.pid !== undefined) {
      try {
        os.setPriority(child.pid, this.niceness);
      } catch {
        // Not allowed here: run at normal priority.
      }
    }
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`fuzz worker did not start within ${startupTimeoutMs} ms: ${this.stderrTail}`));
      }, startupTimeoutMs);
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`fuzz worker exited during startup (${code ?? signal}): ${this.stderrTail}`));
      });
    });
  }

  private ensure(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) this.ready = this.start();
    return this.ready!;
  }

  async run(fuzzCase: FuzzCase, timeoutMs: number): Promise<RunResult> {
    await this.ensure();
    const child = this.child!;
    const id = this.nextId++;
    return new Promise<RunResult>((resolve) => {
      const done = (result: RunResult) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(result);
      };
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'result' && message.id === id) done(message.outcome.ok ? { kind: 'ok', ms: message.ms } : { kind: 'crash', detail: message.outcome.error });
        else if (message.type === 'fatal') {
          // The worker exits after a fatal error; the next case gets a fresh one.
          this.kill();
          done({ kind: 'crash', detail: `Escaped the case (uncaught in the worker): ${message.error}` });
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        const oom = /heap out of memory|Allocation failed/i.test(this.stderrTail) ? ' (out of memory)' : '';
        done({ kind: 'crash', detail: `Worker process died${oom}: exit ${code ?? signal}\n${this.stderrTail}` });
      };
      const timer = setTimeout(() => {
        this.kill();
        done({ kind: 'timeout' });
      }, timeoutMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ id, fuzzCase });
    });
  }

  kill(): void {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

function saveFailure(dir: string, failure: FuzzFailure): string {
  mkdirSync(dir, { recursive: true });
  const c = failure.fuzzCase;
  const file = path.join(dir, `${c.target}-seed${c.seed}-case${c.caseNumber}-${failure.kind}.json`);
  writeFileSync(file, JSON.stringify({ kind: failure.kind, detail: failure.detail, case: c }, null, 1));
  return file;
}

/** Runs one case the way the fuzzer does (in a worker, with the hang check). */
async function runWithHangCheck(slot: WorkerSlot, fuzzCase: FuzzCase, timeoutMs: number, timing?: (ms: number) => void): Promise<FuzzFailure | undefined> {
  let result = await slot.run(fuzzCase, timeoutMs);
  // A busy machine can stall one case; only a second, longer timeout counts as a hang.
  if (result.kind === 'timeout') result = await slot.run(fuzzCase, timeoutMs * 2);
  if (result.kind === 'timeout') return { kind: 'hang', fuzzCase, detail: `No result within ${timeoutMs} ms, then again within ${timeoutMs * 2} ms.` };
  if (result.kind === 'crash') return { kind: 'crash', fuzzCase, detail: result.detail };
  timing?.(result.ms);
  return undefined;
}

export async function runFuzz(options: FuzzOptions, corpus: Corpus = loadCorpus()): Promise<FuzzSummary> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 5000;
  const summary: FuzzSummary = { inputs: 0, crashes: 0, hangs: 0, failures: [], perTarget: { references: 0, config: 0, flagd: 0 }, msPerTarget: { references: 0, config: 0, flagd: 0 }, durationMs: 0 };
  const slots = Array.from({ length: Math.max(1, options.workers ?? 1) }, () => new WorkerSlot(options.niceness ?? 0));
  let next = 0;
  let saved = 0;
  const lane = async (slot: WorkerSlot) => {
    while (next < options.cases) {
      const caseNumber = next++;
      const fuzzCase = generateCase(corpus, options.seed, caseNumber);
      if (options.only && fuzzCase.target !== options.only) continue;
      const failure = await runWithHangCheck(slot, fuzzCase, timeoutMs, (ms) => (summary.msPerTarget[fuzzCase.target] += ms));
      summary.inputs++;
      summary.perTarget[fuzzCase.target]++;
      if (failure) {
        if (failure.kind === 'crash') summary.crashes++;
        else summary.hangs++;
        if (options.saveDir && saved < maxSavedFiles) {
          failure.savedAs = saveFailure(options.saveDir, failure);
          saved++;
        }
        summary.failures.push(failure);
      }
      if (options.onProgress && summary.inputs % (options.progressEvery ?? 250) === 0) {
        summary.durationMs = Math.round(performance.now() - started);
        options.onProgress(summary.inputs, summary);
      }
    }
  };
  try {
    await Promise.all(slots.map(lane));
  } finally {
    for (const slot of slots) slot.kill();
  }
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}

/** Runs hand-made cases the fuzzer's way, one worker, in order (regression tests). */
export async function runCasesIsolated(cases: readonly FuzzCase[], timeoutMs = 5000): Promise<(FuzzFailure | undefined)[]> {
  const slot = new WorkerSlot(0);
  try {
    const out: (FuzzFailure | undefined)[] = [];
    for (const fuzzCase of cases) out.push(await runWithHangCheck(slot, fuzzCase, timeoutMs));
    return out;
  } finally {
    slot.kill();
  }
}

/** Re-runs a saved input (the file `runFuzz` wrote, or a bare case). */
export async function replayFile(file: string, timeoutMs = 5000): Promise<{ fuzzCase: FuzzCase; failure: FuzzFailure | undefined }> {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { case?: FuzzCase } & Partial<FuzzCase>;
  const fuzzCase = (saved.case ?? saved) as FuzzCase;
  const slot = new WorkerSlot(0);
  try {
    return { fuzzCase, failure: await runWithHangCheck(slot, fuzzCase, timeoutMs) };
  } finally {
    slot.kill();
  }
}

/** The first failure, short enough for an assertion message. */
export function describeFailure(failure: FuzzFailure, maxInputChars = 1500): string {
  const c = failure.fuzzCase;
  const input = c.target === 'references' ? JSON.stringify({ files: c.files, updates: c.updates }) : c.text;
  const shown = input.length > maxInputChars ? `${input.slice(0, maxInputChars)}… (${input.length} chars)` : input;
  // A stack overflow repeats the same frames; the first ones say where.
  const detail = failure.detail.split('\n').slice(0, 16).join('\n');
  return `${failure.kind} in ${c.target} case ${c.caseNumber} (seed ${c.seed})${failure.savedAs ? `, saved as ${failure.savedAs}` : ''}\n${detail}\ninput: ${shown}`;
}
