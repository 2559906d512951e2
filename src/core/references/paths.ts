import * as path from 'node:path';

/** Absolute path with forward slashes: the one spelling used for files across core. */
export function normalizePath(file: string): string {
  return path.resolve(file).split(path.sep).join('/');
}

export function relativePath(root: string, file: string): string {
  return path.posix.relative(root, file);
}

export const scriptExtensions: readonly string[] = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

export function isScriptFile(file: string): boolean {
  if (file.endsWith('.d.ts') || file.endsWith('.d.mts') || file.endsWith('.d.cts')) return false;
  return scriptExtensions.includes(path.posix.extname(file));
}
