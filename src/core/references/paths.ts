import * as path from 'node:path';

export { normalizePath } from '../util/paths';

export function relativePath(root: string, file: string): string {
  return path.posix.relative(root, file);
}

export const scriptExtensions: readonly string[] = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

export function isScriptFile(file: string): boolean {
  if (file.endsWith('.d.ts') || file.endsWith('.d.mts') || file.endsWith('.d.cts')) return false;
  return scriptExtensions.includes(path.posix.extname(file));
}
