import { readdirSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { throwIfAborted } from '../errors';
import { silentLogger, type Logger } from '../log';
import { compileSafeGlob } from '../util/safeGlob';
import { FileSkippedError, readTextFileSync } from '../util/textFiles';
import type { SkippedFile } from './model';
import { isScriptFile } from './paths';

/** Folders that hold dependencies, build output or tool caches: never source a person edits. */
export const skippedDirectories: ReadonlySet<string> = new Set([
  'node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.svelte-kit',
  '.turbo', '.cache', '.parcel-cache', '.vscode-test', '.yarn', '.pnpm-store', 'bower_components', 'jspm_packages',
  '.output', '.vercel', '.serverless', 'storybook-static', '.flaglens-cache', '__pycache__', '.venv', 'venv', 'target', 'vendor',
]);

/** Non-script files the text fallback reads: source in other languages and config. */
const textExtensions: ReadonlySet<string> = new Set([
  '.py', '.go', '.java', '.kt', '.kts', '.rb', '.php', '.cs', '.rs', '.swift', '.scala', '.ex', '.exs', '.erl', '.clj',
  '.dart', '.lua', '.c', '.h', '.cc', '.cpp', '.hpp', '.m', '.mm', '.sh', '.bash', '.ps1',
  '.yaml', '.yml', '.toml', '.ini', '.properties', '.env', '.tf', '.hcl', '.sql', '.graphql', '.gql',
  '.html', '.vue', '.svelte', '.astro', '.erb', '.haml', '.jinja', '.j2',
]);

/** A .gitignore is a few KiB; a huge one costs a rule test per path per rule. */
export const maxIgnoreFileBytes = 16 * 1024 * 1024;
const maxIgnoreRules = 1000;

const projectFileNames: ReadonlySet<string> = new Set(['package.json', 'tsconfig.json', 'jsconfig.json', 'pnpm-workspace.yaml', 'lerna.json']);

export interface DiscoveredFile {
  file: string;
  /** Bytes; -1 for scripts, whose size is checked when they are read. */
  size: number;
}

export function sizeCapReason(size: number, maxFileBytes: number): string {
  return `larger than the ${Math.round(maxFileBytes / 1024)} KiB size cap (${Math.round(size / 1024)} KiB)`;
}

/** The reason listed for a file the reader refused: the index's own size-cap wording, else the reader's. */
export function skipReasonOf(error: FileSkippedError, file: string, maxFileBytes = Number.MAX_SAFE_INTEGER): string {
  // "is not a regular file (FIFO); skipped." reads as "not a regular file (FIFO)" in a list of skipped files.
  const concise = error.detail.replace(/^is /, '').replace(/(; skipped)?\.$/, '');
  if (error.skipReason !== 'tooLarge') return concise;
  try {
    return sizeCapReason(statSync(file).size, maxFileBytes);
  } catch {
    return concise;
  }
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

interface IgnoreScope {
  base: string;
  rules: Ignore;
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

/** Compiled .gitignore text, capped: every rule is a test per path, and 100,000 rules would make a walk take minutes. */
export function gitignoreRules(text: string, file: string, logger: Logger): Ignore {
  const lines = text.split(/\r\n|\r|\n/);
  const rules = lines.filter((line) => line.trim() !== '' && !line.startsWith('#'));
  if (rules.length <= maxIgnoreRules) return ignore().add(lines);
  logger.warn(`${file} has ${rules.length} rules; only the first ${maxIgnoreRules} are used.`);
  return ignore().add(rules.slice(0, maxIgnoreRules));
}

/** A directory's .gitignore rules; a .gitignore that is a FIFO, device or too large is skipped, never waited on. */
function readIgnoreFile(dir: string, skipped: SkippedFile[], logger: Logger): Ignore | undefined {
  const file = path.posix.join(dir, '.gitignore');
  try {
    return gitignoreRules(readTextFileSync(file, { maxBytes: maxIgnoreFileBytes }), file, logger);
  } catch (error) {
    if (error instanceof FileSkippedError) {
      const reason = skipReasonOf(error, file);
      skipped.push({ file, reason });
      logger.warn(`Skipped ${file}: ${reason}`);
    }
    return undefined;
  }
}

/** `file` relative to the folder `base` it lies under (walk paths are already normal: a slice, not path.relative). */
function relativeTo(base: string, file: string): string {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : path.posix.relative(base, file);
}

function isIgnored(scopes: readonly IgnoreScope[], file: string, isDir: boolean): boolean {
  // Later (deeper) .gitignore files override earlier ones, as git does.
  let ignored = false;
  for (const scope of scopes) {
    const rel = relativeTo(scope.base, file);
    if (!rel || rel.startsWith('..')) continue;
    const result = scope.rules.test(isDir ? rel + '/' : rel);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

function isSpecialFile(entry: Dirent): boolean {
  return entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice();
}

function specialKind(entry: Dirent): string {
  if (entry.isFIFO()) return 'FIFO';
  if (entry.isSocket()) return 'socket';
  return 'device';
}

/** Walks the folder honoring nested .gitignore files, the skip list, `exclude` globs and the size cap. */
export async function discoverFiles(options: DiscoverOptions): Promise<Discovery> {
  const { root, maxFileBytes, logger, signal } = options;
  const excluded = excludeMatcher(options.exclude, logger);
  const hasExcludes = options.exclude.length > 0;
  const out: Discovery = { scripts: [], texts: [], projectFiles: [], skipped: [] };

  // Synchronous file system calls: for thousands of small files they cost a fraction of the
  // promise-based ones; the walk yields to the event loop between folders so callers stay responsive.
  let visited = 0;
  const walk = async (dir: string, scopes: IgnoreScope[]): Promise<void> => {
    if (++visited % 100 === 0) {
      throwIfAborted(signal);
      await new Promise((resolve) => setImmediate(resolve));
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      // Listed like a file: a folder the scan could not enter may hold references.
      const reason = `folder cannot be read (${(error as NodeJS.ErrnoException).code ?? 'I/O error'})`;
      out.skipped.push({ file: dir, reason });
      logger.warn(`Skipped ${dir}: ${reason}`);
      return;
    }
    const own = entries.some((e) => e.name === '.gitignore') ? readIgnoreFile(dir, out.skipped, logger) : undefined;
    const here = own ? [...scopes, { base: dir, rules: own }] : scopes;
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = dir === '/' ? `/${entry.name}` : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (skippedDirectories.has(entry.name) || isIgnored(here, full, true) || excluded(relativeTo(root, full))) continue;
        subdirs.push(full);
        continue;
      }
      // Only regular files enter the index; symbolic links are not followed (they may lead out of the folder).
      if (!entry.isFile() && !isSpecialFile(entry) && !entry.isSymbolicLink()) continue;
      const name = entry.name;
      const ext = path.posix.extname(name);
      const script = isScriptFile(full);
      const project = projectFileNames.has(name) || (name.startsWith('tsconfig') && ext === '.json');
      if (!script && !project && !textExtensions.has(ext)) continue;
      if (isIgnored(here, full, false) || (hasExcludes && excluded(relativeTo(root, full)))) continue;
      if (!entry.isFile()) {
        // A FIFO would block the reader forever, a device never ends: listed, never opened.
        const reason = entry.isSymbolicLink() ? 'symbolic link; not followed' : `not a regular file (${specialKind(entry)})`;
        out.skipped.push({ file: full, reason });
        if (entry.isSymbolicLink()) logger.info(`Skipped ${full}: ${reason}`);
        else logger.warn(`Skipped ${full}: ${reason}`);
        continue;
      }
      if (project) {
        out.projectFiles.push(full);
        continue;
      }
      if (script) {
        // Scripts are read right after discovery; the size cap is applied there, saving a stat per file.
        out.scripts.push({ file: full, size: -1 });
        continue;
      }
      let size: number;
      try {
        size = statSync(full).size;
      } catch {
        continue;
      }
      if (size > maxFileBytes) {
        const reason = sizeCapReason(size, maxFileBytes);
        out.skipped.push({ file: full, reason });
        logger.info(`Skipped ${full}: ${reason}`);
        continue;
      }
      (script ? out.scripts : out.texts).push({ file: full, size });
    }
    for (const sub of subdirs) await walk(sub, here);
  };

  const rootScopes: IgnoreScope[] = [];
  await walk(root, rootScopes);
  const byName = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  out.scripts.sort(byName);
  out.texts.sort(byName);
  out.projectFiles.sort();
  out.skipped.sort(byName);
  return out;
}
