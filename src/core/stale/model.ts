import type { DynamicReference, FlagReference } from '../references/model';
import type { EnvironmentInfo, FlagDefinition, SourceKind } from '../sources/model';

export type StaleKind = 'released' | 'removed' | 'inactive' | 'markedStale' | 'unused' | 'unknownKey';

/** Every kind, in report order (most actionable first). */
export const staleKinds: readonly StaleKind[] = ['removed', 'released', 'markedStale', 'inactive', 'unknownKey', 'unused'];

export type StaleSeverity = 'error' | 'warning' | 'info';

export interface StaleThresholds {
  /** A single variation served unchanged everywhere that matters for this many days → released. */
  releasedAfterDays: number;
  /** No evaluations for this many days → inactive. */
  inactiveAfterDays: number;
  /** LaunchDarkly status `launched` for this many days on a temporary flag → marked stale. */
  launchedAfterDays: number;
  /**
   * Expected lifetime per flag type (Unleash's convention) after which a flag is potentially stale;
   * `null` = never. Types not listed have no lifetime.
   */
  typeLifetimeDays?: Record<string, number | null>;
}

export const defaultStaleThresholds: Readonly<Required<StaleThresholds>> = Object.freeze({
  releasedAfterDays: 30,
  inactiveAfterDays: 7,
  launchedAfterDays: 7,
  typeLifetimeDays: Object.freeze({
    release: 40,
    experiment: 40,
    operational: 7,
    'kill-switch': null,
    permission: null,
  }) as Record<string, number | null>,
});

export interface StaleFinding {
  kind: StaleKind;
  key: string;
  severity: StaleSeverity;
  /** One line. */
  message: string;
  /** Dates, environments, served value: why the rule fired. */
  evidence: string[];
  /** Suggested action, one line. */
  action: string;
  /**
   * For released/removed (and markedStale when the source shows a single served value): the value
   * cleanup should keep, taken from the source, never guessed. Absent when the source does not say,
   * or when the flag is permanent (no removal is suggested).
   */
  keepValue?: unknown;
  /** unknownKey: the closest existing key. */
  suggestion?: string;
  sourceId?: string;
  /** The flag is permanent (kill switch, operational, permission, `temporary: false`): never suggested for removal. */
  permanent?: boolean;
  /** Where the source defines the flag when it is a workspace file (flagd): the location of findings without code references. */
  definedAt?: StaleLocation;
}

/** A position in a workspace file, 0-based (the same shape as the sources' `SourceLocation`). */
export interface StaleLocation {
  file: string;
  line: number;
  character: number;
}

/** Why a rule looked at a flag and decided it is *not* stale (e.g. environments disagree). */
export interface NotStaleExplanation {
  key: string;
  sourceId?: string;
  kind: StaleKind;
  /** One line. */
  reason: string;
}

export interface StaleDefinitionInput {
  sourceId: string;
  flag: FlagDefinition;
  environments: EnvironmentInfo[];
  /**
   * The vendor. A `null` last evaluation means "never evaluated" only for sources that track
   * evaluations (LaunchDarkly, Unleash); flagd files track none. Unknown → treated as no data.
   */
  sourceKind?: SourceKind;
}

export interface StaleInput {
  definitions: StaleDefinitionInput[];
  references: readonly FlagReference[];
  now: Date;
  thresholds?: Partial<StaleThresholds>;
  /** Keys the index could not resolve; an unused flag may hide behind one, so findings say so. */
  dynamicReferences?: readonly DynamicReference[];
  /**
   * Ids of the sources that loaded, even with zero flags. Unknown-key findings need at least one
   * loaded source; when omitted, the sources are taken from `definitions`.
   */
  sourceIds?: readonly string[];
}

/** Findings plus the explanations of every rule that considered a flag and did not fire. */
export interface StaleAnalysis {
  findings: StaleFinding[];
  notStale: NotStaleExplanation[];
  thresholds: Required<StaleThresholds>;
}
