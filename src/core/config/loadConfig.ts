import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FlagLensError, throwIfAborted } from '../errors';
import { parseConfigText } from './parseConfig';
import type { ConfigProblem, FlagLensConfig } from './model';

export type { ConfigProblem, CustomPattern, FlagLensConfig, KeyTransform } from './model';
export { emptyConfig } from './model';

export const configFileName = '.flaglens.json';

/**
 * Reads `<root>/.flaglens.json` (or `options.file`). A missing default file is an empty config;
 * bad entries are dropped and reported as problems so one typo never disables the whole file.
 */
export async function loadConfig(
  root: string,
  options: { file?: string; signal?: AbortSignal } = {},
): Promise<{ config: FlagLensConfig; problems: ConfigProblem[] }> {
  const explicit = options.file !== undefined;
  const file = path.resolve(root, options.file ?? configFileName).split(path.sep).join('/');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throwIfAborted(options.signal);
    const code = (error as NodeJS.ErrnoException).code;
    if (!explicit && code === 'ENOENT') return { config: { patterns: [], exclude: [] }, problems: [] };
    const why = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'unknown error'})`;
    if (explicit) throw new FlagLensError('invalidConfig', `Config file ${file} ${why}.`, { file, cause: error });
    return { config: { patterns: [], exclude: [] }, problems: [{ file, line: 0, character: 0, message: `Config file ${why}.` }] };
  }
  throwIfAborted(options.signal);
  return parseConfigText(text, file);
}
