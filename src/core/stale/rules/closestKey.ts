/**
 * Case and separator variants of one key collapse to the same form: `newCheckout`,
 * `new_checkout`, `NEW-CHECKOUT` and `new.checkout` all become `newcheckout`.
 */
export function collapseKey(key: string): string {
  return key.toLowerCase().replace(/[-_.:/\s]+/g, '');
}

/** Levenshtein distance, giving up (returning `limit + 1`) once a whole row exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The existing key a mistyped one most likely meant. A case/separator variant wins outright;
 * otherwise the nearest key by edit distance on the collapsed forms, allowed one edit per four
 * characters (at least one), ties broken by the raw distance, then alphabetically.
 */
export function closestKey(key: string, candidates: Iterable<string>): string | undefined {
  const wanted = collapseKey(key);
  const limit = Math.max(1, Math.floor(wanted.length / 4));
  let best: { key: string; distance: number; raw: number } | undefined;
  for (const candidate of new Set(candidates)) {
    if (candidate === key) continue;
    const distance = editDistance(wanted, collapseKey(candidate), limit);
    if (distance > limit) continue;
    const raw = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance || (distance === best.distance && (raw < best.raw || (raw === best.raw && candidate < best.key)))) {
      best = { key: candidate, distance, raw };
    }
  }
  return best?.key;
}
