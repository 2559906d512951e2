import type { FlagReference } from '../../references/model';
import type { StaleFinding } from '../model';
import { describeLocations, plural, type StaleContext } from '../context';
import { collapseKey } from './closestKey';

/**
 * Similar keys: referenced keys that differ only by case or separators (`new-checkout`,
 * `newCheckout`, `NEW_CHECKOUT`) are most likely typos of each other — flag services treat them as
 * different flags, so one spelling reads a flag nobody meant. One hint per less used spelling, at
 * its references, suggesting the most used one.
 *
 * Runs with or without a source. With one, a group in which a source defines any spelling is left
 * to the unknownKey rule: it already says "did you mean …" at the undefined spelling, and spellings
 * the source defines are real flags. A group no source defines is still reported: unknownKey lists
 * each spelling as unknown but does not say they are one flag spelt several ways.
 */
export function similarKeyFindings(context: StaleContext): StaleFinding[] {
  const groups = new Map<string, Spelling[]>();
  for (const [key, references] of context.referencesByKey) {
    if (!references.some(isSpelledInCode)) continue;
    const collapsed = collapseKey(key);
    if (!collapsed) continue;
    const spelling = { key, references, files: new Set(references.map((r) => r.file)).size };
    const group = groups.get(collapsed);
    if (group) group.push(spelling);
    else groups.set(collapsed, [spelling]);
  }
  const findings: StaleFinding[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    if (context.hasSources && group.some((s) => context.definitionsByKey.has(s.key))) continue;
    const ranked = [...group].sort(byUse);
    const preferred = ranked[0]!;
    // Equally used spellings: the choice is only the stable order, so the wording must not call either one the typo.
    const tied = preferred.references.length === ranked[1]!.references.length && preferred.files === ranked[1]!.files;
    const spellings = `spellings in code: ${ranked.map((s) => `${s.key} (${plural(s.references.length, 'reference')})`).join(', ')}`;
    for (const spelling of ranked.slice(1)) {
      findings.push({
        kind: 'similarKeys',
        key: spelling.key,
        severity: 'hint',
        message: tied
          ? `'${spelling.key}' and '${preferred.key}' differ only by case or separators: likely one flag spelt two ways`
          : `'${spelling.key}' differs from the more used '${preferred.key}' only by case or separators: likely a typo`,
        evidence: [
          spellings,
          `'${spelling.key}' is referenced at ${describeLocations(spelling.references)}`,
          'flag services match keys exactly, so each spelling reads a different flag',
        ],
        action: tied
          ? `Pick one spelling (e.g. '${preferred.key}') unless these are meant to be different flags.`
          : `Use '${preferred.key}', the most used spelling, unless these are meant to be different flags.`,
        suggestion: preferred.key,
      });
    }
  }
  return findings;
}

interface Spelling {
  key: string;
  references: readonly FlagReference[];
  files: number;
}

/** Most references first, then most files, then code-unit order so the choice is stable on every machine. */
function byUse(a: Spelling, b: Spelling): number {
  return b.references.length - a.references.length || b.files - a.files || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * LaunchDarkly's `useFlags()` hands out camelCased properties; with no source listing the keys the
 * index guesses the kebab-case key (`newCheckout` → `new-checkout`), so such a key is the index's
 * spelling, not the code's, and alone it never makes a "typo".
 */
function isSpelledInCode(reference: FlagReference): boolean {
  return reference.pattern !== 'launchdarkly.react.useFlags';
}
