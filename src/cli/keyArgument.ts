import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FlagLensError } from '../core/errors';

/**
 * Refuses a flag key that is really a path, as in `flaglens cleanup ./app` with the key forgotten:
 * taken as a key, it would silently work on the current folder instead. Keys may contain `/`
 * (flagd allows it), so only a key that also names something on disk is refused.
 */
export async function refuseKeyThatIsAPath(key: string, cwd: string, usage: string): Promise<void> {
  const looksLikeAPath = key === '.' || key === '..' || key.includes('/') || key.includes(path.sep);
  if (!looksLikeAPath) return;
  const stat = await fs.stat(path.resolve(cwd, key)).catch(() => undefined);
  if (!stat) return;
  const what = stat.isDirectory() ? 'a folder' : 'a file path';
  throw new FlagLensError('usage', `'${key}' looks like ${what}, not a flag key: ${usage}`);
}
