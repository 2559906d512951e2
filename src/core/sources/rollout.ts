import { FlagLensError } from '../errors';
import type { EnvironmentState, FlagDefinition, FlagSource, RolloutRequest, Serving, UnreleaseRequest, Variation } from './model';

/**
 * What a percentage means for a flag: the share of everyone that gets `on`, the rest `off`. Only
 * flags with an obvious release pair can be ramped — boolean flags (true/false) or variations named
 * on/off; for anything else ("classic"/"ml", three variations) a percentage would be a guess.
 */
export interface ReleasePair {
  on: string;
  off: string;
}

/** The on/off variations of a flag, or undefined when it has none (see `ReleasePair`). */
export function releasePair(variations: readonly Pick<Variation, 'name' | 'value'>[]): ReleasePair | undefined {
  const byValue = (value: boolean) => variations.filter((v) => v.value === value);
  const trueOnes = byValue(true);
  const falseOnes = byValue(false);
  if (trueOnes.length === 1 && falseOnes.length === 1) return { on: trueOnes[0]!.name, off: falseOnes[0]!.name };
  const named = (name: string) => variations.filter((v) => v.name === name);
  if (named('on').length === 1 && named('off').length === 1) return { on: 'on', off: 'off' };
  return undefined;
}

/** The sentence for a flag that has no release pair, so every surface refuses with the same words. */
export function noReleasePairMessage(key: string, variations: readonly Pick<Variation, 'name'>[]): string {
  const names = variations.map((v) => `'${v.name}'`).join(', ') || 'none';
  return `'${key}' has no on/off variations (true/false, or named on and off; it has ${names}), so a percentage would not say which variation it means; change its split where it is defined.`;
}

/** Sources that can ramp and un-release; the others say so instead of failing half way. */
export function rolloutCapable(source: FlagSource): source is FlagSource & Required<Pick<FlagSource, 'setRollout' | 'unrelease'>> {
  return typeof source.setRollout === 'function' && typeof source.unrelease === 'function';
}

/** Refuses a percentage the vendors cannot store: outside 0–100, not finite, or finer than 0.001. */
export function checkPercent(percent: number): number {
  if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new FlagLensError('usage', `A rollout percentage must be a number from 0 to 100, got ${String(percent)}.`);
  }
  const thousandths = Math.round(percent * 1000);
  if (Math.abs(thousandths - percent * 1000) > 1e-6) {
    throw new FlagLensError('usage', `A rollout percentage has at most three decimals (LaunchDarkly's resolution), got ${String(percent)}.`);
  }
  return thousandths / 1000;
}

/** Parses what people type: `25`, `25%`, `12.5 %`. */
export function parsePercent(text: string): number {
  const trimmed = text.trim().replace(/\s*%$/, '');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) throw new FlagLensError('usage', `Expected a percentage from 0 to 100, got '${text}'.`);
  return checkPercent(Number(trimmed));
}

/**
 * The share of everyone that gets `pair.on` in an environment now, as far as the model can say:
 * off (or a flag serving `off`) is 0, a plain `on` is 100, a split is its `on` part; targeting
 * rules answer only when everyone else gets a split (a ramp under way behind them), since a rule
 * serving `on` to some while the rest get `off` is not "0 %". Undefined when it cannot be told.
 */
export function currentRolloutPercent(state: EnvironmentState | undefined, pair: ReleasePair): number | undefined {
  if (!state) return undefined;
  if (!state.on) return state.offVariation === pair.on ? 100 : state.offVariation === undefined ? undefined : 0;
  return servingPercent(state.serving, pair);
}

function servingPercent(serving: Serving, pair: ReleasePair): number | undefined {
  switch (serving.type) {
    case 'variation':
      return serving.variation === pair.on ? 100 : serving.variation === pair.off ? 0 : undefined;
    case 'split':
      return serving.split.filter((part) => part.variation === pair.on).reduce((sum, part) => sum + part.percent, 0);
    case 'rules':
      return serving.fallthrough?.type === 'split' ? servingPercent(serving.fallthrough, pair) : undefined;
  }
}

/** Same refusal and wording as toggles (`Refusing to change 'k' in 'prod': <reason>.`). */
export function refuseProtected(request: RolloutRequest | UnreleaseRequest, environment: string, protection: string | undefined): void {
  if (protection && !request.allowProtected) {
    throw new FlagLensError(
      'protectedEnvironment',
      `Refusing to change '${request.key}' in '${environment}': ${protection}. Allow protected environments explicitly to do it.`,
    );
  }
}

/**
 * Splits 100 % into integer weights on a scale: the scale the author used when the percentage fits
 * it exactly (25 % of 4 → 1/3), else 100, else 100000 (thousandths, what LaunchDarkly counts in).
 */
export function weightsFor(percent: number, preferredScale: number): { on: number; off: number; scale: number } {
  const scales = [preferredScale, 100, 1000, 100000].filter((scale) => Number.isSafeInteger(scale) && scale > 0);
  for (const scale of scales) {
    const on = (percent * scale) / 100;
    const rounded = Math.round(on);
    if (Math.abs(on - rounded) < 1e-9) return { on: rounded, off: scale - rounded, scale };
  }
  const on = Math.round(percent * 1000);
  return { on, off: 100000 - on, scale: 100000 };
}

/** The share of `on` a flag has in an environment now (see `currentRolloutPercent`); undefined without a release pair. */
export function flagRolloutPercent(flag: FlagDefinition | undefined, environment: string): number | undefined {
  const pair = flag && releasePair(flag.variations);
  return pair ? currentRolloutPercent(flag.environments[environment], pair) : undefined;
}
