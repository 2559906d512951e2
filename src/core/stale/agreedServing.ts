import type { DecisiveEnvironments } from './environments';
import type { StaleDefinitionInput } from './model';
import { singleServing } from './serving';
import { formatValue, sameValue } from './values';

export type AgreedServing =
  | { agreed: true; value: unknown; evidence: string[] }
  | { agreed: false; reason: string };

/**
 * The one value every deciding environment serves to everyone, or why there is none (an
 * environment with rules or a split, or environments that disagree).
 */
export function agreedServing(definition: StaleDefinitionInput, environments: DecisiveEnvironments): AgreedServing {
  if (environments.states.length === 0) return { agreed: false, reason: 'the source has no live state for it (manifest only)' };
  const served = environments.states.map((state) => singleServing(definition.flag, state));
  const mixed = served.filter((s) => !s.single);
  if (mixed.length > 0) return { agreed: false, reason: `not one variation to everyone: ${mixed.map((m) => (m.single ? '' : m.reason)).join('; ')}` };
  const singles = served.flatMap((s) => (s.single ? [s] : []));
  const first = singles[0]!;
  if (!singles.every((s) => sameValue(s.value, first.value))) {
    const values = environments.states.map((state, i) => `${state.environment} serves ${formatValue(singles[i]!.value)}`);
    return { agreed: false, reason: `environments disagree: ${values.join(', ')}` };
  }
  return { agreed: true, value: first.value, evidence: singles.map((s) => s.description) };
}
