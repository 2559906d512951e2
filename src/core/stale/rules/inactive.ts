import { inactivityFromCounts } from '../../evidence/evidenceVerdict';
import type { EnvironmentState, FlagDefinition, SourceKind } from '../../sources/model';
import { explainer, isGone, plural, referenceCount, type DefinitionRule } from '../context';
import { asDate, describeSince, isOlderThan } from '../dates';
import { decisiveEnvironments, describeBasis } from '../environments';
import { permanenceReason } from '../permanence';

/**
 * Inactive: no evaluations for `inactiveAfterDays` in every deciding environment. Evidence is
 * LaunchDarkly's `inactive` status or the last evaluation date (Unleash `lastSeenAt`); a flag a
 * tracking source says was never evaluated counts from its creation. flagd tracks nothing.
 * Where the caller loaded real counts for an environment they decide: zero over a window as long
 * as the threshold proves it, any count disproves it; a shorter empty window falls back to dates.
 */
export const inactiveRule: DefinitionRule = (definition, context, sink) => {
  const { flag } = definition;
  const explain = explainer(sink, definition, 'inactive');
  // flagd files record no evaluations at all: nothing to judge, and nothing worth explaining per flag.
  if (isGone(definition) || definition.sourceKind === 'flagd') return;
  const permanent = permanenceReason(flag);
  if (permanent) return explain(`${permanent}: never suggested for removal`);
  const environments = decisiveEnvironments(definition);
  if (environments.states.length === 0) return explain('the source has no live state for it (manifest only)');

  const days = context.thresholds.inactiveAfterDays;
  const evidence: string[] = [];
  for (const state of environments.states) {
    const counted = inactivityFromCounts(context.evidence?.(definition.sourceId, flag.key, state.environment), days);
    const verdict = counted ?? inactivity(flag, state, context.now, days, tracksEvaluations(definition.sourceKind, state));
    if (!verdict.inactive) return explain(`${state.environment}: ${verdict.reason}`);
    evidence.push(`${state.environment}: ${verdict.evidence}`);
  }
  const references = referenceCount(context, flag.key);
  evidence.push(references > 0 ? `referenced in code ${plural(references, 'time')}` : 'no reference in code');
  sink.report({
    kind: 'inactive',
    key: flag.key,
    severity: 'warning',
    message: `'${flag.key}' has had no evaluations for at least ${days} days in every ${describeBasis(environments)}`,
    evidence,
    action:
      references > 0
        ? 'Check whether the code that evaluates it still runs; if it is dead, remove the flag from code, then archive it.'
        : 'Archive it in the source: nothing evaluates it and no code references it.',
    sourceId: definition.sourceId,
  });
};

type Inactivity = { inactive: true; evidence: string } | { inactive: false; reason: string };

/**
 * Whether a `null` last evaluation means "never evaluated" rather than "not known": Unleash reports
 * `lastSeenAt` for every environment; LaunchDarkly only where its status call answered (a failed
 * status call leaves no status, and then nothing is known).
 */
function tracksEvaluations(kind: SourceKind | undefined, state: EnvironmentState): boolean {
  return kind === 'unleash' || (kind === 'launchdarkly' && state.status !== null && state.status !== undefined);
}

function inactivity(flag: FlagDefinition, state: EnvironmentState, now: Date, days: number, tracked: boolean): Inactivity {
  const lastEvaluated = asDate(state.lastEvaluated);
  if (lastEvaluated) {
    return isOlderThan(lastEvaluated, now, days)
      ? { inactive: true, evidence: `last evaluated ${describeSince(lastEvaluated, now)}` }
      : { inactive: false, reason: `evaluated ${describeSince(lastEvaluated, now)}` };
  }
  const neverEvaluated = state.lastEvaluated === null && tracked;
  const created = asDate(flag.createdAt);
  if (neverEvaluated && created) {
    // The source tracks evaluations and has none: inactive once the flag is older than the threshold.
    return isOlderThan(created, now, days)
      ? { inactive: true, evidence: `never evaluated since its creation ${describeSince(created, now)}` }
      : { inactive: false, reason: `never evaluated, but created only ${describeSince(created, now)}` };
  }
  if (state.status === 'inactive') {
    // LaunchDarkly decides `inactive` after 7 days without evaluations; a longer threshold needs a date it did not give.
    return days <= 7
      ? { inactive: true, evidence: 'LaunchDarkly status inactive (no evaluations for 7 days or more)' }
      : { inactive: false, reason: `LaunchDarkly status inactive, but without a last evaluation date the ${days}-day threshold cannot be checked` };
  }
  if (neverEvaluated) return { inactive: false, reason: 'never evaluated, but the source gives no creation date' };
  return { inactive: false, reason: state.status ? `status ${state.status}` : 'the source reports no evaluation data' };
}
