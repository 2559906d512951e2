import type { FlagSource } from '../sources/model';
import type { EvidenceCache } from './evidenceCache';
import { noEvidenceFromFlagd, type EvidenceState } from './model';

/** What a surface asks for one flag in one environment; undefined when nobody loaded it. */
export type EvidenceLookup = (sourceId: string, key: string, environment: string) => EvidenceState | undefined;

export interface EvidenceRequest {
  source: Pick<FlagSource, 'id' | 'kind' | 'evidence'>;
  key: string;
  environments: readonly string[];
}

/** The state a surface shows for a source that cannot count evaluations (flagd). */
export function noEvidenceState(): EvidenceState {
  return { state: 'unavailable', reason: `no evidence: ${noEvidenceFromFlagd}`, cause: 'noSource' };
}

/**
 * Loads evidence for exactly the flags asked for (the flags a report lists, the flags a stale check
 * looks at), through the cache: its bound on concurrent loads and its timeout apply, and every
 * failure becomes an `unavailable` state. Sources without the capability answer "no evidence".
 */
export async function collectEvidence(cache: EvidenceCache, requests: readonly EvidenceRequest[], signal?: AbortSignal): Promise<EvidenceLookup> {
  const found = new Map<string, EvidenceState>();
  const id = (sourceId: string, key: string, environment: string): string => JSON.stringify([sourceId, key, environment]);
  await Promise.all(
    requests.map(async ({ source, key, environments }) => {
      if (environments.length === 0) return;
      const load = source.evidence?.bind(source);
      if (!load) {
        for (const environment of environments) found.set(id(source.id, key, environment), noEvidenceState());
        return;
      }
      const states = await cache.getMany(source.id, key, environments, (wanted, loadSignal) => load(key, wanted, loadSignal), signal);
      for (const [environment, state] of Object.entries(states)) found.set(id(source.id, key, environment), state);
    }),
  );
  return (sourceId, key, environment) => found.get(id(sourceId, key, environment));
}
