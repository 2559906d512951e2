import { collapseKey, editDistance } from '../core/stale/rules/closestKey';

/**
 * The command or option name a mistyped one most likely meant, or undefined when none is close.
 * Looser than closestKey (one edit per four characters): names here are few and short, and a swapped
 * pair — `sacn` for `scan` — already costs two edits.
 */
export function closestName(typed: string, names: readonly string[]): string | undefined {
  const wanted = collapseKey(typed);
  const limit = Math.min(3, Math.max(1, Math.floor(wanted.length / 2)));
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(wanted, collapseKey(name), limit);
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}
