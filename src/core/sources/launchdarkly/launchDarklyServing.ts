import type { Clause, FeatureFlagConfig, Rollout, Rule, Target, VariationOrRolloutRep } from 'launchdarkly-api-typescript';
import type { Serving, SplitPart } from '../model';

type PlainServing = Exclude<Serving, { type: 'rules' }>;

/** The display name of another flag's variation, when that flag is known. */
export type OtherFlagVariation = (flagKey: string, index: number) => string | undefined;

const maxSummaryLength = 200;
/** Rollout weights are thousandths of a percent: 100000 = 100 %. */
const weightPerPercent = 1000;

/**
 * What an environment serves while on: targets, rules and prerequisites make it "rules" (with a
 * one-line summary and the fallthrough), otherwise the fallthrough alone — one variation or a split.
 * `names[i]` is the display name of variation i.
 */
export function servingFromConfig(config: FeatureFlagConfig, names: readonly string[], otherFlagVariation: OtherFlagVariation = () => undefined): Serving {
  const fallthrough = plainServing(config.fallthrough, names);
  const parts: string[] = [];
  let count = 0;
  for (const prerequisite of config.prerequisites ?? []) {
    count++;
    // The index points into the prerequisite flag's variations, not this flag's.
    parts.push(`requires ${prerequisite.key} = ${otherFlagVariation(prerequisite.key, prerequisite.variation) ?? `#${prerequisite.variation}`}`);
  }
  for (const target of targetsOf(config)) {
    count++;
    parts.push(describeTarget(target, names));
  }
  for (const rule of config.rules ?? []) {
    count++;
    parts.push(describeRule(rule, names));
  }
  if (count === 0) return fallthrough;
  const summary = parts.join('; ');
  return { type: 'rules', count, summary: summary.length > maxSummaryLength ? `${summary.slice(0, maxSummaryLength - 1)}…` : summary, fallthrough };
}

function plainServing(rep: VariationOrRolloutRep | undefined, names: readonly string[]): PlainServing {
  if (rep?.rollout) {
    const split = splitFromRollout(rep.rollout, names);
    if (split.length === 1) return { type: 'variation', variation: split[0]!.variation };
    if (split.length > 1) return { type: 'split', split };
  }
  if (rep?.variation !== undefined) return { type: 'variation', variation: names[rep.variation] ?? `#${rep.variation}` };
  // A config without a fallthrough serves the off variation's place: nothing we can name.
  return { type: 'variation', variation: names[0] ?? 'unknown' };
}

/** Weights → percents, merging repeated variations and dropping 0 % parts; rounded to 0.001. */
export function splitFromRollout(rollout: Rollout, names: readonly string[]): SplitPart[] {
  const byVariation = new Map<string, number>();
  for (const weighted of rollout.variations ?? []) {
    if (!weighted.weight) continue;
    const name = names[weighted.variation] ?? `#${weighted.variation}`;
    byVariation.set(name, (byVariation.get(name) ?? 0) + weighted.weight);
  }
  return [...byVariation].map(([variation, weight]) => ({ variation, percent: Math.round((weight / weightPerPercent) * 1000) / 1000 }));
}

/** `contextTargets` repeat the `targets` of user contexts with empty values; count each group once. */
function targetsOf(config: FeatureFlagConfig): Target[] {
  const withValues = (targets: Target[] | undefined): Target[] => (targets ?? []).filter((t) => t.values?.length);
  return [...withValues(config.targets), ...withValues(config.contextTargets)];
}

function describeTarget(target: Target, names: readonly string[]): string {
  const kind = target.contextKind && target.contextKind !== 'user' ? `${target.contextKind} ` : '';
  const shown = target.values.length > 3 ? `${target.values.slice(0, 3).join(', ')} +${target.values.length - 3}` : target.values.join(', ');
  return `${kind}${shown} → ${names[target.variation] ?? `#${target.variation}`}`;
}

function describeRule(rule: Rule, names: readonly string[]): string {
  const when = rule.description?.trim() || (rule.clauses ?? []).map(describeClause).join(' and ') || 'always';
  return `${when} → ${describeOutcome(rule, names)}`;
}

function describeOutcome(rule: VariationOrRolloutRep, names: readonly string[]): string {
  const served = plainServing(rule, names);
  return served.type === 'variation' ? served.variation : served.split.map((p) => `${p.percent}% ${p.variation}`).join(' / ');
}

export function describeClause(clause: Clause): string {
  const values = (clause.values ?? []).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  const shown = values.length > 3 ? `${values.slice(0, 3).join(', ')} +${values.length - 3}` : values.join(', ');
  const attribute = clause.contextKind && clause.contextKind !== 'user' ? `${clause.contextKind}.${clause.attribute}` : clause.attribute;
  return `${attribute} ${clause.negate ? 'not ' : ''}${clause.op} ${shown}`.trim();
}
