import type { CatalogStaleFinding } from '../model';

/**
 * Whether a finding makes a flag "⚠ stale" on the lens, hover, picks and Problems: an unknown key is
 * its own problem, and a hint (what the checks without a flag source offer: a flag used in one
 * place, keys that differ only by case) is worth a mention, not a stale mark. `severity` is read as
 * a string so this holds whether or not the stale model has `'hint'` yet.
 */
export function marksStale(finding: CatalogStaleFinding): boolean {
  return finding.kind !== 'unknownKey' && !isHint(finding);
}

export function isHint(finding: CatalogStaleFinding): boolean {
  const severity: string = finding.severity;
  return severity === 'hint';
}
