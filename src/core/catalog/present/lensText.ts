import type { CatalogEntry } from '../model';
import { iconSafeText } from './plainText';
import { lensStateText } from './servingText';

/** Whether the folder's sources have delivered definitions, are still loading, or cannot. */
export type DefinitionState = 'loaded' | 'loading' | 'unavailable';

const missingText: Record<DefinitionState, string> = {
  loaded: 'not defined in any source',
  loading: 'loading flags…',
  unavailable: 'no flag data',
};

/**
 * One code lens line: `⚑ new-checkout · dev: ON · prod: 25% rollout`. `environments` picks and orders
 * the columns (empty = every environment of the first defining source). Unknown keys read
 * `⚑ key · not defined in any source`; before any source has loaded they read
 * `⚑ key · loading flags…`, or `⚑ key · no flag data` when no source can deliver any. Lens titles draw
 * `$(name)` as an icon, so the line comes icon-escaped.
 */
export function lensText(entry: CatalogEntry, environments: readonly string[], data: DefinitionState): string {
  const head = `⚑ ${entry.key}`;
  const definition = entry.definitions[0];
  if (!definition) return iconSafeText(`${head} · ${missingText[data]}`);
  const available = definition.environments.map((environment) => environment.key);
  const chosen = environments.length > 0 ? environments.filter((key) => available.includes(key)) : available;
  const parts = [head];
  for (const key of chosen) parts.push(`${key}: ${lensStateText(definition.flag, definition.flag.environments[key])}`);
  if (chosen.length === 0) parts.push(definition.sourceLabel);
  if (entry.definitions.length > 1) parts.push(`+${entry.definitions.length - 1} source${entry.definitions.length > 2 ? 's' : ''}`);
  if (entry.stale.some((finding) => finding.kind !== 'unknownKey')) parts.push('⚠ stale');
  return iconSafeText(parts.join(' · '));
}
