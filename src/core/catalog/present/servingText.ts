import type { EnvironmentState, FlagDefinition, Serving } from '../../sources/model';

/*
 * One vocabulary for a flag's state in one environment, on every surface (lens, Flags view, hover,
 * quick picks, CLI): the *state* is `enabled` or `disabled` (flagd ENABLED/DISABLED, LaunchDarkly
 * targeting on/off, Unleash enabled in the environment), and an enabled flag *serves* a variation,
 * a split or rules. A flag enabled to serve its variation named `off` reads `serves off`, never
 * `OFF`, so the two cannot be confused.
 */

export function formatPercent(percent: number): string {
  return String(Math.round(percent * 10) / 10);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** flagd without a `defaultVariant` serves nothing: the caller's code default applies. */
function servedName(variation: string): string {
  return variation === '' ? 'the code default' : variation;
}

/** What is served, without a verb: `on`, `on 25% · off 75%`, `2 rules`. */
export function servingText(serving: Serving): string {
  switch (serving.type) {
    case 'variation':
      return servedName(serving.variation);
    case 'split':
      return serving.split.map((part) => `${part.variation} ${formatPercent(part.percent)}%`).join(' · ');
    case 'rules':
      return plural(serving.count, 'rule');
  }
}

/** What an enabled flag serves, as a phrase: `serves on`, `serves on 25% · off 75%`, `2 rules, else off`. */
export function servesText(serving: Serving): string {
  if (serving.type !== 'rules') return `serves ${servingText(serving)}`;
  const otherwise = serving.fallthrough ? `, else ${servingText(serving.fallthrough)}` : '';
  return `${plural(serving.count, 'rule')}${otherwise}`;
}

/** What a disabled flag gives code: its off variation (LaunchDarkly, Unleash) or the code's own default (flagd). */
export function disabledServesText(state: EnvironmentState): string {
  return state.offVariation !== undefined ? `serves ${state.offVariation}` : 'code default';
}

function variationValue(flag: FlagDefinition, name: string): unknown {
  return flag.variations.find((variation) => variation.name === name)?.value;
}

/**
 * The short state a code lens or a Flags view row shows for one environment: `disabled`, or what an
 * enabled flag serves: `serves on`, `serves holiday`, `25% rollout` (boolean splits: the share served
 * `true`), `split a 50%/b 50%`, `2 rules`.
 */
export function lensStateText(flag: FlagDefinition, state: EnvironmentState | undefined): string {
  if (!state) return '—';
  if (!state.on) return 'disabled';
  const serving = state.serving;
  switch (serving.type) {
    case 'variation':
      return `serves ${servedName(serving.variation)}`;
    case 'split': {
      if (flag.kind === 'boolean') {
        const truePercent = serving.split
          .filter((part) => variationValue(flag, part.variation) === true)
          .reduce((sum, part) => sum + part.percent, 0);
        return `${formatPercent(truePercent)}% rollout`;
      }
      return `split ${serving.split.map((part) => `${part.variation} ${formatPercent(part.percent)}%`).join('/')}`;
    }
    case 'rules':
      return plural(serving.count, 'rule');
  }
}

/**
 * The state a quick-pick item or completion detail shows: `enabled · serves on`,
 * `enabled · serves on 25% · off 75%`, `enabled · 2 rules, else off`, `disabled · code default`,
 * `disabled · serves false` (its off variation).
 */
export function stateSummary(_flag: FlagDefinition, state: EnvironmentState | undefined): string {
  if (!state) return 'not in this environment';
  if (!state.on) return `disabled · ${disabledServesText(state)}`;
  return `enabled · ${servesText(state.serving)}`;
}
