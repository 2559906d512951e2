import type { StaleFinding } from '../model';
import { describeLocations, plural, type StaleContext } from '../context';
import { closestKey } from './closestKey';

/**
 * Referenced once: with no flag source, a key used in exactly one place is the best code-only lead
 * on a leftover (the feature shipped, the last check stayed) or a typo of a key used elsewhere.
 *
 * Only without a source. With one, released/removed/unused/unknownKey answer those questions from
 * the source's facts, and a flag read in one place is the normal case, so the hint would be noise.
 * Keys in a reported similarKeys group are skipped: that hint already explains them.
 */
export function singleReferenceFindings(context: StaleContext, explained: ReadonlySet<string>): StaleFinding[] {
  if (context.hasSources) return [];
  const findings: StaleFinding[] = [];
  for (const [key, references] of context.referencesByKey) {
    if (references.length !== 1 || explained.has(key)) continue;
    const reference = references[0]!;
    const intended = likelyIntended(key, context);
    const how = `${reference.pattern}${reference.via === 'wrapper' ? ', through a wrapper' : ''}`;
    findings.push({
      kind: 'singleReference',
      key,
      severity: 'hint',
      message: `'${key}' is referenced in exactly one place${intended ? ` — a typo of '${intended.key}'?` : ''}`,
      evidence: [
        `referenced once: ${describeLocations(references)} (${how})`,
        ...(intended ? [`'${intended.key}' is referenced ${plural(intended.count, 'time')}`] : []),
        'no flag source to tell whether it is defined, released or removed',
      ],
      action: intended
        ? `If it is a typo, use '${intended.key}'; otherwise check whether the feature still needs the flag.`
        : `Check whether the feature still needs the flag; if it has shipped, remove it (flaglens cleanup ${key} --keep <value>).`,
      ...(intended ? { suggestion: intended.key } : {}),
    });
  }
  return findings;
}

/**
 * A key used more often than this one, of which it is a near miss (`new-chekout` → `new-checkout`). Keys
 * whose digits differ (`checkout-v1`, `checkout-v2`) are versions, not typos.
 */
function likelyIntended(key: string, context: StaleContext): { key: string; count: number } | undefined {
  const digits = key.replace(/\D/g, '');
  const candidates = [...context.referencesByKey]
    .filter(([other, references]) => other !== key && references.length > 1 && other.replace(/\D/g, '') === digits)
    .map(([other]) => other);
  const found = closestKey(key, candidates);
  return found === undefined ? undefined : { key: found, count: context.referencesByKey.get(found)!.length };
}
