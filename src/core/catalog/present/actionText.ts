import type { EnvironmentState, FlagDefinition, SourceKind } from '../../sources/model';
import { quoted } from './plainText';
import { formatPercent } from './servingText';

const openInTexts: Readonly<Record<SourceKind, string>> = {
  flagd: 'Open in flag file',
  launchdarkly: 'Open in LaunchDarkly',
  unleash: 'Open in Unleash',
};

/** "Show me this flag where it is defined", worded once per source kind for hovers, menus and the view. */
export function openInText(kind: SourceKind): string {
  return openInTexts[kind];
}

/** The action that flips a flag's state in one environment: `Disable in dev` while enabled, else `Enable in dev`. */
export function toggleActionText(currentlyOn: boolean, environment: string): string {
  return `${currentlyOn ? 'Disable' : 'Enable'} in ${environment}`;
}

/** What a toggle is doing, for its progress message: `enabling 'k' in dev…`. */
export function toggleProgressText(key: string, on: boolean, environment: string): string {
  return `${on ? 'enabling' : 'disabling'} ${quoted(key)} in ${environment}…`;
}

/** A served variation's value when it says more than its name: `'off' (false)`, `'holiday' ("Holiday sale…")`. */
function variationWithValue(flag: FlagDefinition, name: string): string {
  const variation = flag.variations.find((candidate) => candidate.name === name);
  if (!variation || variation.value === null || typeof variation.value === 'object') return quoted(name);
  const text = typeof variation.value === 'string' ? JSON.stringify(variation.value) : String(variation.value);
  if (text === name || String(variation.value) === name) return quoted(name);
  return `${quoted(name)} (${text.length > 40 ? `${text.slice(0, 39)}…` : text})`;
}

function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** What the flag does in the environment after the change, as the rest of a sentence after a colon. */
function outcome(flag: FlagDefinition, state: EnvironmentState): string {
  const codeDefault = 'code gets its own default value';
  if (!state.on) return state.offVariation !== undefined ? `it serves its off variation ${variationWithValue(flag, state.offVariation)}` : codeDefault;
  const serving = state.serving;
  switch (serving.type) {
    case 'variation':
      return serving.variation === '' ? codeDefault : `it serves ${variationWithValue(flag, serving.variation)} to everyone`;
    case 'split':
      return `it serves ${serving.split.map((part) => `${quoted(part.variation)} to ${formatPercent(part.percent)}%`).join(', ')}`;
    case 'rules':
      return `${serving.count} targeting rule${serving.count === 1 ? '' : 's'} (${clip(serving.summary.replace(/[\s.]+$/, ''), 100)})`;
  }
}

/**
 * The notice after a toggle, said from the state the source reports once the change is made:
 * `'free-shipping' is now enabled in dev: it serves 'off' (false) to everyone.` — the state and what
 * it serves, so enabling a flag whose default variation is named `off` cannot read as "ON".
 * `after` is the flag as the source reports it afterwards (undefined: it could not be read back).
 */
export function toggleOutcomeText(key: string, environment: string, requested: boolean, after: FlagDefinition | undefined): string {
  const state = after?.environments[environment];
  const stateWord = (on: boolean) => (on ? 'enabled' : 'disabled');
  if (!after || !state) return `${quoted(key)} is now ${stateWord(requested)} in ${environment}.`;
  if (state.on !== requested) return `${quoted(key)} still reads ${stateWord(state.on)} in ${environment}; the change may need approval or time to apply.`;
  return `${quoted(key)} is now ${stateWord(state.on)} in ${environment}: ${outcome(after, state)}.`;
}

/** The hover action for a flag whose rollout is under way: `Change rollout in dev (25%)`. */
export function rolloutActionText(percent: number, environment: string): string {
  return `Change rollout in ${environment} (${percentText(percent)}%)`;
}

/** A percentage as people write it, to LaunchDarkly's resolution: `40`, `12.5`, `0.125`. */
export function percentText(percent: number): string {
  return String(Math.round(percent * 1000) / 1000);
}

/** What a rollout change is doing, for its progress message: `setting 'k' to 40% in dev…`. */
export function rolloutProgressText(key: string, percent: number, environment: string): string {
  return `setting ${quoted(key)} to ${percentText(percent)}% in ${environment}…`;
}

/**
 * The notice after a rollout change, said from the state the source reports afterwards:
 * `'promo' is now at 40% in dev (was 25%): it serves 'off' to 60%, 'on' to 40%.` A flag that is
 * off there is said to be off, so a ramp of a disabled flag cannot read as a release.
 * `before`/`after`: the share of `on` before and after, as far as the state says (undefined: unknown).
 */
export function rolloutOutcomeText(key: string, environment: string, requested: number, before: number | undefined, after: number | undefined, flag: FlagDefinition | undefined): string {
  const was = before !== undefined && before !== after ? ` (was ${percentText(before)}%)` : '';
  const state = flag?.environments[environment];
  if (!flag || !state) return `${quoted(key)} is now at ${percentText(requested)}% in ${environment}${was}.`;
  if (!state.on) return `${quoted(key)} is set to ${percentText(requested)}% in ${environment}${was}, but it is disabled there: ${outcome(flag, state)}.`;
  if (after !== undefined && Math.abs(after - requested) > 0.0005) {
    return `${quoted(key)} still reads ${percentText(after)}% in ${environment}; the change may need approval or time to apply.`;
  }
  return `${quoted(key)} is now at ${percentText(requested)}% in ${environment}${was}: ${outcome(flag, state)}.`;
}

/** The notice after an un-release: `'promo' is un-released in dev: it serves 'off' (false) to everyone.` */
export function unreleaseOutcomeText(key: string, environment: string, flag: FlagDefinition | undefined): string {
  const state = flag?.environments[environment];
  if (!flag || !state) return `${quoted(key)} is un-released in ${environment}.`;
  return `${quoted(key)} is un-released in ${environment}: ${outcome(flag, state)}.`;
}
