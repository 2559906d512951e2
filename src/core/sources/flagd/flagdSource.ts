import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { EvaluationContext } from '@openfeature/core';
import { FlagLensError, describeError, throwIfAborted } from '../../errors';
import { silentLogger, type Logger } from '../../log';
import { ConcurrentChangeError, isFlagLensWorkFile, isInside, writeFileAtomically } from '../../util/atomicWrite';
import { Emitter } from '../../util/emitter';
import { withFileLock } from '../../util/fileLock';
import { FileSkippedError, readTextFile } from '../../util/textFiles';
import type { FlagSnapshot, FlagSource, RolloutRequest, SourceKind, SourceStatus, ToggleRequest, UnreleaseRequest } from '../model';
import { checkPercent } from '../rollout';
import { protectionReason } from '../protection';
import { assignEnvironments, buildFlagdSnapshot, relativePath, type FlagdFileState } from './buildFlagdSnapshot';
import { discoverFlagdFiles, flagdFileMatcher, toPosix } from './discoverFlagdFiles';
import { setFlagState } from './editFlagdFile';
import { setFlagRollout, unreleaseFlag } from './editFlagdRollout';
import { FlagdEvaluator, type FlagEvaluation } from './evaluateFlag';
import { FileSetWatcher } from './fileSetWatcher';
import { parseFlagdFile } from './parseFlagdFile';
import { ValidationCache } from './validateFlagd';
import { typedPathPattern } from '../../util/paths';

export interface FlagdSourceOptions {
  /** Workspace folder; environment names and labels are relative to it. */
  root: string;
  /** `sources.flagd.files` globs relative to the root; the default discovery when absent. */
  patterns?: string[];
  id?: string;
  logger?: Logger;
  now?: () => Date;
  protectedEnvironments?: string[];
  /** Debounce for file-change events (ms); default 150. */
  debounceMs?: number;
  /**
   * False in an untrusted workspace: only files whose real path is inside the root are read (no
   * symlink out of it), and toggles are refused. Default true.
   */
  trusted?: boolean;
  /** What default discovery found just before the source was made: the first read uses it instead of walking again. */
  initialFiles?: readonly string[];
}

/** Bigger than any hand-written flag file; a 10k-flag file is ~3 MB. */
const maxFileBytes = 32 * 1024 * 1024;
/** Another writer changed the file between our read and our rename this many times: give up. */
const maxWriteAttempts = 5;

/**
 * The embedded default source: flagd JSON files (and OpenFeature CLI manifests) in the workspace.
 * Each flagd file is one environment. Files are watched; a broken file keeps its last good state
 * and reports a problem with its line. Toggling edits the file minimally (see `setFlagState`).
 */
export class FlagdSource implements FlagSource {
  readonly kind: SourceKind = 'flagd';
  readonly id: string;
  readonly root: string;
  private readonly patterns: string[] | undefined;
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly protectedEnvironments: string[];
  private readonly trusted: boolean;
  private initialFiles: readonly string[] | undefined;
  private readonly snapshotEmitter = new Emitter<FlagSnapshot>();
  private readonly statusEmitter = new Emitter<SourceStatus>();
  readonly onDidChangeSnapshot = this.snapshotEmitter.event;
  readonly onDidChangeStatus = this.statusEmitter.event;
  private readonly watcher: FileSetWatcher;
  private files = new Map<string, FlagdFileState>();
  private readonly evaluators = new Map<string, { text: string; evaluator: FlagdEvaluator }>();
  private currentSnapshot: FlagSnapshot | undefined;
  private currentStatus: SourceStatus = { state: 'idle' };
  /** Serializes refreshes, reloads and toggles so a watcher event never races our own write. */
  private queue: Promise<unknown> = Promise.resolve();
  private started = false;
  private disposed = false;

  constructor(options: FlagdSourceOptions) {
    this.root = toPosix(path.resolve(options.root));
    this.patterns = options.patterns && options.patterns.length > 0 ? [...options.patterns] : undefined;
    this.id = options.id ?? `flagd:${this.root}`;
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? (() => new Date());
    this.protectedEnvironments = options.protectedEnvironments ?? [];
    this.trusted = options.trusted !== false;
    this.initialFiles = this.patterns === undefined ? options.initialFiles : undefined;
    const isFlagFile = flagdFileMatcher(this.patterns);
    this.watcher = new FileSetWatcher(
      (file) => void this.enqueue(() => this.reloadFile(file, true)).catch(() => undefined),
      this.logger,
      options.debounceMs,
      (file) => {
        // A new flag file next to a watched one: discover again. Elsewhere, the editor's own watcher calls refresh().
        if (!this.files.has(file) && !isFlagLensWorkFile(file) && isFlagFile(relativePath(this.root, file))) {
          this.refresh().catch((error: unknown) => this.logger.warn(`flagd: ${describeError(error)}`));
        }
      },
    );
  }

  get label(): string {
    const files = [...this.files.keys()];
    if (files.length === 1) return `flagd: ${relativePath(this.root, files[0]!)}`;
    if (files.length === 0) return `flagd: ${path.basename(this.root)}`;
    return `flagd: ${files.length} files`;
  }

  get status(): SourceStatus {
    return this.currentStatus;
  }

  get snapshot(): FlagSnapshot | undefined {
    return this.currentSnapshot;
  }

  /** The files currently read, absolute with forward slashes. */
  get trackedFiles(): string[] {
    return [...this.files.keys()];
  }

  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    this.refresh().catch((error: unknown) => this.logger.warn(`flagd: ${describeError(error)}`));
  }

  /** Re-discovers the files (new ones appear, deleted ones go) and re-reads all of them. */
  refresh(signal?: AbortSignal): Promise<FlagSnapshot> {
    if (this.disposed) return Promise.reject(new FlagLensError('cancelled', 'The flagd source is disposed.'));
    return this.enqueue(async () => {
      this.setStatus({ state: 'refreshing', lastSuccess: this.lastSuccess() });
      try {
        const initial = this.initialFiles;
        this.initialFiles = undefined;
        const discovered = initial ? [...initial] : await discoverFlagdFiles({ root: this.root, patterns: this.patterns, logger: this.logger, signal, followLinksOutside: this.trusted });
        const next = new Map<string, FlagdFileState>();
        for (const file of discovered) {
          throwIfAborted(signal);
          const state = this.files.get(file) ?? { file, environment: '', lastGood: undefined, lastGoodText: undefined, problems: [] };
          next.set(file, state);
          await this.readInto(state);
        }
        this.files = next;
        if (this.started) this.watcher.setFiles(discovered);
        return this.publish(true);
      } catch (error) {
        if (FlagLensError.is(error, 'cancelled')) {
          this.setStatus(this.currentSnapshot ? { state: 'connected', lastSuccess: this.currentSnapshot.fetchedAt } : { state: 'idle' });
          throw error;
        }
        const message = `Cannot read flagd files under ${this.root}: ${describeError(error)}`;
        this.setStatus({ state: 'offline', lastSuccess: this.lastSuccess(), message });
        throw new FlagLensError('invalidConfig', message, { cause: error });
      }
    });
  }

  async toggle(request: ToggleRequest): Promise<void> {
    await this.change(request, 'toggle', (text, label) => setFlagState(text, request.key, request.on, label), `turned '${request.key}' ${request.on ? 'on' : 'off'}`);
  }

  /** Edits the weights of the flag's on/off `fractional` split in place (see `setFlagRollout`). */
  async setRollout(request: RolloutRequest): Promise<void> {
    const percent = checkPercent(request.percent);
    await this.change(request, 'change the rollout of', (text, label) => setFlagRollout(text, request.key, percent, label), `set '${request.key}' to ${percent} % on`);
  }

  /** Serves the off variant to everyone (see `unreleaseFlag`). */
  async unrelease(request: UnreleaseRequest): Promise<void> {
    await this.change(request, 'un-release', (text, label) => unreleaseFlag(text, request.key, label), `un-released '${request.key}'`);
  }

  /** The one path every write takes: trust, protection, then the edit under the file's lock. */
  private async change(
    request: { key: string; environment: string; allowProtected?: boolean; signal?: AbortSignal },
    verb: string,
    edit: (text: string, label: string) => string,
    done: string,
  ): Promise<void> {
    if (this.disposed) throw new FlagLensError('cancelled', 'The flagd source is disposed.');
    if (!this.trusted) throw new FlagLensError('unsupported', `Flag files are read-only in an untrusted workspace; trust the workspace to ${verb} '${request.key}'.`);
    if (!this.currentSnapshot) await this.refresh(request.signal);
    const state = this.fileForEnvironment(request.environment);
    const info = this.currentSnapshot?.environments.find((e) => e.key === state.environment);
    // A file is never protected by a vendor; its `protected` flag is derived from the same rule below.
    const protection = protectionReason(state.environment, info && { ...info, protected: false }, this.protectedEnvironments);
    if (protection && !request.allowProtected) {
      throw new FlagLensError(
        'protectedEnvironment',
        `Refusing to change '${request.key}' in '${state.environment}': ${protection}. Allow protected environments explicitly to do it.`,
      );
    }
    await this.enqueue(async () => {
      throwIfAborted(request.signal);
      await this.writeState(state.file, request.signal, edit);
      this.logger.info(`flagd: ${done} in ${relativePath(this.root, state.file)}.`);
      // Immediately, not when the watcher gets round to it: the caller expects to see the change.
      await this.reloadFile(state.file, false);
    });
  }

  /**
   * Read, edit, compare-and-swap, under the file's lock so other Flag Lens processes wait their turn;
   * a change by any other writer between the read and the rename is read again and retried.
   */
  private async writeState(file: string, signal: AbortSignal | undefined, edit: (text: string, label: string) => string): Promise<void> {
    const label = relativePath(this.root, file);
    // The lock and the temp file go beside the real file; never outside the workspace.
    const [realFile, realRoot] = await Promise.all([fs.realpath(file), fs.realpath(this.root)]);
    if (!isInside(realRoot, realFile)) {
      throw new FlagLensError('unsupported', `${label} is a link to ${realFile}, outside ${this.root}; Flag Lens does not write there.`, { file });
    }
    await withFileLock(
      realFile,
      async () => {
        for (let attempt = 1; ; attempt++) {
          const text = await readTextFile(realFile, { maxBytes: maxFileBytes, signal });
          const next = edit(text, label);
          if (next === text) return;
          try {
            await writeFileAtomically(file, next, text, { root: this.root, signal, logger: this.logger });
            return;
          } catch (error) {
            if (!(error instanceof ConcurrentChangeError) || attempt >= maxWriteAttempts) throw error;
            await delay(10 + Math.floor(Math.random() * 40));
          }
        }
      },
      { signal },
    );
  }

  /**
   * "What does this context get?" by flagd's own evaluator, for hovers. Without an environment,
   * the first file that defines the key answers.
   */
  evaluate(key: string, context: EvaluationContext = {}, environment?: string): (FlagEvaluation & { environment: string }) | undefined {
    for (const state of this.files.values()) {
      if (environment !== undefined && state.environment !== environment) continue;
      if (state.lastGood?.kind !== 'flagd' || !state.lastGoodText) continue;
      if (!state.lastGood.flags.some((f) => f.key === key)) continue;
      let cached = this.evaluators.get(state.file);
      if (!cached || cached.text !== state.lastGoodText) {
        try {
          cached = { text: state.lastGoodText, evaluator: new FlagdEvaluator(state.lastGoodText) };
        } catch (error) {
          // The file parsed, so this is flagd-core refusing it: an evaluation error, never a crash of the source.
          return { key, value: undefined, reason: 'ERROR', errorCode: 'PARSE_ERROR', errorMessage: describeError(error), environment: state.environment };
        }
        this.evaluators.set(state.file, cached);
      }
      return { ...cached.evaluator.evaluate(key, context), environment: state.environment };
    }
    return undefined;
  }

  /** The file that is environment `environment` (its name, or its path relative to the root). */
  fileOf(environment: string): string | undefined {
    try {
      return this.fileForEnvironment(environment).file;
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.watcher.dispose();
    this.snapshotEmitter.dispose();
    this.statusEmitter.dispose();
  }

  private fileForEnvironment(environment: string): FlagdFileState {
    const candidates = [...this.files.values()].filter((s) => s.lastGood?.kind === 'flagd' || s.problems.length > 0);
    const match =
      candidates.find((s) => s.environment === environment) ??
      candidates.find((s) => relativePath(this.root, s.file) === typedPathPattern(environment)) ??
      candidates.find((s) => s.file === toPosix(path.resolve(this.root, environment)));
    if (!match) {
      const known = candidates.map((s) => s.environment).join(', ') || 'none';
      throw new FlagLensError('notFound', `No flagd file is environment '${environment}' (known: ${known}).`);
    }
    return match;
  }

  private async reloadFile(file: string, fromWatcher: boolean): Promise<void> {
    if (this.disposed) return;
    let state = this.files.get(file);
    if (!state) {
      // A watched folder can report files we do not track; only ours matter.
      return;
    }
    const before = state.lastGoodText;
    const problemsBefore = JSON.stringify(state.problems);
    const exists = await this.readInto(state);
    if (!exists) {
      if (fromWatcher) {
        // Editors that save by rename leave a short gap; look again before declaring the file gone.
        await delay(300);
        state = this.files.get(file);
        if (!state || (await this.readInto(state))) {
          if (state) this.publish(false);
          return;
        }
      }
      this.files.delete(file);
      this.evaluators.delete(file);
      this.watcher.setFiles([...this.files.keys()]);
      this.logger.info(`flagd: ${relativePath(this.root, file)} was removed.`);
      this.publish(true);
      return;
    }
    if (state.lastGoodText === before && JSON.stringify(state.problems) === problemsBefore) return;
    this.publish(true);
  }

  /** Reads and parses one file into its state; false when the file is gone. Broken files keep `lastGood`. */
  private async readInto(state: FlagdFileState): Promise<boolean> {
    let text: string;
    try {
      text = await readTextFile(state.file, { maxBytes: maxFileBytes });
    } catch (error) {
      if (FlagLensError.is(error, 'notFound')) return false;
      const message = error instanceof FileSkippedError ? `File ${error.detail.replace(/; skipped\.$/, '')}; not read.` : `Cannot read file: ${describeError(error)}`;
      state.problems = [{ file: state.file, line: 0, character: 0, message }];
      return true;
    }
    if (text === state.lastGoodText) {
      state.problems = state.lastGood?.problems ?? [];
      return true;
    }
    const requireFlagd = /\.flagd\.json$/i.test(state.file) || this.patterns !== undefined;
    state.validation ??= new ValidationCache();
    // parseFlagdFile reports problems instead of throwing; should it throw anyway, the other files must still load.
    const outcome = await parseFlagdFile(state.file, text.replace(/^\uFEFF/, ''), { requireFlagd, cache: state.validation }).catch(
      (error: unknown): Awaited<ReturnType<typeof parseFlagdFile>> => ({ parsed: undefined, problems: [{ file: state.file, line: 0, character: 0, severity: 'error', message: `Cannot read this flag file: ${describeError(error)}` }] }),
    );
    if (outcome.parsed) {
      state.lastGood = outcome.parsed;
      state.lastGoodText = text.replace(/^\uFEFF/, '');
      state.problems = outcome.problems;
    } else {
      state.problems = outcome.problems;
      const kept = state.lastGood ? ' Showing its last good state.' : '';
      for (const problem of outcome.problems) {
        this.logger.warn(`flagd: ${relativePath(this.root, state.file)}:${(problem.line ?? 0) + 1}:${(problem.character ?? 0) + 1}: ${problem.message}${kept}`);
      }
    }
    return true;
  }

  private publish(fire: boolean): FlagSnapshot {
    const states = [...this.files.values()];
    assignEnvironments(this.root, states);
    const snapshot = buildFlagdSnapshot({
      sourceId: this.id,
      root: this.root,
      files: states,
      fetchedAt: this.now(),
      protectedEnvironments: this.protectedEnvironments,
    });
    this.currentSnapshot = snapshot;
    if (this.patterns && states.length === 0) {
      this.setStatus({ state: 'misconfigured', message: `No flagd files match ${this.patterns.join(', ')} under ${this.root}.` });
    } else {
      this.setStatus({ state: 'connected', lastSuccess: snapshot.fetchedAt });
    }
    if (fire) this.snapshotEmitter.fire(snapshot);
    return snapshot;
  }

  private lastSuccess(): Date | undefined {
    return this.currentSnapshot?.fetchedAt;
  }

  private setStatus(status: SourceStatus): void {
    if (this.disposed) return;
    this.currentStatus = status;
    this.statusEmitter.fire(status);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
