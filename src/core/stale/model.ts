import type { EnvironmentEvidence } from '../evidence/model';
import type { DynamicReference, FlagReference } from '../references/model';
import type { EnvironmentInfo, FlagDefinition, SourceKind } from '../sources/model';

/** Kinds that judge a flag against a flag source: without one, none of them can be decided. */
export type SourceCheckKind = 'released' | 'removed' | 'inactive' | 'markedStale' | 'unused' | 'unknownKey';

/**
 * Code-only hints (severity `hint`): what the references alone suggest, with or without a source.
 * - `similarKeys`: keys that differ only by case or separators (`newCheckout` vs `new-checkout`).
 * - `dynamicKey`: an evaluation whose key the index could not resolve; it hides a flag from every check.
 * - `singleReference`: a key referenced in exactly one place (a leftover or a typo?), only without a source.
 */
export type HintKind = 'similarKeys' | 'dynamicKey' | 'singleReference';

export type StaleKind = SourceCheckKind | HintKind;

/**
 * The stale checks, in report order (most actionable first). What `--fail-on any` means: hints are
 * not in it, so a CI job that fails on "any stale flag" does not start failing on a flag that is
 * merely referenced once or a call with a computed key.
 */
export const staleKinds: readonly SourceCheckKind[] = ['removed', 'released', 'markedStale', 'inactive', 'unknownKey', 'unused'];

/** The code-only hints, in report order: a likely typo first, then a blind spot, then the weakest signal. */
export const hintKinds: readonly HintKind[] = ['similarKeys', 'dynamicKey', 'singleReference'];

/** Every kind, in report order: the stale checks, then the hints. */
export const findingKinds: readonly StaleKind[] = [...staleKinds, ...hintKinds];

/** `hint`: a code-only observation worth a look, never proof that a flag is stale. */
export type StaleSeverity = 'error' | 'warning' | 'info' | 'hint';

/** A hint, as opposed to a stale finding (surfaces that list "stale flags" leave hints out). */
export function isHint(finding: Pick<StaleFinding, 'kind'>): boolean {
  return (hintKinds as readonly string[]).includes(finding.kind);
}

/**
 * `dynamicKey` findings have no flag key of their own; this stands in for it (the finding's place
 * is `at`). Parenthesised so it cannot be mistaken for, or collide with, a real key in practice.
 */
export const dynamicKeyPlaceholder = '(dynamic)';

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
  /** unknownKey: the closest existing key. similarKeys: the most used spelling. singleReference: a close key used more often. */
  suggestion?: string;
  sourceId?: string;
  /** The flag is permanent (kill switch, operational, permission, `temporary: false`): never suggested for removal. */
  permanent?: boolean;
  /** Where the source defines the flag when it is a workspace file (flagd): the location of findings without code references. */
  definedAt?: StaleLocation;
  /** Where in code a finding without a key of its own is (`dynamicKey`: the unresolved evaluation). */
  at?: StaleCodeRange;
}

/** A position in a workspace file, 0-based (the same shape as the sources' `SourceLocation`). */
export interface StaleLocation {
  file: string;
  line: number;
  character: number;
}

/** A range in a workspace file, 0-based like `StaleLocation`. */
export interface StaleCodeRange extends StaleLocation {
  endLine: number;
  endCharacter: number;
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
  /**
   * Evaluation counts the caller loaded (`stale --evidence`: only for the flags being checked).
   * Where given for a flag in an environment, counts decide `inactive`; `released` shows the
   * observed share. Undefined for anything not loaded.
   */
  evidence?: (sourceId: string, key: string, environment: string) => EnvironmentEvidence | undefined;
}

/** Findings plus the explanations of every rule that considered a flag and did not fire. */
export interface StaleAnalysis {
  findings: StaleFinding[];
  notStale: NotStaleExplanation[];
  thresholds: Required<StaleThresholds>;
  /** Stale checks that could not run because no flag source loaded (empty when one did). */
  notChecked: SourceCheckKind[];
}
