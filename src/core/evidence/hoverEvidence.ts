import type { CatalogEntry } from '../catalog/model';
import type { FlagSource } from '../sources/model';
import type { EvidenceLookup } from './collectEvidence';
import type { EvidenceCache } from './evidenceCache';
import type { EvidenceState } from './model';

/**
 * Evaluation counts for one hovered flag: every environment of each definition whose source can
 * count, waiting at most `waitMs`. A load that takes longer is not cancelled: it finishes (within
 * the cache's own timeout) and the next hover shows it. Sources that cannot count (flagd) add no line.
 */
export async function hoverEvidence(cache: EvidenceCache, sources: readonly Pick<FlagSource, 'id' | 'evidence'>[], entry: CatalogEntry, waitMs: number): Promise<EvidenceLookup> {
  const found = new Map<string, EvidenceState>();
  const id = (sourceId: string, environment: string): string => `${sourceId}\u0000${environment}`;
  await Promise.all(
    entry.definitions.map(async (definition) => {
      const source = sources.find((s) => s.id === definition.sourceId);
      const load = source?.evidence?.bind(source);
      if (!load) return;
      const environments = Object.keys(definition.flag.environments);
      if (environments.length === 0) return;
      const pending = cache.getMany(definition.sourceId, entry.key, environments, (wanted, signal) => load(entry.key, wanted, signal)).catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const states = await Promise.race([pending, new Promise<undefined>((resolve) => (timer = setTimeout(resolve, waitMs, undefined)))]);
      clearTimeout(timer);
      for (const environment of environments) {
        const state = states?.[environment] ?? cache.peek(definition.sourceId, entry.key, environment);
        if (state) found.set(id(definition.sourceId, environment), state);
      }
    }),
  );
  return (sourceId, key, environment) => (key === entry.key ? found.get(id(sourceId, environment)) : undefined);
}
