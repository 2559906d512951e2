import * as path from 'node:path';
import { describeError, FlagLensError, throwIfAborted } from '../errors';
import { FileSkippedError, readTextFile } from '../util/textFiles';
import { parseConfigText } from './parseConfig';
import type { ConfigProblem, FlagLensConfig } from './model';
import { toPosixPath } from '../util/paths';

export type { ConfigProblem, CustomPattern, FlagLensConfig, KeyTransform } from './model';
export { emptyConfig } from './model';

export const configFileName = '.flaglens.json';

/** A config is a few KiB; far beyond that it is not a config. */
const maxConfigBytes = 16 * 1024 * 1024;

/**
 * Reads `<root>/.flaglens.json` (or `options.file`). A missing default file is an empty config;
 * bad entries are dropped and reported as problems so one typo never disables the whole file.
 */
export async function loadConfig(
  root: string,
  options: { file?: string; signal?: AbortSignal } = {},
): Promise<{ config: FlagLensConfig; problems: ConfigProblem[] }> {
  const explicit = options.file !== undefined;
  const file = toPosixPath(path.resolve(root, options.file ?? configFileName));
  let text: string;
  try {
    text = await readTextFile(file, { maxBytes: maxConfigBytes, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (error) {
    throwIfAborted(options.signal);
    const missing = FlagLensError.is(error, 'notFound');
    if (!explicit && missing) return { config: { patterns: [], exclude: [] }, problems: [] };
    // A FIFO, socket or device named .flaglens.json is refused without blocking, never waited on.
    const why = missing ? 'not found' : error instanceof FileSkippedError ? error.detail.replace(/; skipped\.$/, '') : `cannot be read (${describeError(error)})`;
    if (explicit) throw new FlagLensError('invalidConfig', `Config file ${file} ${why}.`, { file, cause: error });
    return { config: { patterns: [], exclude: [] }, problems: [{ file, line: 0, character: 0, message: `Config file ${why}; it is ignored.`, severity: 'warning' }] };
  }
  throwIfAborted(options.signal);
  return parseConfigText(text, file);
}
