import type { FlagReference } from '../../references/model';
import type { StaleDefinitionInput } from '../model';
import { explainer, isGone, plural, referenceCount, type DefinitionRule } from '../context';
import { decisiveEnvironments } from '../environments';
import { permanenceReason } from '../permanence';
import { formatValue, parseLiteral, sameValue } from '../values';

/**
 * Removed: archived or deleted in the source while code still evaluates it. The highest severity:
 * what code gets is no longer under anyone's control. A key still live in another source is not
 * removed (code may evaluate that one).
 */
export const removedRule: DefinitionRule = (definition, context, sink) => {
  const { flag } = definition;
  if (!isGone(definition)) return;
  const explain = explainer(sink, definition, 'removed');
  const references = referenceCount(context, flag.key);
  if (references === 0) return;
  const liveElsewhere = (context.definitionsByKey.get(flag.key) ?? []).filter((d) => !isGone(d)).map((d) => d.sourceId);
  if (liveElsewhere.length > 0) return explain(`archived here but live in ${liveElsewhere.join(', ')}`);

  const state = flag.deleted ? 'deleted' : 'archived';
  const keep = keptValue(definition, context.referencesByKey.get(flag.key) ?? []);
  const permanent = permanenceReason(flag);
  const evidence = [`${state} in ${definition.sourceId}`, `still referenced in code ${plural(references, 'time')}`, ...keep.evidence];
  if (permanent) {
    sink.report({
      kind: 'removed',
      key: flag.key,
      severity: 'error',
      message: `'${flag.key}' is ${state} in the source but still referenced ${plural(references, 'time')} in code`,
      evidence: [...evidence, `${permanent}: not suggested for removal`],
      action: `Restore '${flag.key}' in the source: it is permanent and code still evaluates it.`,
      sourceId: definition.sourceId,
      permanent: true,
    });
    return;
  }
  sink.report({
    kind: 'removed',
    key: flag.key,
    severity: 'error',
    message: `'${flag.key}' is ${state} in the source but still referenced ${plural(references, 'time')} in code`,
    evidence,
    action: keep.found
      ? `Remove the flag from code keeping ${formatValue(keep.value)} (${keep.origin}), or restore it in the source.`
      : `Remove the flag from code (the source does not say which value to keep: choose it), or restore it in the source.`,
    ...(keep.found ? { keepValue: keep.value } : {}),
    sourceId: definition.sourceId,
  });
};

type KeptValue = { found: true; value: unknown; origin: string; evidence: string[] } | { found: false; evidence: string[] };

/**
 * The value code gets now: the deciding environments' off variation where the source has one, else
 * the manifest default, else the code's own default when every reference spells the same literal,
 * else (no reference passes a default) the flag's `off` variation.
 */
function keptValue(definition: StaleDefinitionInput, references: readonly FlagReference[]): KeptValue {
  const { flag } = definition;
  const { states } = decisiveEnvironments(definition);
  const withOff = states.filter((s) => s.offVariation !== undefined);
  if (withOff.length > 0) {
    const values = withOff.map((s) => ({ environment: s.environment, variation: s.offVariation!, found: flag.variations.find((v) => v.name === s.offVariation) }));
    const missing = values.filter((v) => !v.found);
    if (missing.length === 0 && values.every((v) => sameValue(v.found!.value, values[0]!.found!.value))) {
      const value = values[0]!.found!.value;
      return {
        found: true,
        value,
        origin: "the source's off variation",
        evidence: values.map((v) => `${v.environment}: off variation '${v.variation}' = ${formatValue(v.found!.value)}`),
      };
    }
    const described = values.map((v) => `${v.environment}: '${v.variation}'${v.found ? ` = ${formatValue(v.found.value)}` : ' (undefined variation)'}`);
    return { found: false, evidence: [`off variations disagree or are undefined: ${described.join(', ')}`] };
  }
  if (flag.defaultValue !== undefined) {
    return { found: true, value: flag.defaultValue, origin: "the source's default value", evidence: [`source default value ${formatValue(flag.defaultValue)}`] };
  }
  const defaults = references.map((r) => parseLiteral(r.defaultValue));
  if (defaults.length > 0 && defaults.every((d) => d !== undefined && sameValue(d.value, defaults[0]!.value))) {
    const value = defaults[0]!.value;
    return {
      found: true,
      value,
      origin: "the code's default, which the SDK returns for a missing flag",
      evidence: [`the source has no off variation; every reference defaults to ${formatValue(value)}`],
    };
  }
  // No live state left (Unleash drops it on archiving): the flag's own `off` variation is what a disabled flag yields.
  const off = flag.variations.filter((v) => v.name === 'off');
  if (references.every((r) => r.defaultValue === undefined) && off.length === 1) {
    return { found: true, value: off[0]!.value, origin: "the source's off variation", evidence: [`the flag's 'off' variation = ${formatValue(off[0]!.value)}; no reference passes a default`] };
  }
  return { found: false, evidence: ['the source has no off variation and the code defaults differ or are not literals'] };
}
