import type { StaleFinding } from '../stale/model';
import type { DynamicReference, FlagReference } from '../references/model';
import type { EnvironmentInfo, FlagDefinition, SourceKind } from '../sources/model';
import type { Disposable, Event } from '../util/emitter';

/** One flag as one source defines it; a key defined by two sources has two of these. */
export interface CatalogDefinition {
  sourceId: string;
  sourceLabel: string;
  sourceKind: SourceKind;
  flag: FlagDefinition;
  environments: EnvironmentInfo[];
}

/**
 * The subset of a stale finding the surfaces read. Declared structurally so the catalog does not
 * pin the stale module's full model; `StaleFinding` from `src/core/stale` satisfies it.
 */
/** Surfaces read the stale module's findings as they are. */
export type CatalogStaleFinding = StaleFinding;

export interface CatalogEntry {
  key: string;
  /** Empty when code references a key that no source defines. */
  definitions: readonly CatalogDefinition[];
  references: readonly FlagReference[];
  stale: readonly CatalogStaleFinding[];
}

/** What changed, so surfaces can refresh only what they show. */
export interface CatalogChange {
  /** Reference changes in these files (absolute, forward slashes). */
  files?: string[];
  /** Definitions (snapshots) changed: every surface that shows state refreshes. */
  definitions?: boolean;
  /** A source's connection state changed. */
  status?: boolean;
}

export interface CatalogCounts {
  /** Distinct keys defined by at least one source. */
  flags: number;
  references: number;
  dynamic: number;
  /** References whose key no loaded source defines (0 while no source has loaded). */
  unknown: number;
  staleFlags: number;
}

/**
 * What the catalog needs from a reference index. `ReferenceIndex` from `src/core/references`
 * satisfies it; tests and the CLI can pass the real thing.
 */
export interface CatalogIndex {
  readonly onDidChange: Event<{ files: string[] }>;
  all(): readonly FlagReference[];
  dynamic(): readonly DynamicReference[];
  referencesOf(key: string): readonly FlagReference[];
  referencesIn(file: string): readonly FlagReference[];
  dynamicIn(file: string): readonly DynamicReference[];
  referenceAt(file: string, offset: number): FlagReference | undefined;
  setKnownKeys?(keys: Iterable<string>): Promise<void>;
}

/** Mirrors `StaleInput` from `src/core/stale/model.ts` (minus thresholds, which the detector binds). */
export interface StaleDetectionInput {
  definitions: { sourceId: string; sourceKind: SourceKind; flag: FlagDefinition; environments: EnvironmentInfo[] }[];
  references: readonly FlagReference[];
  dynamicReferences: readonly DynamicReference[];
  /** Sources that have loaded, even with zero flags (unknown-key findings need one). */
  sourceIds: readonly string[];
  now: Date;
}

export type StaleDetector = (input: StaleDetectionInput) => CatalogStaleFinding[];

export type { Disposable };
