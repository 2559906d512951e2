import type { CatalogEntry } from '../model';
import { iconSafeText } from './plainText';
import { lensStateText } from './servingText';
import { marksStale } from './staleText';

/** Whether the folder's sources have delivered definitions, are still loading, or cannot. */
export type DefinitionState = 'loaded' | 'loading' | 'unavailable';

/** A DefinitionState, or `none`: the folder configures no flag source at all. */
export type SourceAvailability = DefinitionState | 'none';

/** What a folder's catalog says about its sources; `FlagCatalog` satisfies it. */
export interface SourceAvailabilityInput {
  sources(): readonly unknown[];
  definitionState(): DefinitionState;
}

/** `none` when no source is configured (nothing will ever load), else the catalog's definition state. */
export function sourceAvailability(catalog: SourceAvailabilityInput): SourceAvailability {
  return catalog.sources().length === 0 ? 'none' : catalog.definitionState();
}

const missingText: Record<SourceAvailability, string> = {
  loaded: 'not defined in any source',
  loading: 'loading flags…',
  unavailable: 'no flag data',
  none: 'no flag source',
};

/**
 * One code lens line: `⚑ new-checkout · dev: serves on · prod: 25% rollout` (`dev: disabled` for a
 * disabled flag). `environments` picks and orders the columns (empty = every environment of the
 * first defining source). Unknown keys read `⚑ key · not defined in any source`; before any source
 * has loaded they read `⚑ key · loading flags…`, `⚑ key · no flag data` when no configured source can
 * deliver any, or `⚑ key · no flag source` when none is configured. Lens titles draw `$(name)` as an
 * icon, so the line comes icon-escaped.
 */
export function lensText(entry: CatalogEntry, environments: readonly string[], data: SourceAvailability): string {
  const head = `⚑ ${entry.key}`;
  const definition = entry.definitions[0];
  if (!definition) return iconSafeText(`${head} · ${missingText[data]}`);
  const available = definition.environments.map((environment) => environment.key);
  const chosen = environments.length > 0 ? environments.filter((key) => available.includes(key)) : available;
  const parts = [head];
  for (const key of chosen) parts.push(`${key}: ${lensStateText(definition.flag, definition.flag.environments[key])}`);
  if (chosen.length === 0) parts.push(definition.sourceLabel);
  if (entry.definitions.length > 1) parts.push(`+${entry.definitions.length - 1} source${entry.definitions.length > 2 ? 's' : ''}`);
  if (entry.stale.some(marksStale)) parts.push('⚠ stale');
  return iconSafeText(parts.join(' · '));
}
