import type { EnvironmentEvidence } from '../evidence/model';
import type { Event, Disposable } from '../util/emitter';

export type SourceKind = 'flagd' | 'launchdarkly' | 'unleash';
export type FlagKind = 'boolean' | 'string' | 'number' | 'json';

export interface Variation {
  /** The name people see and that `Serving` refers to: flagd variant name, LD variation name or its value's text, Unleash variant name or `on`/`off`. */
  name: string;
  value: unknown;
  description?: string;
}

export interface SplitPart {
  variation: string;
  /** 0–100; the parts of one split sum to 100 (rounded to 0.001). */
  percent: number;
}

/** What an enabled flag serves in one environment. */
export type Serving =
  | { type: 'variation'; variation: string }
  | { type: 'split'; split: SplitPart[] }
  | { type: 'rules'; count: number; summary: string; fallthrough?: Exclude<Serving, { type: 'rules' }> };

export type EvaluationStatus = 'new' | 'active' | 'inactive' | 'launched';

export interface EnvironmentState {
  environment: string;
  on: boolean;
  /** What is served while on. */
  serving: Serving;
  /** The variation served while off (flagd: none, a disabled flag yields the caller's default). */
  offVariation?: string;
  lastModified?: Date;
  /** LaunchDarkly flag status; Unleash has no such thing (null). */
  status?: EvaluationStatus | null;
  lastEvaluated?: Date | null;
  evaluationCounts?: { yes: number; no: number };
  protected: boolean;
  /** Workspace-file sources (flagd): where this environment's definition of the flag is written. */
  definedAt?: SourceLocation;
}

/** A position in a workspace file, 0-based like SourceSpan. */
export interface SourceLocation {
  file: string;
  line: number;
  character: number;
}

export interface EnvironmentInfo {
  key: string;
  name: string;
  /** Production-like: toggles need explicit opt-in. */
  protected: boolean;
  /** Why it is protected, in words ("its name 'prod' looks like production"); set with `protected`. */
  protectedBecause?: string;
  /** The vendor wants a comment with every change here. */
  requireComments?: boolean;
  /** Changes go through approvals; toggling directly will be refused by the vendor. */
  approvalsRequired?: boolean;
}

export interface FlagDefinition {
  key: string;
  name: string;
  description?: string;
  kind: FlagKind;
  variations: Variation[];
  temporary: boolean;
  /** Vendor type: release, experiment, kill-switch, operational, permission (lowercase, vendor words). */
  type?: string;
  tags: string[];
  maintainer?: string;
  createdAt?: Date;
  lastModified?: Date;
  archived: boolean;
  deleted?: boolean;
  /** The source itself marks the flag stale (Unleash `stale`). */
  markedStale?: boolean;
  dashboardUrl?: string;
  /** Manifest-only sources: the default value code should use; no live state. */
  defaultValue?: unknown;
  environments: Record<string, EnvironmentState>;
  /** Workspace-file sources: where the flag is first declared (flagd file or manifest), for "go to definition". */
  definedAt?: SourceLocation;
  /** The source's own metadata as written (flagd `metadata`: flagSetId, version, owner…), for hovers. */
  flagMetadata?: Record<string, string | number | boolean>;
}

export type SourceStatus =
  | { state: 'idle' }
  | { state: 'refreshing'; lastSuccess?: Date }
  | { state: 'connected'; lastSuccess: Date }
  | { state: 'offline'; lastSuccess?: Date; message: string }
  | { state: 'authError'; message: string }
  | { state: 'misconfigured'; message: string };

export interface FlagSnapshot {
  sourceId: string;
  flags: FlagDefinition[];
  environments: EnvironmentInfo[];
  fetchedAt: Date;
  /** True when served from the on-disk cache (the editor shows its age). */
  fromCache?: boolean;
  /** Problems that did not stop the load (e.g. one malformed flagd file), each pointing at a file/line when known. */
  problems?: SourceProblem[];
}

export interface SourceProblem {
  message: string;
  file?: string;
  /** 0-based. */
  line?: number;
  character?: number;
  /** `error` (default): the file could not be used and its last good state is shown; `warning`: loaded, but something is off. */
  severity?: 'error' | 'warning';
}

export interface ToggleRequest {
  key: string;
  environment: string;
  on: boolean;
  comment?: string;
  /** Must be set explicitly to change a protected environment; otherwise the source refuses with `protectedEnvironment`. */
  allowProtected?: boolean;
  signal?: AbortSignal;
}

/** Sets the share of everyone that gets a flag's "on" variation in one environment. */
export interface RolloutRequest {
  key: string;
  environment: string;
  /** 0–100, at most three decimals (LaunchDarkly's resolution); the rest get the "off" variation. */
  percent: number;
  comment?: string;
  /** As for toggles: must be set explicitly to change a protected environment. */
  allowProtected?: boolean;
  signal?: AbortSignal;
}

/** Serves the flag's "off" variation to everyone in one environment. */
export type UnreleaseRequest = Omit<RolloutRequest, 'percent'>;

/**
 * One vendor, one interface: every surface reads snapshots and status and never knows which vendor
 * it talks to.
 */
export interface FlagSource extends Disposable {
  readonly id: string;
  readonly kind: SourceKind;
  /** Short label for people, e.g. "flagd: flags.json", "LaunchDarkly: my-project". */
  readonly label: string;
  readonly status: SourceStatus;
  /** The last good snapshot (possibly from cache), if any. */
  readonly snapshot: FlagSnapshot | undefined;
  readonly onDidChangeSnapshot: Event<FlagSnapshot>;
  readonly onDidChangeStatus: Event<SourceStatus>;
  /** Fetches now; resolves to the new snapshot or throws a FlagLensError (keeping the last good one). */
  refresh(signal?: AbortSignal): Promise<FlagSnapshot>;
  toggle(request: ToggleRequest): Promise<void>;
  /** Optional capability: sources that cannot ramp leave it out (see `rolloutCapable`). */
  setRollout?(request: RolloutRequest): Promise<void>;
  /** Optional capability, present together with `setRollout`. */
  unrelease?(request: UnreleaseRequest): Promise<void>;
  /**
   * Optional capability: evaluation counts of one flag per environment, read on demand (never on
   * a poll); sources without counts (flagd) leave it out. Throws a FlagLensError; callers cache
   * through `EvidenceCache`, which turns failures into "no evidence: …" states.
   */
  evidence?(key: string, environments: readonly string[], signal: AbortSignal): Promise<Record<string, EnvironmentEvidence>>;
  /** Starts polling/watching; sources that need neither may make this a no-op. */
  start(): void;
}
