import type { FlagLensErrorReason } from '../errors';
import type { SourceKind } from '../sources/model';

/** One point of a count series: the evaluations in the bucket that starts at `at`. */
export interface EvaluationPoint {
  at: Date;
  total: number;
}

/**
 * Evaluations the vendor counted in one window. `byVariation` uses the flag's variation names
 * (Unleash: `on`/`off` for yes/no, then each variant's name; LaunchDarkly: the variation's name).
 */
export interface EvaluationWindow {
  since: Date;
  until: Date;
  total: number;
  byVariation: Record<string, number>;
  /** Oldest first, when the vendor answers in buckets (Unleash hourly or daily, LaunchDarkly hourly or daily). */
  series?: EvaluationPoint[];
}

export interface EnvironmentEvidence {
  environment: string;
  /** The longest window the source answers for (7 d where it can); null when the source has no counts. */
  evaluations: EvaluationWindow | null;
  /** The last 24 h, separately, when the source can tell. */
  lastDay?: EvaluationWindow | null;
  /** LaunchDarkly `flag-statuses` `lastRequested`; null when it was never requested. */
  lastRequested?: Date | null;
  /** Why `evaluations` covers less than 7 d or is null, in one line for people. */
  note?: string;
}

export interface FlagEvidence {
  sourceId: string;
  key: string;
  fetchedAt: Date;
  environments: Record<string, EnvironmentEvidence>;
}

/** What a surface shows for one flag in one environment: counts, or why there are none. */
export type EvidenceState =
  | { state: 'ready'; evidence: EnvironmentEvidence; fetchedAt: Date }
  | { state: 'unavailable'; reason: string; cause: FlagLensErrorReason | 'noSource' };

export const hourMs = 60 * 60 * 1000;
export const dayMs = 24 * hourMs;
export const weekMs = 7 * dayMs;

/** flagd files are configuration only: nothing counts their evaluations. */
export function sourceHasEvidence(kind: SourceKind): boolean {
  return kind !== 'flagd';
}

export const noEvidenceFromFlagd = 'flagd files carry no evaluation counts';

/**
 * The window as `flags --format json` writes it (additive to version 1): dates as ISO strings,
 * counts as numbers, `series` only when the vendor sent one.
 */
export interface EvaluationWindowJson {
  since: string;
  until: string;
  total: number;
  byVariation: Record<string, number>;
  series?: { at: string; total: number }[];
}

export function evaluationsToJson(window: EvaluationWindow | null | undefined): EvaluationWindowJson | null {
  if (!window) return null;
  return {
    since: window.since.toISOString(),
    until: window.until.toISOString(),
    total: window.total,
    byVariation: { ...window.byVariation },
    ...(window.series ? { series: window.series.map((point) => ({ at: point.at.toISOString(), total: point.total })) } : {}),
  };
}

/** Sums the points whose bucket starts at or after `since` into a narrower window (24 h out of 48 h). */
export function pointsSince(series: readonly EvaluationPoint[], since: Date): EvaluationPoint[] {
  return series.filter((point) => point.at.getTime() >= since.getTime());
}

/** Adds `count` to `record[name]`, ignoring anything that is not a finite, non-negative number. */
export function addCount(record: Record<string, number>, name: string, count: unknown): number {
  if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) return 0;
  // Own-property check: a variant called `__proto__` or `constructor` is a name like any other.
  const before = Object.prototype.hasOwnProperty.call(record, name) ? record[name]! : 0;
  Object.defineProperty(record, name, { value: before + count, enumerable: true, writable: true, configurable: true });
  return count;
}
