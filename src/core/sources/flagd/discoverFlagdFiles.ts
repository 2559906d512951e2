import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Ignore } from 'ignore';
import picomatch from 'picomatch';
import { throwIfAborted } from '../../errors';
import { silentLogger, type Logger } from '../../log';
import { gitignoreRules, maxIgnoreFileBytes } from '../../references/discover';
import { isFlagLensWorkFile, isInside } from '../../util/atomicWrite';
import { compileSafeGlob } from '../../util/safeGlob';
import { readTextFile } from '../../util/textFiles';
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

interface IgnoreScope {
  base: string;
  rules: Ignore;
}

/**
 * Finds flag files under the root, skipping dependencies and anything .gitignored (build output,
 * vendored copies), so a stray copy in `dist/` never shadows the real file. Results are absolute,
 * forward-slash paths in a stable order.
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
    await walk(root, root, explicit ? [] : await rootScopes(root, logger), 0, matches, !explicit, found, logger, options.signal, accept);
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

async function walk(
  root: string,
  dir: string,
  scopes: IgnoreScope[],
  depth: number,
  matches: (relative: string) => boolean,
  useGitignore: boolean,
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
  let localScopes = scopes;
  if (useGitignore && dir !== root) {
    const rules = await readIgnoreFile(dir, logger);
    if (rules) localScopes = [...scopes, { base: dir, rules }];
  }
  for (const entry of entries) {
    const absolute = path.join(dir, entry.name);
    // Symlinked folders are skipped: they loop, and what they point at is usually elsewhere in the tree.
    if (entry.isDirectory()) {
      if (alwaysSkipped.has(entry.name)) continue;
      if (useGitignore && isIgnored(localScopes, absolute, true)) continue;
      await walk(root, absolute, localScopes, depth + 1, matches, useGitignore, found, logger, signal, accept);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      const relative = toPosix(path.relative(root, absolute));
      if (!matches(relative)) continue;
      if (useGitignore && isIgnored(localScopes, absolute, false)) continue;
      if (entry.isSymbolicLink() && !(await isFile(absolute))) continue;
      if (!(await accept(absolute))) continue;
      found.add(toPosix(absolute));
    }
  }
}

async function rootScopes(root: string, logger: Logger): Promise<IgnoreScope[]> {
  const rules = await readIgnoreFile(root, logger);
  return rules ? [{ base: root, rules }] : [];
}

async function readIgnoreFile(dir: string, logger: Logger): Promise<Ignore | undefined> {
  try {
    // A FIFO or device named .gitignore must not hang discovery.
    const file = path.join(dir, '.gitignore');
    return gitignoreRules(await readTextFile(file, { maxBytes: maxIgnoreFileBytes }), file, logger);
  } catch {
    return undefined;
  }
}

function isIgnored(scopes: readonly IgnoreScope[], absolute: string, isDirectory: boolean): boolean {
  for (const scope of scopes) {
    const relative = toPosix(path.relative(scope.base, absolute));
    if (!relative || relative.startsWith('..')) continue;
    if (scope.rules.ignores(isDirectory ? `${relative}/` : relative)) return true;
  }
  return false;
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
