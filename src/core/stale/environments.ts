import type { EnvironmentState } from '../sources/model';
import { isProductionLike } from '../sources/protection';
import type { StaleDefinitionInput } from './model';

export interface DecisiveEnvironments {
  states: EnvironmentState[];
  /** `protected`: only protected/production-like environments decide; `all`: none is protected, so every one does. */
  basis: 'protected' | 'all';
  /** Environments that exist but do not decide (shown as evidence, never as a reason). */
  ignored: EnvironmentState[];
}

/**
 * The environments whose state decides whether a flag is stale. Protected and production-like
 * environments (by the source's mark or by name, as for toggling) are what users see, so they
 * alone decide; a source without any (a flagd file, a dev-only project) has nothing better than
 * all of its environments.
 */
export function decisiveEnvironments(definition: StaleDefinitionInput): DecisiveEnvironments {
  const infoProtected = new Set(
    definition.environments.filter((e) => e.protected || isProductionLike(e.key) || isProductionLike(e.name)).map((e) => e.key),
  );
  const states = Object.entries(definition.flag.environments ?? {})
    .map(([key, state]) => ({ ...state, environment: state.environment || key }))
    .sort((a, b) => a.environment.localeCompare(b.environment));
  const protectedStates = states.filter((s) => s.protected || infoProtected.has(s.environment) || isProductionLike(s.environment));
  if (protectedStates.length > 0) {
    return { states: protectedStates, basis: 'protected', ignored: states.filter((s) => !protectedStates.includes(s)) };
  }
  return { states, basis: 'all', ignored: [] };
}

export function describeBasis(environments: DecisiveEnvironments): string {
  return environments.basis === 'protected' ? 'protected environment' : 'environment (none is protected)';
}
