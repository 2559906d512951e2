import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { throwIfAborted } from '../../errors';
import { silentLogger, type Logger } from '../../log';
import { workspaceWalk } from '../../references/workspaceWalk';
import { isFlagLensWorkFile, isInside } from '../../util/atomicWrite';
import { compileSafeGlob } from '../../util/safeGlob';
import { toPosixPath, typedPathPattern } from '../../util/paths';

/** The embedded default: flagd files by suffix, and `flags.json` (flagd or an OpenFeature CLI manifest). */
export const defaultFlagdPatterns: readonly string[] = ['**/*.flagd.json', '**/flags.json'];

/** Never worth descending into, gitignored or not. */
const alwaysSkipped = new Set(['node_modules', '.git', '.hg', '.svn']);
const maxDepth = 24;

export interface DiscoverFlagdOptions {
  root: string;
  /** Globs relative to the root (`sources.flagd.files`); when given, .gitignore is not applied: the user named the files. */
  patterns?: readonly string[];
  logger?: Logger;
  signal?: AbortSignal;
  /**
   * Read a symlinked flag file whose target is outside the root (default true). False in an
   * untrusted workspace. Configured paths outside the root are never read.
   */
  followLinksOutside?: boolean;
}

/**
 * Finds flag files under the root, skipping dependencies and anything .gitignored (build output,
 * vendored copies), so a stray copy in `dist/` never shadows the real file. Results are absolute,
 * forward-slash paths in a stable order. Configured globs walk the folder on their own, ignoring
 * .gitignore (the user named the files).
 */
export async function discoverFlagdFiles(options: DiscoverFlagdOptions): Promise<string[]> {
  const root = path.resolve(options.root);
  const logger = options.logger ?? silentLogger;
  const explicit = options.patterns !== undefined && options.patterns.length > 0;
  const globs = explicit ? options.patterns! : defaultFlagdPatterns;
  const found = new Set<string>();
  const realRoot = await fs.realpath(root).catch(() => root);
  const followLinksOutside = options.followLinksOutside !== false;
  /** Inside the folder, and (unless allowed) not a link out of it. */
  const confined = async (absolute: string, shown: string): Promise<boolean> => {
    if (!isInside(root, absolute)) {
      logger.warn(`flagd: configured file ${shown} is outside ${toPosix(root)}; not read.`);
      return false;
    }
    if (followLinksOutside) return true;
    const real = await fs.realpath(absolute).catch(() => undefined);
    if (real !== undefined && isInside(realRoot, real)) return true;
    logger.warn(`flagd: ${shown} links outside ${toPosix(root)}; not read in an untrusted workspace.`);
    return false;
  };

  if (!explicit) {
    // The default patterns read the folder's shared walk (the reference index reads the same one), so
    // a folder without flag files costs nothing beyond the walk the index makes anyway.
    const tree = await workspaceWalk(toPosix(root), logger, options.signal);
    for (const [file, { symlink }] of [...tree.flagCandidates].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      throwIfAborted(options.signal);
      if (isFlagLensWorkFile(file) || (symlink && !(await isFile(file)))) continue;
      if (!followLinksOutside && !(await confined(file, toPosix(path.relative(root, file))))) continue;
      found.add(file);
    }
    return [...found].sort();
  }

  // Plain paths (no glob characters) are taken as they are, even where discovery never looks (node_modules, ignored folders).
  const matchers: ((relative: string) => boolean)[] = [];
  for (const glob of globs) {
    const normalized = typedPathPattern(glob);
    const isGlob = picomatch.scan(normalized).isGlob;
    if (explicit && isGlob && (path.isAbsolute(normalized) || normalized.split('/').includes('..'))) {
      // Globs only match below the root: one that leaves it is a mistake, or an attempt to read elsewhere.
      logger.warn(`flagd: configured pattern ${normalized} points outside ${toPosix(root)}; ignored.`);
      continue;
    }
    if (explicit && !isGlob) {
      const absolute = path.resolve(root, normalized);
      if (!(await confined(absolute, normalized)) || isFlagLensWorkFile(absolute)) continue;
      if (await isFile(absolute)) found.add(toPosix(absolute));
      else logger.warn(`flagd: configured file ${normalized} does not exist.`);
      continue;
    }
    const compiled = compileSafeGlob(normalized);
    if (!compiled.ok) {
      logger.warn(`flagd: configured pattern ${normalized} is not used: ${compiled.reason}`);
      continue;
    }
    matchers.push(compiled.test);
  }
  if (matchers.length > 0) {
    const matches = (relative: string) => matchers.some((m) => m(relative));
    const accept = async (absolute: string): Promise<boolean> => !isFlagLensWorkFile(absolute) && (followLinksOutside || (await confined(absolute, toPosix(path.relative(root, absolute)))));
    await walk(root, root, 0, matches, found, logger, options.signal, accept);
  }
  return [...found].sort();
}

/**
 * Would discovery pick up this path (relative to the root)? Used to notice new flag files next to
 * watched ones without walking the tree again on every file event.
 */
export function flagdFileMatcher(patterns?: readonly string[]): (relative: string) => boolean {
  const globs = patterns && patterns.length > 0 ? patterns : defaultFlagdPatterns;
  // A refused glob matches nothing here, as in discovery (which warns about it).
  const matchers = globs.flatMap((glob) => {
    const compiled = compileSafeGlob(typedPathPattern(glob));
    return compiled.ok ? [compiled.test] : [];
  });
  return (relative) => matchers.some((m) => m(toPosixPath(relative)));
}

/** The configured globs' own walk: everything but dependencies and VCS folders, .gitignore or not. */
async function walk(
  root: string,
  dir: string,
  depth: number,
  matches: (relative: string) => boolean,
  found: Set<string>,
  logger: Logger,
  signal: AbortSignal | undefined,
  accept: (absolute: string) => Promise<boolean>,
): Promise<void> {
  throwIfAborted(signal);
  if (depth > maxDepth) return;
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    logger.debug(`flagd: cannot read ${dir}: ${(error as Error).message}`);
    return;
  }
  for (const entry of entries) {
    const absolute = path.join(dir, entry.name);
    // Symlinked folders are skipped: they loop, and what they point at is usually elsewhere in the tree.
    if (entry.isDirectory()) {
      if (alwaysSkipped.has(entry.name)) continue;
      await walk(root, absolute, depth + 1, matches, found, logger, signal, accept);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      const relative = toPosix(path.relative(root, absolute));
      if (!matches(relative)) continue;
      if (entry.isSymbolicLink() && !(await isFile(absolute))) continue;
      if (!(await accept(absolute))) continue;
      found.add(toPosix(absolute));
    }
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

export function toPosix(file: string): string {
  return toPosixPath(file);
}
