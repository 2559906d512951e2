import type { StaleDefinitionInput, StaleSeverity } from '../model';
import { agreedServing } from '../agreedServing';
import { explainer, isGone, type DefinitionRule, type StaleContext } from '../context';
import { asDate, describeSince, isOlderThan } from '../dates';
import { decisiveEnvironments, type DecisiveEnvironments } from '../environments';
import { normalizeFlagType, permanenceReason } from '../permanence';
import { formatValue } from '../values';

interface Signal {
  severity: StaleSeverity;
  evidence: string[];
}

/**
 * Marked stale: the source says so — Unleash's `stale` mark, a flag past its type's expected
 * lifetime (Unleash's "potentially stale"), or LaunchDarkly's `launched` status held for
 * `launchedAfterDays` on a temporary flag. One finding per flag gathers every signal.
 */
export const markedStaleRule: DefinitionRule = (definition, context, sink) => {
  const { flag } = definition;
  const explain = explainer(sink, definition, 'markedStale');
  if (isGone(definition)) return;
  const environments = decisiveEnvironments(definition);
  const signals: Signal[] = [];
  if (flag.markedStale) signals.push({ severity: 'warning', evidence: ['marked stale in the source'] });
  const lifetime = lifetimeSignal(definition, context);
  if ('severity' in lifetime) signals.push(lifetime);
  else if (lifetime.reason) explain(lifetime.reason);
  const launched = launchedSignal(definition, environments, context);
  if ('severity' in launched) signals.push(launched);
  else if (launched.reason) explain(launched.reason);
  if (signals.length === 0) return;

  const permanent = permanenceReason(flag);
  if (permanent) {
    sink.report({
      kind: 'markedStale',
      key: flag.key,
      severity: 'info',
      message: `'${flag.key}' is marked stale in the source, but it is a ${permanent}`,
      evidence: [...signals.flatMap((s) => s.evidence), `${permanent}: not suggested for removal`],
      action: 'Review it in the source: clear the stale mark, or change its type if it is no longer permanent.',
      sourceId: definition.sourceId,
      permanent: true,
    });
    return;
  }
  const agreed = agreedServing(definition, environments);
  const severity: StaleSeverity = signals.some((s) => s.severity === 'warning') ? 'warning' : 'info';
  sink.report({
    kind: 'markedStale',
    key: flag.key,
    severity,
    message: `'${flag.key}' is ${severity === 'warning' ? 'marked stale' : 'potentially stale'} in the source`,
    evidence: [...signals.flatMap((s) => s.evidence), ...(agreed.agreed ? agreed.evidence : [`no single value to keep: ${agreed.reason}`])],
    action: agreed.agreed
      ? `Remove the flag from code keeping ${formatValue(agreed.value)}, then archive it in the source.`
      : 'Roll it out to one value everywhere that matters, then remove it from code and archive it.',
    ...(agreed.agreed ? { keepValue: agreed.value } : {}),
    sourceId: definition.sourceId,
  });
};

type Outcome = Signal | { reason?: string };

function lifetimeSignal(definition: StaleDefinitionInput, context: StaleContext): Outcome {
  const type = normalizeFlagType(definition.flag.type);
  if (!type) return {};
  const lifetime = context.thresholds.typeLifetimeDays[type];
  if (lifetime === undefined || lifetime === null) return {};
  const created = asDate(definition.flag.createdAt);
  if (!created) return { reason: `type ${type} has an expected lifetime of ${lifetime} days, but the source gives no creation date` };
  if (!isOlderThan(created, context.now, lifetime)) {
    return { reason: `type ${type}: created ${describeSince(created, context.now)}, within its expected lifetime of ${lifetime} days` };
  }
  return { severity: 'info', evidence: [`type ${type}: expected lifetime ${lifetime} days, created ${describeSince(created, context.now)}`] };
}

function launchedSignal(definition: StaleDefinitionInput, environments: DecisiveEnvironments, context: StaleContext): Outcome {
  const { flag } = definition;
  const withStatus = environments.states.filter((s) => s.status);
  if (withStatus.length === 0) return {};
  const notLaunched = environments.states.filter((s) => s.status !== 'launched');
  if (notLaunched.length > 0) {
    return withStatus.some((s) => s.status === 'launched')
      ? { reason: `launched only in some deciding environments (${notLaunched.map((s) => `${s.environment}: ${s.status ?? 'no status'}`).join(', ')})` }
      : {};
  }
  if (flag.temporary === false) return { reason: 'launched, but the flag is not temporary' };
  const days = context.thresholds.launchedAfterDays;
  const evidence: string[] = [];
  for (const state of environments.states) {
    // LaunchDarkly does not say when a flag became `launched`; the last change is the latest it can have started.
    const since = asDate(state.lastModified) ?? asDate(flag.lastModified);
    if (!since) return { reason: `${state.environment}: launched, but the source gives no date of the last change` };
    if (!isOlderThan(since, context.now, days)) {
      return { reason: `${state.environment}: launched, but last changed ${describeSince(since, context.now)}, less than ${days} days` };
    }
    evidence.push(`${state.environment}: status launched, last changed ${describeSince(since, context.now)} (the last change is the launched-since evidence: LaunchDarkly does not date the status)`);
  }
  return { severity: 'warning', evidence };
}
