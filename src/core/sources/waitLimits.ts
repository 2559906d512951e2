import { FlagLensError } from '../errors';

/**
 * How long a source may wait on a server. Every server-chosen delay (Retry-After seconds or date,
 * X-Ratelimit-Reset) is clamped to `maxRetryAfterMs`: a reply asking for 25 days must neither stall
 * us nor overflow Node's 32-bit timer (which then fires at once and hammers the server).
 */
export interface WaitLimits {
  /** The longest server-chosen delay honored. A CLI fails with the server's message beyond it; a poller waits this long instead. */
  maxRetryAfterMs: number;
  /** The longest one refresh or toggle may take, retries and waits included; absent = each request's own timeout bounds it. */
  maxTotalWaitMs?: number;
}

/** The editor polls in the background: a long Retry-After is waited out, up to 10 minutes. */
export const editorWaitLimits: WaitLimits = { maxRetryAfterMs: 10 * 60_000 };

/** A command someone is waiting for: at most 30 s for one server-chosen delay, 60 s in all. */
export const cliWaitLimits: WaitLimits = { maxRetryAfterMs: 30_000, maxTotalWaitMs: 60_000 };

/** Largest delay Node's timers accept; anything longer fires after 1 ms. */
export const maxTimerDelayMs = 2 ** 31 - 1;

/** A delay the server asked for, never longer than the limit (nor than a timer can hold). */
export function clampServerDelay(ms: number, limits: WaitLimits): number {
  if (!Number.isFinite(ms) || ms < 0) return limits.maxRetryAfterMs;
  return Math.min(ms, limits.maxRetryAfterMs, maxTimerDelayMs);
}

const deadlines = new WeakMap<AbortSignal, { at: number; timeout: AbortSignal }>();

/**
 * A signal that fires when the parent does or when `totalMs` has passed, and that remembers its
 * deadline so retry loops can tell a wait that no longer fits (`remainingWaitMs`).
 */
export function signalWithDeadline(parent: AbortSignal, totalMs: number, now: number = Date.now()): AbortSignal {
  const timeout = AbortSignal.timeout(Math.min(Math.max(0, totalMs), maxTimerDelayMs));
  const signal = AbortSignal.any([parent, timeout]);
  deadlines.set(signal, { at: now + totalMs, timeout });
  return signal;
}

/** Milliseconds left before the signal's deadline; Infinity for a signal without one. */
export function remainingWaitMs(signal: AbortSignal | undefined, now: number = Date.now()): number {
  const deadline = signal ? deadlines.get(signal) : undefined;
  return deadline === undefined ? Number.POSITIVE_INFINITY : Math.max(0, deadline.at - now);
}

/** True once the signal's deadline has passed (as opposed to a caller cancelling). */
export function deadlinePassed(signal: AbortSignal | undefined): boolean {
  return (signal && deadlines.get(signal)?.timeout.aborted) === true;
}

/** The error a refresh ends with when its total wait ran out. */
export function totalWaitExceeded(label: string, totalMs: number, cause?: unknown): FlagLensError {
  const seconds = Math.round(totalMs / 100) / 10;
  return new FlagLensError('timeout', `${label}: gave up after ${seconds} s (the limit for one refresh).`, { cause });
}
