import { observedShareText } from '../../evidence/evidenceVerdict';
import { agreedServing } from '../agreedServing';
import { explainer, isGone, plural, referenceCount, type DefinitionRule } from '../context';
import { asDate, describeSince, isOlderThan } from '../dates';
import { decisiveEnvironments, describeBasis } from '../environments';
import { permanenceReason } from '../permanence';
import { singleServing } from '../serving';
import { formatValue } from '../values';

/**
 * Released: every deciding environment has served the same single value to everyone, unchanged
 * for `releasedAfterDays`. The flag no longer changes anything, so code can keep that value.
 * Only referenced flags are reported (an unreferenced one is `unused` instead).
 */
export const releasedRule: DefinitionRule = (definition, context, sink) => {
  const { flag } = definition;
  const explain = explainer(sink, definition, 'released');
  if (isGone(definition)) return;
  const permanent = permanenceReason(flag);
  if (permanent) return explain(`${permanent}: never suggested for removal`);
  const references = referenceCount(context, flag.key);
  if (references === 0) return explain('no reference in code (see unused)');
  const environments = decisiveEnvironments(definition);
  const agreed = agreedServing(definition, environments);
  if (!agreed.agreed) return explain(agreed.reason);

  const days = context.thresholds.releasedAfterDays;
  const evidence: string[] = [];
  for (const state of environments.states) {
    // An environment without its own date falls back to the flag's: a later change is impossible, so it is never too old.
    const since = asDate(state.lastModified) ?? asDate(flag.lastModified);
    if (!since) return explain(`${state.environment}: the source gives no date of the last change`);
    if (!isOlderThan(since, context.now, days)) {
      return explain(`${state.environment}: last changed ${describeSince(since, context.now)}, less than ${days} days`);
    }
    // What the counts saw beside what is configured: a released flag is observed at 100 % of its variation.
    const served = singleServing(flag, state);
    const observed = served.single ? observedShareText(context.evidence?.(definition.sourceId, flag.key, state.environment), served.variation) : undefined;
    evidence.push(`${state.environment}: unchanged since ${describeSince(since, context.now)}${observed ? ` · ${observed}` : ''}`);
  }
  for (const state of environments.ignored) {
    const served = singleServing(flag, state);
    evidence.push(`${served.single ? served.description : served.reason} (not protected, does not decide)`);
  }
  const keep = formatValue(agreed.value);
  sink.report({
    kind: 'released',
    key: flag.key,
    severity: 'warning',
    message: `'${flag.key}' is released: every ${describeBasis(environments)} serves ${keep} to everyone, unchanged for at least ${days} days`,
    evidence: [...agreed.evidence, ...evidence, `referenced in code ${plural(references, 'time')}`],
    action: `Remove the flag from code keeping ${keep}, then archive it in the source.`,
    keepValue: agreed.value,
    sourceId: definition.sourceId,
  });
};
