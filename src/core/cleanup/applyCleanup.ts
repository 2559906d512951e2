import { promises as fs } from 'node:fs';
import { FlagLensError } from '../errors';
import type { CleanupResult } from './model';

/**
 * Writes every change, or none: each file is first checked to still hold the text the plan was made
 * from (an editor or another tool may have changed it since), then written through a temporary file.
 */
export async function applyCleanup(result: CleanupResult): Promise<void> {
  for (const change of result.changes) {
    let current: string;
    try {
      current = await fs.readFile(change.file, 'utf8');
    } catch (error) {
      throw new FlagLensError('notFound', `Cannot read ${change.file}; the cleanup was not applied.`, { cause: error, file: change.file });
    }
    if (current !== change.before) {
      throw new FlagLensError('usage', `${change.file} changed since the cleanup was planned; plan it again.`, { file: change.file });
    }
  }
  for (const change of result.changes) {
    if (change.after === null) {
      await fs.rm(change.file, { force: true });
      continue;
    }
    const temporary = `${change.file}.flaglens-${process.pid}.tmp`;
    await fs.writeFile(temporary, change.after, 'utf8');
    await fs.rename(temporary, change.file);
  }
}
