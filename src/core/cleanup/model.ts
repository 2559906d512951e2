import type { Logger } from '../log';
import type { ReferenceIndex } from '../references/referenceIndex';

export interface CleanupRequest {
  key: string;
  keep: unknown;
  index: ReferenceIndex;
  signal?: AbortSignal;
  logger?: Logger;
  /**
   * Also delete exports of the changed files that nothing in the workspace imports or names, even
   * those nothing used before the cleanup (off by default: the flag did not make them unused).
   */
  pruneUnusedExports?: boolean;
}

/** `after: null` deletes the file. */
export interface FileChange {
  file: string;
  before: string;
  after: string | null;
}

/** 0-based line. */
export interface CleanupProblem {
  file: string;
  line: number;
  message: string;
}

export interface CleanupResult {
  key: string;
  keep: unknown;
  changes: FileChange[];
  /** False when the rewritten files have compiler diagnostics they did not have before. */
  safe: boolean;
  problems: CleanupProblem[];
  /** References left for a person: text matches in non-TS files, dynamic keys, unsupported shapes. */
  notRewritten: { file: string; line: number; reason: string }[];
  /**
   * Packages the changed files (and those checked with them) import that the compiler could not
   * find, typically because dependencies are not installed: the check passed without their types,
   * so a wrong use of what they export would not have been caught. Absent or empty: none.
   */
  unresolvedPackages?: string[];
}
