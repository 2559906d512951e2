import { FlagLensError, describeError } from '../errors';
import { redact, silentLogger, type Logger } from '../log';
import { Emitter } from '../util/emitter';
import { formatMs } from './http';
import type { SnapshotCache } from './snapshotCache';
import { clampServerDelay, deadlinePassed, editorWaitLimits, maxTimerDelayMs, signalWithDeadline, totalWaitExceeded, type WaitLimits } from './waitLimits';
import type { FlagSnapshot, FlagSource, RolloutRequest, SourceKind, SourceStatus, ToggleRequest, UnreleaseRequest } from './model';
import { checkPercent, refuseProtected } from './rollout';
import { protectionReason } from './protection';
import { raceAbort } from '../util/raceAbort';

// Kept here for the modules that import them from the poller.

/** Injectable so tests drive polling with a fake clock instead of sleeping. */
export interface SourceTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: SourceTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // Polling must never keep a CLI process alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface PollingSourceOptions {
  id: string;
  kind: SourceKind;
  label: string;
  pollIntervalMs: number;
  cache?: SnapshotCache;
  logger?: Logger;
  now?: () => Date;
  protectedEnvironments?: string[];
  timers?: SourceTimers;
  /** 0 ≤ x < 1; jitter and backoff spread. */
  random?: () => number;
  /** First retry delay after a failure; doubles per consecutive failure. Default 5 s. */
  initialBackoffMs?: number;
  /** Cap for the backoff (and the delay after auth/config errors). Default 5 min. */
  maxBackoffMs?: number;
  /** Secrets to scrub from every log line this source writes. */
  secrets?: string[];
  /** Bounds on server-chosen delays and on one refresh; default `editorWaitLimits` (the CLI passes `cliWaitLimits`). */
  waits?: WaitLimits;
}

/** One refresh in progress; a poll's may be superseded by a refresh someone asked for. */
interface RefreshRun {
  promise: Promise<FlagSnapshot>;
  controller: AbortController;
  fromPoll: boolean;
}

const defaultInitialBackoffMs = 5_000;
const defaultMaxBackoffMs = 5 * 60_000;
/** ±10 %: enough to keep many editors from polling in lockstep. */
const jitterRatio = 0.1;

/**
 * Everything a remote source shares: status transitions, change events, the last good snapshot
 * (kept on failure, cached on disk), jittered polling with exponential backoff that honors the
 * server's Retry-After, the protected-environment guard on toggles, and cancellation on dispose.
 * Vendors implement only `fetchSnapshot` and `applyToggle`.
 */
export abstract class PollingSource implements FlagSource {
  readonly id: string;
  readonly kind: SourceKind;
  readonly label: string;
  readonly pollIntervalMs: number;
  protected readonly logger: Logger;
  protected readonly now: () => Date;
  protected readonly cache: SnapshotCache | undefined;
  protected readonly configuredProtected: readonly string[];
  protected readonly secrets: string[];
  protected readonly waits: WaitLimits;

  private readonly timers: SourceTimers;
  private readonly random: () => number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly snapshotEmitter = new Emitter<FlagSnapshot>();
  private readonly statusEmitter = new Emitter<SourceStatus>();
  readonly onDidChangeSnapshot = this.snapshotEmitter.event;
  readonly onDidChangeStatus = this.statusEmitter.event;

  private currentStatus: SourceStatus = { state: 'idle' };
  private currentSnapshot: FlagSnapshot | undefined;
  private lastSuccess: Date | undefined;
  private inFlight: RefreshRun | undefined;
  private readonly controllers = new Set<AbortController>();
  private timer: unknown;
  private started = false;
  private disposed = false;
  private consecutiveFailures = 0;
  private lastError: FlagLensError | undefined;

  protected constructor(options: PollingSourceOptions) {
    this.id = options.id;
    this.kind = options.kind;
    this.label = options.label;
    this.pollIntervalMs = Math.max(1_000, options.pollIntervalMs);
    this.cache = options.cache;
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? (() => new Date());
    this.configuredProtected = options.protectedEnvironments ?? [];
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
    this.initialBackoffMs = options.initialBackoffMs ?? defaultInitialBackoffMs;
    this.maxBackoffMs = options.maxBackoffMs ?? defaultMaxBackoffMs;
    this.secrets = options.secrets ?? [];
    this.waits = options.waits ?? editorWaitLimits;
  }

  /** Fetches the complete current state. Throw FlagLensError; anything else is reported as `parse`. */
  protected abstract fetchSnapshot(signal: AbortSignal): Promise<FlagSnapshot>;
  /** Performs the change at the vendor; the protected check has already passed. */
  protected abstract applyToggle(request: ToggleRequest, signal: AbortSignal): Promise<void>;
  /** Sets the "on" share of everyone (percent already checked); the protected check has already passed. Vendors that cannot ramp keep this refusal. */
  protected applyRollout(request: RolloutRequest, _signal: AbortSignal): Promise<void> {
    return Promise.reject(new FlagLensError('unsupported', `${this.label} cannot change the rollout of '${request.key}'.`));
  }
  /** Serves the "off" variation to everyone; the protected check has already passed. */
  protected applyUnrelease(request: UnreleaseRequest, _signal: AbortSignal): Promise<void> {
    return Promise.reject(new FlagLensError('unsupported', `${this.label} cannot un-release '${request.key}'.`));
  }

  get status(): SourceStatus {
    return this.currentStatus;
  }

  get snapshot(): FlagSnapshot | undefined {
    return this.currentSnapshot;
  }

  /** The last failure, for surfaces that want more than the status line. */
  get error(): FlagLensError | undefined {
    return this.lastError;
  }

  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    void this.startPolling();
  }

  refresh(signal?: AbortSignal): Promise<FlagSnapshot> {
    return this.startRefresh(false, signal);
  }

  async toggle(request: ToggleRequest): Promise<void> {
    await this.change(request, (signal) => this.applyToggle(request, signal), `turned '${request.key}' ${request.on ? 'on' : 'off'} in '${request.environment}'`, 'toggle');
  }

  async setRollout(request: RolloutRequest): Promise<void> {
    const checked = { ...request, percent: checkPercent(request.percent) };
    await this.change(checked, (signal) => this.applyRollout(checked, signal), `set '${request.key}' to ${checked.percent} % on in '${request.environment}'`, 'rollout change');
  }

  async unrelease(request: UnreleaseRequest): Promise<void> {
    await this.change(request, (signal) => this.applyUnrelease(request, signal), `un-released '${request.key}' in '${request.environment}'`, 'un-release');
  }

  /** Protection, the vendor call, then a fresh read so the caller sees the result. */
  private async change(request: UnreleaseRequest, apply: (signal: AbortSignal) => Promise<void>, done: string, what: string): Promise<void> {
    if (this.disposed) throw new FlagLensError('cancelled', `${this.label} is disposed.`);
    if (!this.currentSnapshot) await this.refresh(request.signal);
    const environment = this.currentSnapshot?.environments.find((e) => e.key === request.environment);
    refuseProtected(request, request.environment, protectionReason(request.environment, environment, this.configuredProtected));
    const controller = this.track(request.signal);
    const signal = this.boundedSignal(controller.signal);
    try {
      await apply(signal);
    } catch (error) {
      throw this.overTotalWait(this.asFlagLensError(error), signal, controller);
    } finally {
      this.untrack(controller);
    }
    this.logger.info(`${this.label}: ${done}.`);
    try {
      // A poll that started before the change would report the old state; read again after it.
      await this.inFlight?.promise.catch(() => undefined);
      await this.refresh(request.signal);
      if (this.started) this.schedule(this.jittered(this.pollIntervalMs));
    } catch (error) {
      // The change went through; a failed read-back must not make the caller think it did not.
      this.logger.warn(this.scrub(`${this.label}: refresh after ${what} failed: ${describeError(error)}`));
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearTimer();
    for (const controller of this.controllers) controller.abort();
    this.controllers.clear();
    this.snapshotEmitter.dispose();
    this.statusEmitter.dispose();
  }

  /** Is this environment protected, and why (undefined = not protected). Vendors may reuse it for UI hints. */
  protected protectionOf(environmentKey: string): string | undefined {
    const environment = this.currentSnapshot?.environments.find((e) => e.key === environmentKey);
    return protectionReason(environmentKey, environment, this.configuredProtected);
  }

  /** Replaces the snapshot outside a fetch, e.g. an optimistic update; fires the change event. */
  protected publishSnapshot(snapshot: FlagSnapshot): void {
    this.currentSnapshot = snapshot;
    this.snapshotEmitter.fire(snapshot);
  }

  private async startPolling(): Promise<void> {
    await this.loadCache();
    if (this.disposed) return;
    await this.pollOnce();
  }

  private async loadCache(): Promise<void> {
    if (!this.cache || this.currentSnapshot) return;
    try {
      const cached = await this.cache.read(this.id);
      // A fetch may have finished while the cache was read; fresh always wins.
      if (!cached || this.currentSnapshot || this.disposed) return;
      this.lastSuccess ??= cached.fetchedAt;
      this.logger.info(`${this.label}: showing cached state from ${cached.fetchedAt.toISOString()} until the first refresh.`);
      this.publishSnapshot(cached);
    } catch (error) {
      this.logger.warn(this.scrub(`${this.label}: cache read failed: ${describeError(error)}`));
    }
  }

  private startRefresh(fromPoll: boolean, signal?: AbortSignal): Promise<FlagSnapshot> {
    if (this.disposed) return Promise.reject(new FlagLensError('cancelled', `${this.label} is disposed.`));
    // Someone asking now must not wait behind a background poll stuck on a slow server: start over.
    if (!fromPoll && this.inFlight?.fromPoll) {
      this.inFlight.controller.abort(supersededReason);
      this.inFlight = undefined;
    }
    // Otherwise concurrent callers share one request: a toggle's refresh and a poll must not race each other.
    if (!this.inFlight) {
      const controller = this.track(undefined);
      const promise = this.runRefresh(controller).finally(() => {
        if (this.inFlight?.controller === controller) this.inFlight = undefined;
        this.untrack(controller);
      });
      this.inFlight = { controller, fromPoll, promise };
    }
    return signal ? raceAbort(this.inFlight.promise, signal) : this.inFlight.promise;
  }

  private async pollOnce(): Promise<void> {
    try {
      await this.startRefresh(true);
    } catch {
      // Already reflected in the status and logged; the schedule below retries.
    }
    if (!this.disposed && this.started) this.schedule(this.nextDelay());
  }

  private nextDelay(): number {
    if (this.consecutiveFailures === 0) return this.jittered(this.pollIntervalMs);
    const error = this.lastError;
    // The server's wish is clamped: a Retry-After of years must not stall polling, nor overflow the timer.
    const serverAsked = error?.retryAfterMs === undefined ? 0 : clampServerDelay(error.retryAfterMs, this.waits);
    // A bad token or a wrong project will not fix itself in seconds; do not hammer the server.
    if (error && (error.reason === 'unauthorized' || error.reason === 'forbidden' || error.reason === 'invalidConfig' || error.reason === 'notFound')) {
      return Math.max(this.maxBackoffMs, serverAsked);
    }
    const exponential = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (this.consecutiveFailures - 1));
    // Never earlier than the server asked for, even past the cap: it will only refuse again.
    return Math.max(this.jittered(exponential), serverAsked);
  }

  private jittered(ms: number): number {
    return Math.round(ms * (1 - jitterRatio + 2 * jitterRatio * this.random()));
  }

  private schedule(requestedMs: number): void {
    this.clearTimer();
    // Past 2^31 - 1 ms Node fires the timer after 1 ms instead.
    const delayMs = Math.min(Math.max(0, requestedMs), maxTimerDelayMs);
    if (this.disposed) return;
    this.logger.debug(`${this.label}: next refresh in ${formatMs(delayMs)}.`);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.pollOnce();
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async runRefresh(controller: AbortController): Promise<FlagSnapshot> {
    const previous = this.currentStatus;
    const signal = this.boundedSignal(controller.signal);
    this.setStatus({ state: 'refreshing', lastSuccess: this.lastSuccess });
    try {
      const fetched = await this.fetchSnapshot(signal);
      if (this.disposed) throw new FlagLensError('cancelled', `${this.label} is disposed.`);
      // Superseded while the answer was on its way: the newer refresh reports.
      if (controller.signal.aborted) throw new FlagLensError('cancelled', `${this.label}: refresh superseded.`);
      const snapshot: FlagSnapshot = { ...fetched, sourceId: this.id, fromCache: false };
      this.lastSuccess = this.now();
      this.consecutiveFailures = 0;
      this.lastError = undefined;
      this.publishSnapshot(snapshot);
      this.setStatus({ state: 'connected', lastSuccess: this.lastSuccess });
      if (this.cache) {
        // Awaited so a caller that saw the refresh finish can rely on the cache; failures only cost the cache.
        await this.cache.write(snapshot).catch((error: unknown) => this.logger.warn(this.scrub(`${this.label}: cache write failed: ${describeError(error)}`)));
      }
      return snapshot;
    } catch (raw) {
      const error = this.overTotalWait(this.asFlagLensError(raw), signal, controller);
      if (error.reason === 'cancelled') {
        // Cancelling says nothing about the server; go back to what we knew (unless a newer refresh now owns the status).
        const superseded = controller.signal.reason === supersededReason;
        if (!this.disposed && !superseded) this.setStatus(previous.state === 'refreshing' ? this.settledStatus() : previous);
        throw error;
      }
      this.consecutiveFailures++;
      this.lastError = error;
      const message = this.scrub(error.message);
      this.setStatus(statusFor(error, message, this.lastSuccess));
      this.logger.warn(`${this.label}: refresh failed (${error.reason}): ${message}`);
      throw error;
    }
  }

  /** The signal vendors get: the caller's, plus the total-wait deadline when the limits set one. */
  private boundedSignal(signal: AbortSignal): AbortSignal {
    const total = this.waits.maxTotalWaitMs;
    return total === undefined ? signal : signalWithDeadline(signal, total);
  }

  /** A request cut short by the total-wait deadline (not by the caller) is a timeout of the whole refresh. */
  private overTotalWait(error: FlagLensError, signal: AbortSignal, controller: AbortController): FlagLensError {
    const total = this.waits.maxTotalWaitMs;
    if (total === undefined || controller.signal.aborted || !deadlinePassed(signal)) return error;
    if (error.reason !== 'cancelled' && error.reason !== 'timeout') return error;
    return totalWaitExceeded(this.label, total, error);
  }

  private settledStatus(): SourceStatus {
    return this.lastSuccess ? { state: 'connected', lastSuccess: this.lastSuccess } : { state: 'idle' };
  }

  private setStatus(status: SourceStatus): void {
    this.currentStatus = status;
    this.statusEmitter.fire(status);
  }

  private track(signal: AbortSignal | undefined): AbortController {
    const controller = new AbortController();
    if (signal) {
      if (signal.aborted) controller.abort();
      else signal.addEventListener('abort', () => controller.abort(), { once: true });
    }
    this.controllers.add(controller);
    return controller;
  }

  private untrack(controller: AbortController): void {
    this.controllers.delete(controller);
  }

  private asFlagLensError(error: unknown): FlagLensError {
    if (error instanceof FlagLensError) return error;
    if (this.disposed) return new FlagLensError('cancelled', `${this.label} is disposed.`, { cause: error });
    // A TypeError's text says where our code tripped, not what the server sent: it goes to the log only.
    this.logger.debug(this.scrub(`${this.label}: unexpected response: ${describeError(error)}`));
    return new FlagLensError('parse', `${this.label}: the server returned an unexpected response.`, { cause: error });
  }

  private scrub(text: string): string {
    return redact(text, this.secrets);
  }
}

const supersededReason = new FlagLensError('cancelled', 'Superseded by a newer refresh.');

function statusFor(error: FlagLensError, message: string, lastSuccess: Date | undefined): SourceStatus {
  switch (error.reason) {
    case 'unauthorized':
    case 'forbidden':
      return { state: 'authError', message };
    case 'invalidConfig':
    case 'notFound':
      return { state: 'misconfigured', message };
    default:
      return { state: 'offline', lastSuccess, message };
  }
}
