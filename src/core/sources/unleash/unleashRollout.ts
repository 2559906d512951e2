import { FlagLensError } from '../../errors';
import type { UnleashStrategy } from './unleashTypes';

/** The body of Unleash's create/update strategy calls (`createFeatureStrategySchema`). */
export interface UnleashStrategyWrite {
  name: string;
  title?: string | null;
  disabled?: boolean | null;
  constraints: NonNullable<UnleashStrategy['constraints']>;
  parameters: Record<string, string>;
  segments?: number[];
  variants?: NonNullable<UnleashStrategy['variants']>;
  sortOrder?: number;
}

export type UnleashRolloutPlan = { kind: 'update'; id: string; strategy: UnleashStrategyWrite } | { kind: 'add'; strategy: UnleashStrategyWrite };

/**
 * How a percentage lands in Unleash: the `rollout` parameter of the environment's one gradual
 * rollout (`flexibleRollout`) for everyone. Strategies with constraints or segments target someone
 * and stay as they are (the percentage is for everyone else, like LaunchDarkly's default rule); an
 * environment without strategies gets a new gradual rollout. Anything for everyone that is not a
 * gradual rollout (`default`, user lists, custom strategies), or several of them (strategies are
 * OR-ed, so their union is not their sum), is refused with the reason.
 */
export function planUnleashRollout(key: string, environment: string, strategies: readonly UnleashStrategy[], percent: number): UnleashRolloutPlan {
  if (!Number.isInteger(percent)) {
    throw new FlagLensError('usage', `Unleash rollouts are whole percentages; ${percent} % cannot be set for '${key}'.`);
  }
  const rollout = String(percent);
  const active = strategies.filter((s) => s.disabled !== true);
  const forEveryone = active.filter((s) => (s.constraints?.length ?? 0) === 0 && (s.segments?.length ?? 0) === 0);
  if (forEveryone.length === 0) {
    if (active.length > 0) {
      throw new FlagLensError('unsupported', `'${key}' in '${environment}' only has targeted strategies (constraints or segments); add a gradual rollout for everyone in Unleash first.`);
    }
    return {
      kind: 'add',
      strategy: { name: 'flexibleRollout', constraints: [], parameters: { rollout, stickiness: 'default', groupId: key } },
    };
  }
  if (forEveryone.length > 1) {
    const names = forEveryone.map((s) => s.title || s.name).join(', ');
    throw new FlagLensError('unsupported', `'${key}' in '${environment}' has ${forEveryone.length} strategies for everyone (${names}); Unleash OR-s them, so one percentage cannot describe them. Change them in Unleash.`);
  }
  const strategy = forEveryone[0]!;
  if (strategy.name !== 'flexibleRollout' || !strategy.id) {
    throw new FlagLensError('unsupported', `'${key}' in '${environment}' is served by a '${strategy.name}' strategy, not a gradual rollout (flexibleRollout); change it in Unleash.`);
  }
  const parameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(strategy.parameters ?? {})) if (value !== undefined) parameters[name] = String(value);
  parameters.rollout = rollout;
  return {
    kind: 'update',
    id: strategy.id,
    strategy: {
      name: strategy.name,
      ...(strategy.title !== undefined ? { title: strategy.title } : {}),
      ...(strategy.disabled !== undefined ? { disabled: strategy.disabled } : {}),
      constraints: strategy.constraints ?? [],
      parameters,
      ...(strategy.segments ? { segments: strategy.segments } : {}),
      ...(strategy.variants ? { variants: strategy.variants } : {}),
      ...(strategy.sortOrder !== undefined ? { sortOrder: strategy.sortOrder } : {}),
    },
  };
}
