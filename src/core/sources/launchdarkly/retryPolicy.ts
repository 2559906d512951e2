import { FlagLensError } from '../../errors';
import { remainingWaitMs } from '../waitLimits';

export interface RetryPolicy {
  /** Retries after the first attempt, for 429 and 5xx. */
  maxRetries: number;
  /** First 5xx backoff; doubles per retry. */
  initialBackoffMs: number;
  /** A 429 or 5xx asking for longer than this is not waited out here: the poller's backoff (or the CLI's error) takes it. */
  maxRateLimitWaitMs: number;
  /** Abortable sleep; injectable so tests can observe the waits. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 3,
  initialBackoffMs: 500,
  maxRateLimitWaitMs: 30_000,
  sleep: abortableSleep,
};

/**
 * Runs one request with bounded retries: 429 waits what the server asked (Retry-After or
 * X-Ratelimit-Reset), 5xx backs off exponentially. Everything else fails at once — a 401 will not
 * get better by asking again. A wait longer than the policy allows, or than is left of the signal's
 * deadline (see waitLimits), is not started: the server's error is the answer.
 */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (!FlagLensError.is(error) || retry >= policy.maxRetries) throw error;
      let waitMs: number;
      if (error.reason === 'rateLimited') {
        // No header at all: a short pause is still better than hammering.
        waitMs = error.retryAfterMs ?? policy.initialBackoffMs * 2 ** retry;
      } else if (error.reason === 'server') {
        waitMs = Math.max(policy.initialBackoffMs * 2 ** retry, error.retryAfterMs ?? 0);
      } else {
        throw error;
      }
      if (!(waitMs <= policy.maxRateLimitWaitMs) || waitMs > remainingWaitMs(signal)) throw error;
      await policy.sleep(waitMs, signal);
    }
  }
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new FlagLensError('cancelled', 'The operation was cancelled.'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new FlagLensError('cancelled', 'The operation was cancelled.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
