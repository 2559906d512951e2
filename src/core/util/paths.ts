import * as path from 'node:path';

/**
 * The one spelling of file paths across Flag Lens: absolute or relative, always with forward
 * slashes. Converting uses the platform's separator, so on Linux and macOS a `\` stays what it is
 * there — a legal character in a file name — and only Windows paths change.
 */
export function toPosixPath(file: string): string {
  return path.sep === '/' ? file : file.split(path.sep).join('/');
}

/** Absolute, forward slashes: how the index, the catalog and every report name a file. */
export function normalizePath(file: string): string {
  return toPosixPath(path.resolve(file));
}

/** `file` relative to `root`, forward slashes, for people (`src/app.ts`). */
export function relativePosixPath(root: string, file: string): string {
  return toPosixPath(path.relative(root, file));
}

/**
 * A path or glob a person typed (a setting, `--env config\prod.flagd.json`): written either way on
 * any platform, it means forward slashes, without a leading `./`.
 */
export function typedPathPattern(typed: string): string {
  return typed.replace(/\\/g, '/').replace(/^\.\//, '');
}
