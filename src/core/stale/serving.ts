import type { EnvironmentState, FlagDefinition, Serving } from '../sources/model';
import { formatValue } from './values';

/** What one environment serves to everyone, or why it does not serve one thing to everyone. */
export type SingleServing =
  | { single: true; variation: string; value: unknown; description: string }
  | { single: false; reason: string };

/** Splits are rounded to 0.001 by the sources, so 99.999 is a full rollout. */
const fullRollout = 99.999;

/**
 * The single variation an environment serves to everyone: on with no rules and no split, a 100 %
 * split, or off with an off variation. The value comes from the flag's variations, never a guess.
 */
export function singleServing(flag: FlagDefinition, state: EnvironmentState): SingleServing {
  let variation: string | undefined;
  let how: string;
  if (state.on) {
    const served = servedVariation(state.serving);
    if ('reason' in served) return { single: false, reason: `${state.environment}: ${served.reason}` };
    variation = served.variation;
    how = served.how;
  } else {
    if (state.offVariation === undefined) {
      return { single: false, reason: `${state.environment}: off without an off variation (code gets its own default)` };
    }
    variation = state.offVariation;
    how = 'off, serving the off variation';
  }
  const found = flag.variations.find((v) => v.name === variation);
  if (!found) return { single: false, reason: `${state.environment}: serves variation '${variation}', which the flag does not define` };
  return { single: true, variation, value: found.value, description: `${state.environment}: ${how} '${variation}' = ${formatValue(found.value)}` };
}

function servedVariation(serving: Serving): { variation: string; how: string } | { reason: string } {
  switch (serving.type) {
    case 'variation':
      return { variation: serving.variation, how: 'on, no rules, serving' };
    case 'split': {
      const byVariation = new Map<string, number>();
      for (const part of serving.split) byVariation.set(part.variation, (byVariation.get(part.variation) ?? 0) + part.percent);
      const full = [...byVariation].find(([, percent]) => percent >= fullRollout);
      if (full) return { variation: full[0], how: 'on, 100 % rollout of' };
      const parts = [...byVariation].filter(([, p]) => p > 0).map(([v, p]) => `${round(p)} % ${v}`);
      return { reason: `percentage split (${parts.join(' / ')})` };
    }
    case 'rules':
      return { reason: `${serving.count} targeting rule${serving.count === 1 ? '' : 's'}${serving.summary ? ` (${serving.summary})` : ''}` };
  }
}

function round(percent: number): number {
  return Math.round(percent * 1000) / 1000;
}
