import { FlagLensError, type FlagLensErrorReason } from '../errors';
import { formatMs } from '../sources/http';
import type { EnvironmentEvidence, EvidenceState } from './model';

/** Loads evidence for some environments of one flag in one request set (Unleash answers all at once). */
export type EvidenceLoader = (environments: string[], signal: AbortSignal) => Promise<Record<string, EnvironmentEvidence>>;

export interface EvidenceCacheOptions {
  /** How long counts stay good; usage data moves slowly and the vendors rate-limit these reads. */
  ttlMs?: number;
  /** How long a failure is remembered before asking again (a 429's Retry-After wins when longer). */
  failureTtlMs?: number;
  /** Loads running at once across all flags; hovering down a file must not fan out. */
  maxConcurrent?: number;
  /** Upper bound for one load, whatever the vendor does. */
  timeoutMs?: number;
  now?: () => number;
}

interface Entry {
  state: EvidenceState;
  expiresAt: number;
}

interface Flight {
  promise: Promise<void>;
  controller: AbortController;
  waiters: number;
}

/**
 * Evidence per (source, flag, environment), fetched lazily — only when a surface asks — kept for a
 * TTL, deduplicated while in flight, with a bound on concurrent loads. Every failure becomes an
 * `unavailable` state with one line saying why ("no evidence: …"); nothing here throws at a
 * surface except cancellation of the caller's own wait.
 */
export class EvidenceCache {
  private readonly entries = new Map<string, Entry>();
  private readonly flights = new Map<string, Flight>();
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly maxConcurrent: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(options: EvidenceCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.failureTtlMs = options.failureTtlMs ?? 60_000;
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? 2);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** The cached state, fresh or not, without fetching; undefined when never loaded. */
  peek(sourceId: string, key: string, environment: string): EvidenceState | undefined {
    return this.entries.get(entryKey(sourceId, key, environment))?.state;
  }

  async get(sourceId: string, key: string, environment: string, load: EvidenceLoader, signal?: AbortSignal): Promise<EvidenceState> {
    return (await this.getMany(sourceId, key, [environment], load, signal))[environment]!;
  }

  /** Fresh entries are answered from the cache; the rest are loaded together, in one loader call. */
  async getMany(sourceId: string, key: string, environments: readonly string[], load: EvidenceLoader, signal?: AbortSignal): Promise<Record<string, EvidenceState>> {
    if (signal?.aborted) throw cancelled();
    const now = this.now();
    const missing = environments.filter((environment) => {
      const entry = this.entries.get(entryKey(sourceId, key, environment));
      return !entry || entry.expiresAt <= now;
    });
    const waits = new Set<Flight>();
    const toLoad = missing.filter((environment) => {
      const flight = this.flights.get(entryKey(sourceId, key, environment));
      if (flight) waits.add(flight);
      return !flight;
    });
    if (toLoad.length > 0) waits.add(this.start(sourceId, key, toLoad, load));

    await this.waitFor([...waits], signal);
    const result: Record<string, EvidenceState> = {};
    for (const environment of environments) {
      result[environment] = this.entries.get(entryKey(sourceId, key, environment))?.state ?? { state: 'unavailable', reason: 'no evidence: the request was cancelled', cause: 'cancelled' };
    }
    return result;
  }

  /** Drops what is cached for one source (after a token or configuration change), or everything. */
  invalidate(sourceId?: string): void {
    for (const key of [...this.entries.keys()]) if (sourceId === undefined || key.startsWith(`${JSON.stringify(sourceId)}\u0000`)) this.entries.delete(key);
  }

  private start(sourceId: string, key: string, environments: string[], load: EvidenceLoader): Flight {
    const controller = new AbortController();
    const flight: Flight = { controller, waiters: 0, promise: Promise.resolve() };
    flight.promise = this.limited(async () => {
      const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(this.timeoutMs)]);
      let states: Record<string, EvidenceState>;
      let ttl = this.ttlMs;
      try {
        if (controller.signal.aborted) throw cancelled();
        const loaded = await load(environments, signal);
        const fetchedAt = new Date(this.now());
        states = {};
        for (const environment of environments) {
          const evidence = loaded[environment];
          states[environment] = evidence
            ? { state: 'ready', evidence, fetchedAt }
            : { state: 'unavailable', reason: 'no evidence: the source did not report this environment', cause: 'notFound' };
        }
      } catch (error) {
        // A load nobody waits for any more is not a failure to remember.
        if (controller.signal.aborted) return;
        const failure = describeFailure(error, signal);
        ttl = Math.max(this.failureTtlMs, failure.retryAfterMs ?? 0);
        states = Object.fromEntries(environments.map((environment) => [environment, { state: 'unavailable', reason: failure.reason, cause: failure.cause } as const]));
      }
      const expiresAt = this.now() + ttl;
      for (const environment of environments) this.entries.set(entryKey(sourceId, key, environment), { state: states[environment]!, expiresAt });
    }).finally(() => {
      for (const environment of environments) {
        if (this.flights.get(entryKey(sourceId, key, environment)) === flight) this.flights.delete(entryKey(sourceId, key, environment));
      }
    });
    for (const environment of environments) this.flights.set(entryKey(sourceId, key, environment), flight);
    return flight;
  }

  /** Waits for the flights; a caller that gives up stops counting, and a flight nobody waits for is aborted. */
  private async waitFor(flights: Flight[], signal: AbortSignal | undefined): Promise<void> {
    for (const flight of flights) flight.waiters++;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(cancelled());
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    try {
      await Promise.race([Promise.all(flights.map((flight) => flight.promise)), aborted]);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      for (const flight of flights) {
        flight.waiters--;
        if (flight.waiters === 0 && signal?.aborted) flight.controller.abort();
      }
    }
  }

  private async limited(task: () => Promise<void>): Promise<void> {
    if (this.running >= this.maxConcurrent) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.running++;
    try {
      await task();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }
}

function entryKey(sourceId: string, key: string, environment: string): string {
  return `${JSON.stringify(sourceId)}\u0000${JSON.stringify(key)}\u0000${JSON.stringify(environment)}`;
}

function cancelled(): FlagLensError {
  return new FlagLensError('cancelled', 'The operation was cancelled.');
}

/** One line for the hover: why there is no evidence, in the user's terms, with the status when there is one. */
export function describeFailure(error: unknown, signal?: AbortSignal): { reason: string; cause: FlagLensErrorReason; retryAfterMs?: number } {
  if (!FlagLensError.is(error)) {
    return { reason: 'no evidence: the answer could not be read', cause: 'parse' };
  }
  const status = error.status === undefined ? '' : ` (${error.status})`;
  const why: Record<FlagLensErrorReason, string> = {
    unauthorized: `the token was refused${status}`,
    forbidden: `the token may not read usage data${status}`,
    notFound: `the vendor does not know this flag or environment${status}`,
    rateLimited: `rate-limited by the vendor${status}${error.retryAfterMs === undefined ? '' : `; asking again in ${formatMs(error.retryAfterMs)}`}`,
    server: `the vendor had a server error${status}`,
    network: 'the vendor could not be reached',
    timeout: 'the request timed out',
    cancelled: signal?.aborted ? 'the request timed out' : 'the request was cancelled',
    invalidConfig: `the request was refused${status}`,
    parse: 'the vendor sent an answer Flag Lens does not understand',
    protectedEnvironment: 'the environment is protected',
    approvalRequired: 'the change needs an approval',
    unsupported: 'the source does not report evaluations',
    usage: 'the request was not valid',
  };
  return { reason: `no evidence: ${why[error.reason]}`, cause: error.reason, ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) };
}
