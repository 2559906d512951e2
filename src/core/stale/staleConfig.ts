import { defaultStaleThresholds, type StaleThresholds } from './model';
import { normalizeFlagType } from './permanence';

export interface StaleConfigResult {
  thresholds: Required<StaleThresholds>;
  /** One line each, naming the setting (`stale.releasedAfterDays: …`); bad entries fall back to the default. */
  problems: string[];
}

const dayKeys = ['releasedAfterDays', 'inactiveAfterDays', 'launchedAfterDays'] as const;
/** The `stale` keys the parser accepts; the JSON schema is tested against these. */
export const staleSettingKeys: readonly string[] = [...dayKeys, 'typeLifetimeDays'];
const maxDays = 36500;

/**
 * Validates the raw `stale` section of `.flaglens.json`. Never throws: each bad entry becomes a
 * problem and keeps its default, so a typo costs one setting, not the whole check.
 */
export function parseStaleConfig(raw: unknown): StaleConfigResult {
  const problems: string[] = [];
  const thresholds = mergeThresholds(undefined);
  if (raw === undefined || raw === null) return { thresholds, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { thresholds, problems: [`stale: expected an object, got ${describe(raw)}`] };
  }
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if ((dayKeys as readonly string[]).includes(name)) {
      const problem = dayProblem(value);
      if (problem) problems.push(`stale.${name}: ${problem}`);
      else thresholds[name as (typeof dayKeys)[number]] = value as number;
    } else if (name === 'typeLifetimeDays') {
      parseLifetimes(value, thresholds.typeLifetimeDays, problems);
    } else {
      problems.push(`stale.${name}: unknown setting (expected ${staleSettingKeys.join(', ')})`);
    }
  }
  return { thresholds, problems };
}

function parseLifetimes(value: unknown, into: Record<string, number | null>, problems: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`stale.typeLifetimeDays: expected an object of flag type to days or null, got ${describe(value)}`);
    return;
  }
  for (const [type, days] of Object.entries(value as Record<string, unknown>)) {
    const problem = days === null ? undefined : dayProblem(days);
    if (problem) problems.push(`stale.typeLifetimeDays.${type}: ${problem}`);
    else into[normalizeFlagType(type) ?? type] = days as number | null;
  }
}

function dayProblem(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `expected a number of days, got ${describe(value)}`;
  if (value < 0) return `expected 0 or more days, got ${value}`;
  if (value > maxDays) return `expected at most ${maxDays} days, got ${value}`;
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : String(value);
}

/** Defaults overlaid with whatever valid values `partial` has (invalid ones are ignored). */
export function mergeThresholds(partial: Partial<StaleThresholds> | undefined): Required<StaleThresholds> {
  const merged: Required<StaleThresholds> = { ...defaultStaleThresholds, typeLifetimeDays: { ...defaultStaleThresholds.typeLifetimeDays } };
  if (!partial) return merged;
  for (const name of dayKeys) {
    const value = partial[name];
    if (value !== undefined && dayProblem(value) === undefined) merged[name] = value;
  }
  for (const [type, days] of Object.entries(partial.typeLifetimeDays ?? {})) {
    if (days === null || dayProblem(days) === undefined) merged.typeLifetimeDays[normalizeFlagType(type) ?? type] = days;
  }
  return merged;
}
