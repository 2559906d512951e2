import { FlagLensError, describeError } from '../errors';
import type { Logger } from '../log';
import type { FlagSource } from '../sources/model';
import type { LoadedSnapshot, SourceFailure } from './model';

/**
 * The one snapshot-loading policy for every surface that reads sources once: each source is
 * refreshed once, all at the same time. A failed refresh falls back to the last good snapshot (a
 * disk cache) and says so; without one the source is a failure the caller reports. Cancellation is
 * never a fallback: it is thrown.
 */
export async function loadSnapshots(
  sources: readonly FlagSource[],
  signal: AbortSignal,
  logger: Logger,
): Promise<{ loaded: LoadedSnapshot[]; failures: SourceFailure[] }> {
  const results = await Promise.allSettled(sources.map((source) => source.refresh(signal)));
  const loaded: LoadedSnapshot[] = [];
  const failures: SourceFailure[] = [];
  results.forEach((result, i) => {
    const source = sources[i]!;
    if (result.status === 'fulfilled') {
      loaded.push({ source, snapshot: result.value });
      return;
    }
    const error: unknown = result.reason;
    if (FlagLensError.is(error, 'cancelled') || signal.aborted) throw error;
    if (source.snapshot) {
      logger.warn(`${source.label}: ${describeError(error)}; using the snapshot from ${source.snapshot.fetchedAt.toISOString()}.`);
      loaded.push({ source, snapshot: source.snapshot, refreshError: error });
    } else {
      failures.push({ source, error });
    }
  });
  if (signal.aborted) throw new FlagLensError('cancelled', 'Cancelled.');
  return { loaded, failures };
}
