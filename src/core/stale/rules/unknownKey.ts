import type { StaleFinding } from '../model';
import { describeLocations, isGone, plural, type StaleContext } from '../context';
import { closestKey } from './closestKey';

/**
 * Unknown key: code references a key no loaded source defines — most likely a typo, and code gets
 * its default. Without any source there is nothing to compare against, so nothing is reported.
 */
export function unknownKeyFindings(context: StaleContext): StaleFinding[] {
  if (!context.hasSources) return [];
  const liveKeys = [...context.definitionsByKey].filter(([, defs]) => defs.some((d) => !isGone(d))).map(([key]) => key);
  const findings: StaleFinding[] = [];
  for (const [key, references] of context.referencesByKey) {
    if (context.definitionsByKey.has(key)) continue;
    const suggestion = closestKey(key, liveKeys);
    findings.push({
      kind: 'unknownKey',
      key,
      severity: 'warning',
      message: `'${key}' is referenced in code but no source defines it${suggestion ? ` — did you mean '${suggestion}'?` : ''}`,
      evidence: [`referenced ${plural(references.length, 'time')}: ${describeLocations(references)}`, 'code gets its default value for an undefined flag'],
      action: suggestion ? `Use '${suggestion}' if that was meant, or create '${key}' in the source.` : `Fix the key or create '${key}' in the source.`,
      ...(suggestion ? { suggestion } : {}),
    });
  }
  return findings;
}
