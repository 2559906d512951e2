import type { Serving } from '../model';
import type { UnleashConstraint, UnleashStrategy } from './unleashTypes';

/** Segment id → name, when the server told us; unknown ids are shown as `#id`. */
export type SegmentNames = ReadonlyMap<number, string>;

const maxSummaryLength = 200;

type PlainServing = Exclude<Serving, { type: 'rules' }>;

/**
 * What an enabled Unleash environment serves. Strategies are OR-ed: any unconstrained strategy that
 * covers everyone makes the flag plainly on; one unconstrained partial rollout is a split; anything
 * conditional (constraints, segments, user lists, custom strategies) is a rule with a one-line summary.
 * Disabled strategies never count.
 */
export function servingFromStrategies(strategies: readonly UnleashStrategy[] | undefined, segments: SegmentNames = new Map()): Serving {
  const active = (strategies ?? []).filter((s) => s.disabled !== true);
  // No strategy at all: SDKs treat an enabled flag without strategies as on.
  if (active.length === 0) return { type: 'variation', variation: 'on' };

  // "Plain" strategies depend only on a percentage of everyone; the rest depend on who asks.
  const isPlain = (s: UnleashStrategy): boolean => !isConditional(s) && rolloutPercent(s) !== undefined;
  const plain = active.filter(isPlain);
  if (plain.some((s) => rolloutPercent(s)! >= 100)) return { type: 'variation', variation: 'on' };
  const conditional = active.filter((s) => !isPlain(s));
  if (conditional.length === 0 && plain.length === 1) return split(rolloutPercent(plain[0]!)!);

  // Several partial rollouts overlap by stickiness/groupId; their union is not their sum, so they
  // are described rather than added up. A single one is what everyone else gets.
  const described = plain.length > 1 ? active : conditional;
  const fallthrough: PlainServing = plain.length === 1 ? split(rolloutPercent(plain[0]!)!) : { type: 'variation', variation: 'off' };
  const summary = described.map((s) => describeStrategy(s, segments)).join('; ');
  return { type: 'rules', count: described.length, summary: truncate(summary), fallthrough };
}

function split(percent: number): PlainServing {
  const on = Math.max(0, Math.min(100, percent));
  if (on <= 0) return { type: 'variation', variation: 'off' };
  return { type: 'split', split: [{ variation: 'on', percent: on }, { variation: 'off', percent: round(100 - on) }] };
}

function isConditional(strategy: UnleashStrategy): boolean {
  return (strategy.constraints?.length ?? 0) > 0 || (strategy.segments?.length ?? 0) > 0;
}

/** The share of everyone an unconstrained strategy turns on, or undefined when it depends on who asks. */
export function rolloutPercent(strategy: UnleashStrategy): number | undefined {
  switch (strategy.name) {
    case 'default':
      return 100;
    case 'flexibleRollout':
      return parsePercent(strategy.parameters?.rollout);
    // Legacy strategies that 6.x still evaluates.
    case 'gradualRolloutRandom':
    case 'gradualRolloutSessionId':
    case 'gradualRolloutUserId':
      return parsePercent(strategy.parameters?.percentage);
    default:
      return undefined;
  }
}

function parsePercent(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? round(Math.max(0, Math.min(100, number))) : undefined;
}

export function describeStrategy(strategy: UnleashStrategy, segments: SegmentNames = new Map()): string {
  const conditions = [
    ...(strategy.segments ?? []).map((id) => `segment ${segments.get(id) ?? `#${id}`}`),
    ...(strategy.constraints ?? []).map(describeConstraint),
  ];
  const what = describeAudience(strategy);
  const variants = strategy.variants?.length ? ` (variants ${strategy.variants.map((v) => v.name).join('/')})` : '';
  const label = strategy.title ? `${strategy.title}: ` : '';
  return `${label}${conditions.length ? `${conditions.join(' and ')} → ` : ''}${what}${variants}`;
}

function describeAudience(strategy: UnleashStrategy): string {
  const p = strategy.parameters ?? {};
  switch (strategy.name) {
    case 'default':
      return 'on';
    case 'flexibleRollout': {
      const percent = parsePercent(p.rollout) ?? 0;
      const stickiness = p.stickiness && p.stickiness !== 'default' ? ` by ${p.stickiness}` : '';
      return percent >= 100 ? 'on' : `${percent}%${stickiness}`;
    }
    case 'gradualRolloutRandom':
    case 'gradualRolloutSessionId':
    case 'gradualRolloutUserId':
      return `${parsePercent(p.percentage) ?? 0}% (${strategy.name})`;
    case 'userWithId':
      return `users ${listParameter(p.userIds)}`;
    case 'remoteAddress':
      return `IPs ${listParameter(p.IPs)}`;
    case 'applicationHostname':
      return `hosts ${listParameter(p.hostNames)}`;
    default: {
      const params = Object.entries(p).filter(([, value]) => value !== undefined && value !== '');
      return params.length ? `${strategy.name}(${params.map(([k, v]) => `${k}=${String(v)}`).join(', ')})` : strategy.name;
    }
  }
}

function listParameter(value: string | number | undefined): string {
  const items = String(value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return items.length > 3 ? `${items.slice(0, 3).join(', ')} +${items.length - 3}` : items.join(', ') || '(none)';
}

export function describeConstraint(constraint: UnleashConstraint): string {
  const values = constraint.values?.length ? constraint.values : constraint.value !== undefined ? [constraint.value] : [];
  const shown = values.length > 3 ? `${values.slice(0, 3).join(', ')} +${values.length - 3}` : values.join(', ');
  const operator = `${constraint.inverted ? 'NOT ' : ''}${constraint.operator}`;
  return values.length ? `${constraint.contextName} ${operator} ${shown}` : `${constraint.contextName} ${operator}`;
}

function truncate(text: string): string {
  return text.length > maxSummaryLength ? `${text.slice(0, maxSummaryLength - 1)}…` : text;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
