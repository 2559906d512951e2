import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FlagLensError } from '../core/errors';
import { toPosixPath } from '../core/util/paths';

/**
 * The arguments several commands share (the folder, `--format`, `--config`), parsed one way so the
 * same mistake gets the same answer from every command.
 */

/** The folder a command works on: relative to the current folder, `/`-separated, and existing. */
export async function resolveRoot(cwd: string, dir: string | undefined): Promise<string> {
  const root = path.resolve(cwd, dir ?? '.');
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat) throw new FlagLensError('usage', `Directory ${root} does not exist.`);
  if (!stat.isDirectory()) throw new FlagLensError('usage', `${root} is not a directory.`);
  return toPosixPath(root);
}

/** The one optional `[dir]` of a command that takes nothing else positionally. */
export function optionalDirectory(positionals: readonly string[]): string | undefined {
  if (positionals.length > 1) throw new FlagLensError('usage', `Expected at most one directory, got ${positionals.length}.`);
  return positionals[0];
}

/** `--format`, one of `formats`; the first is the default. */
export function parseFormat<Format extends string>(value: unknown, formats: readonly [Format, ...Format[]]): Format {
  if (value === undefined) return formats[0];
  if (typeof value === 'string' && (formats as readonly string[]).includes(value)) return value as Format;
  throw new FlagLensError('usage', `Unknown --format '${String(value)}' (expected ${listOfChoices(formats)}).`);
}

/**
 * `--config`, resolved against the current folder like any path typed on a command line (not against
 * the target folder: `flaglens stale app --config app/custom.json` means ./app/custom.json).
 */
export function resolveConfigFile(cwd: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new FlagLensError('usage', '--config needs a file.');
  return toPosixPath(path.resolve(cwd, value));
}

function listOfChoices(choices: readonly string[]): string {
  return choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)!}` : choices.join('');
}
