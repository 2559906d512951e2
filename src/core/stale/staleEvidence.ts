import type { EvidenceLookup, EvidenceRequest } from '../evidence/collectEvidence';
import type { FlagSource } from '../sources/model';
import { isGone } from './context';
import { decisiveEnvironments } from './environments';
import type { StaleInput } from './model';
import { permanenceReason } from './permanence';

/**
 * The evidence a stale check needs: the flags its count-based rules can still judge (not gone, not
 * permanent, from a source that counts) in the environments that decide them, at most `maxFlags`
 * of them — the vendors rate-limit usage reads, and a project of thousands must not become
 * thousands of reads. Flags past the bound are judged by dates, as without evidence.
 */
export function staleEvidenceRequests(input: StaleInput, sources: readonly Pick<FlagSource, 'id' | 'kind' | 'evidence'>[], maxFlags: number): { requests: EvidenceRequest[]; skipped: number } {
  const byId = new Map(sources.filter((source) => source.evidence).map((source) => [source.id, source]));
  const requests: EvidenceRequest[] = [];
  let skipped = 0;
  for (const definition of input.definitions) {
    const source = byId.get(definition.sourceId);
    if (!source || isGone(definition) || permanenceReason(definition.flag)) continue;
    const environments = decisiveEnvironments(definition).states.map((state) => state.environment);
    if (environments.length === 0) continue;
    if (requests.length >= maxFlags) {
      skipped++;
      continue;
    }
    requests.push({ source, key: definition.flag.key, environments });
  }
  return { requests, skipped };
}

/** The counts the rules read: ready states only; an unavailable one leaves the dates to decide. */
export function staleEvidence(lookup: EvidenceLookup): NonNullable<StaleInput['evidence']> {
  return (sourceId, key, environment) => {
    const state = lookup(sourceId, key, environment);
    return state?.state === 'ready' ? state.evidence : undefined;
  };
}
