import { FlagLensError } from '../errors';
import { ConcurrentChangeError, writeFilesAtomically } from '../util/atomicWrite';
import type { Logger } from '../log';
import type { CleanupResult } from './model';

export interface ApplyCleanupOptions {
  /** The workspace folder: a file that resolves (through symlinks) outside it is not written. */
  root?: string;
  signal?: AbortSignal;
  logger?: Logger;
}

/**
 * Writes every change, or none: each file must still hold the text the plan was made from (an
 * editor or another tool may have changed it since), every new text is staged in a temp file beside
 * its target, and a failure part-way restores what was already replaced or deleted.
 */
export async function applyCleanup(result: CleanupResult, options: ApplyCleanupOptions = {}): Promise<void> {
  try {
    await writeFilesAtomically(
      result.changes.map((change) => ({ file: change.file, text: change.after, expected: change.before })),
      options,
    );
  } catch (error) {
    if (!(error instanceof ConcurrentChangeError)) throw error;
    throw new FlagLensError('usage', `${error.file} changed since the cleanup was planned; plan it again (nothing was written).`, { cause: error, file: error.file });
  }
}
