import * as path from 'node:path';
import { statSync } from 'node:fs';
import { silentLogger, type Logger } from '../log';
import { compileSafeGlob } from '../util/safeGlob';
import type { SkippedFile } from './model';
import { relativeTo, sizeCapReason, workspaceWalk } from './workspaceWalk';

// Where they have always been imported from; the walk itself lives in workspaceWalk.ts.
export { gitignoreRules, maxIgnoreFileBytes, sizeCapReason, skippedDirectories, skipReasonOf } from './workspaceWalk';

export interface DiscoveredFile {
  file: string;
  /** Bytes; -1 for scripts, whose size is checked when they are read. */
  size: number;
}

export interface Discovery {
  scripts: DiscoveredFile[];
  texts: DiscoveredFile[];
  /** package.json / tsconfig.json / pnpm-workspace.yaml, for module resolution. */
  projectFiles: string[];
  skipped: SkippedFile[];
}

export interface DiscoverOptions {
  root: string;
  exclude: readonly string[];
  maxFileBytes: number;
  logger: Logger;
  signal?: AbortSignal;
}

/** The same cap as the config's: the matcher is one regular expression, but it grows with every glob. */
const maxExcludeGlobs = 1000;

/**
 * Builds the test for the config's `exclude` globs, relative to the root: every glob compiled once
 * into one regular expression, so a path costs one test however many globs there are.
 */
export function excludeMatcher(exclude: readonly string[], logger: Logger = silentLogger): (relative: string) => boolean {
  if (exclude.length === 0) return () => false;
  const sources = exclude.slice(0, maxExcludeGlobs).flatMap((glob) => {
    // A glob that could backtrack for minutes (or does not compile) excludes nothing.
    const compiled = compileSafeGlob(glob);
    if (compiled.ok) return [compiled.regex.source];
    logger.warn(`exclude glob ${glob.length > 80 ? `${glob.slice(0, 80)}…` : glob} is not used: ${compiled.reason}`);
    return [];
  });
  if (sources.length === 0) return () => false;
  const matchers = compiledOrSplit(sources);
  return (relative) => matchers.some((matcher) => matcher.test(relative) || matcher.test(relative + '/'));
}

/**
 * One regular expression for all globs; V8 compiles it lazily and refuses one that is too large, so
 * it is tried here, once, and split in halves (down to one per glob, dropping a glob that alone is
 * too large) rather than failing every path test of the walk.
 */
function compiledOrSplit(sources: readonly string[]): RegExp[] {
  try {
    const combined = new RegExp(sources.map((source) => `(?:${source})`).join('|'));
    combined.test('');
    return [combined];
  } catch {
    if (sources.length === 1) return [];
    const half = Math.ceil(sources.length / 2);
    return [...compiledOrSplit(sources.slice(0, half)), ...compiledOrSplit(sources.slice(half))];
  }
}

/**
 * The files the index reads: the folder's shared walk (nested .gitignore files, the skip list; see
 * `workspaceWalk`) filtered by the `exclude` globs and the size cap.
 */
export async function discoverFiles(options: DiscoverOptions): Promise<Discovery> {
  const { root, maxFileBytes, logger, signal } = options;
  const excluded = excludeMatcher(options.exclude, logger);
  const hasExcludes = options.exclude.length > 0;
  const tree = await workspaceWalk(root, logger, signal);
  const out: Discovery = { scripts: [], texts: [], projectFiles: [], skipped: [] };

  // A folder is excluded when a glob matches it or any folder above it (the walk once stopped there).
  const excludedFolders = new Map<string, boolean>();
  const folderExcluded = (dir: string): boolean => {
    if (dir === root || !dir.startsWith(root)) return false;
    let result = excludedFolders.get(dir);
    if (result === undefined) {
      result = folderExcluded(path.posix.dirname(dir)) || excluded(relativeTo(root, dir));
      excludedFolders.set(dir, result);
    }
    return result;
  };
  const isExcluded = (file: string): boolean => hasExcludes && (folderExcluded(path.posix.dirname(file)) || excluded(relativeTo(root, file)));

  for (const [file, kind] of tree.indexFiles) {
    if (isExcluded(file)) continue;
    if (kind === 'project') {
      out.projectFiles.push(file);
      continue;
    }
    if (kind === 'script') {
      // Scripts are read right after discovery; the size cap is applied there, saving a stat per file.
      out.scripts.push({ file, size: -1 });
      continue;
    }
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      continue;
    }
    if (size > maxFileBytes) {
      const reason = sizeCapReason(size, maxFileBytes);
      out.skipped.push({ file, reason });
      logger.info(`Skipped ${file}: ${reason}`);
      continue;
    }
    out.texts.push({ file, size });
  }
  for (const { file, reason, level } of tree.indexSkipped.values()) {
    if (isExcluded(file)) continue;
    out.skipped.push({ file, reason });
    logger[level](`Skipped ${file}: ${reason}`);
  }
  const byName = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  out.scripts.sort(byName);
  out.texts.sort(byName);
  out.projectFiles.sort();
  out.skipped.sort(byName);
  return out;
}
