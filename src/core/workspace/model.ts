import type { FlagLensConfig } from '../config/model';
import type { SkippedSource, SourceSecrets } from '../sources/createSources';
import type { FlagSnapshot, FlagSource } from '../sources/model';
import type { SourceConfigProblem, SourcesConfig } from '../sources/sourceConfig';
import type { WaitLimits } from '../sources/waitLimits';

/**
 * Which sources a surface may start, decided from the loaded config. The extension decides from
 * user settings and workspace trust, each CLI command from its options and the environment; the
 * workspace itself never decides where a token goes.
 */
export interface SourceSelection {
  sources: SourcesConfig;
  secrets: SourceSecrets;
  /** False in untrusted workspaces and for offline commands: local flagd files only. */
  allowRemote: boolean;
  /** Configured sources set aside before creation (an untrusted token destination), and why. */
  refused?: readonly SkippedSource[];
  /** Problems found while selecting (the validated `sources` section). */
  problems?: readonly SourceConfigProblem[];
  waits?: WaitLimits;
  /** Where remote sources keep their last good snapshot between runs; none without it. */
  cacheDir?: string;
  /** The flag files default discovery finds, when the selector already walked for them: not walked again. */
  flagdFiles?: readonly string[];
}

export interface SelectionContext {
  signal: AbortSignal;
  /** The config's own problems, so a selector can refuse a config that lost its `sources` to a syntax error. */
  configProblems: readonly WorkspaceProblem[];
}

export type SourceSelector = (config: FlagLensConfig, context: SelectionContext) => SourceSelection | Promise<SourceSelection>;

/** Everything a workspace reports, with its place when it has one (0-based, like VS Code). */
export interface WorkspaceProblem {
  origin: 'config' | 'stale' | 'sources' | 'source';
  severity: 'error' | 'warning';
  message: string;
  file?: string;
  line?: number;
  character?: number;
  /** `sources` problems: the JSON path of the entry, e.g. `sources.unleash.url`. */
  path?: string;
  /** `source` problems: which source. */
  sourceLabel?: string;
}

/** A source's snapshot as loaded by `openWorkspace`. */
export interface LoadedSnapshot {
  source: FlagSource;
  snapshot: FlagSnapshot;
  /** Set when the refresh failed and the last good (cached) snapshot stands in: the failure. */
  refreshError?: unknown;
}

/** A source whose refresh failed with nothing cached to fall back on. */
export interface SourceFailure {
  source: FlagSource;
  error: unknown;
}
