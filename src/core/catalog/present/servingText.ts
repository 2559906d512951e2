import type { EnvironmentState, FlagDefinition, Serving } from '../../sources/model';

export function formatPercent(percent: number): string {
  return String(Math.round(percent * 10) / 10);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What is served, for the hover table: `on`, `on 25% · off 75%`, `2 rules`. */
export function servingText(serving: Serving): string {
  switch (serving.type) {
    case 'variation':
      return serving.variation;
    case 'split':
      return serving.split.map((part) => `${part.variation} ${formatPercent(part.percent)}%`).join(' · ');
    case 'rules':
      return plural(serving.count, 'rule');
  }
}

function variationValue(flag: FlagDefinition, name: string): unknown {
  return flag.variations.find((variation) => variation.name === name)?.value;
}

/**
 * The short state a code lens shows for one environment: `ON`, `OFF`, `25% rollout` (boolean
 * splits: the share served `true`), `blue` (the variation a non-boolean or false-serving flag serves),
 * `2 rules`.
 */
export function lensStateText(flag: FlagDefinition, state: EnvironmentState | undefined): string {
  if (!state) return '—';
  if (!state.on) return 'OFF';
  const serving = state.serving;
  switch (serving.type) {
    case 'variation':
      return flag.kind === 'boolean' && variationValue(flag, serving.variation) === true ? 'ON' : serving.variation;
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

/** The state one quick-pick item or tree description shows: `ON · on 25% · off 75%`. */
export function stateSummary(flag: FlagDefinition, state: EnvironmentState | undefined): string {
  if (!state) return 'not in this environment';
  if (!state.on) return state.offVariation ? `OFF · serves ${state.offVariation}` : 'OFF';
  return lensStateText(flag, state) === 'ON' ? 'ON' : `ON · ${servingText(state.serving)}`;
}
