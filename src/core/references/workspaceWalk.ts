import { lstatSync, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import { throwIfAborted } from '../errors';
import type { Logger } from '../log';
import { FileSkippedError, readTextFileSync } from '../util/textFiles';
import { compileGitignore, type GitignoreMatcher } from './gitignoreMatcher';
import type { SkippedFile } from './model';
import { isScriptFile } from './paths';

/**
 * One directory walk of a workspace folder serves both readers of its file list: the reference
 * index (scripts, text files, project files) and flag-source discovery (`*.flagd.json`,
 * `flags.json`, `.flaglens.json`). Each keeps its own skip rules, so the walk enters the union of
 * the folders either would and marks which of them the index reads. A folder without any flag
 * source then costs nothing beyond the walk the index needs anyway.
 */

/** Folders that hold dependencies, build output or tool caches: never source a person edits. */
export const skippedDirectories: ReadonlySet<string> = new Set([
  'node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.svelte-kit',
  '.turbo', '.cache', '.parcel-cache', '.vscode-test', '.yarn', '.pnpm-store', 'bower_components', 'jspm_packages',
  '.output', '.vercel', '.serverless', 'storybook-static', '.flaglens-cache', '__pycache__', '.venv', 'venv', 'target', 'vendor',
]);

/** Never worth descending into for anyone, gitignored or not (flag discovery still looks in `dist/` when it is tracked). */
const neverEntered: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn']);

/** Flag discovery has always stopped this deep (the index goes on). */
const maxFlagDepth = 24;

/** Non-script files the text fallback reads: source in other languages and config. */
const textExtensions: ReadonlySet<string> = new Set([
  '.py', '.go', '.java', '.kt', '.kts', '.rb', '.php', '.cs', '.rs', '.swift', '.scala', '.ex', '.exs', '.erl', '.clj',
  '.dart', '.lua', '.c', '.h', '.cc', '.cpp', '.hpp', '.m', '.mm', '.sh', '.bash', '.ps1',
  '.yaml', '.yml', '.toml', '.ini', '.properties', '.env', '.tf', '.hcl', '.sql', '.graphql', '.gql',
  '.html', '.vue', '.svelte', '.astro', '.erb', '.haml', '.jinja', '.j2',
]);

const projectFileNames: ReadonlySet<string> = new Set(['package.json', 'tsconfig.json', 'jsconfig.json', 'pnpm-workspace.yaml', 'lerna.json']);

/** A .gitignore is a few KiB; a huge one costs a rule test per path per rule. */
export const maxIgnoreFileBytes = 16 * 1024 * 1024;
const maxIgnoreRules = 1000;

/** A folder's listing is trusted by its mtime only once the mtime is this much older than the read (coarse file-system clocks). */
const racyMs = 2000;
/** Walks kept for folders nobody watches, so a CLI run's source discovery and index share one. */
const maxUnwatchedWalks = 8;

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

/** Compiled .gitignore text, capped: every rule is a test per path, and 100,000 rules would make a walk take minutes. */
export function gitignoreRules(text: string, file: string, logger: Logger): GitignoreMatcher {
  const lines = text.split(/\r\n|\r|\n/);
  const rules = lines.filter((line) => line.trim() !== '' && !line.startsWith('#'));
  if (rules.length <= maxIgnoreRules) return compileGitignore(lines);
  logger.warn(`${file} has ${rules.length} rules; only the first ${maxIgnoreRules} are used.`);
  return compileGitignore(rules.slice(0, maxIgnoreRules));
}

/** Is this file name a flag-source candidate of the default discovery (`**\/*.flagd.json`, `**\/flags.json`)? */
export function isDefaultFlagFileName(name: string): boolean {
  return name === 'flags.json' || name.endsWith('.flagd.json');
}

const configFileName = '.flaglens.json';

export type IndexFileKind = 'script' | 'text' | 'project';

/** Something the index lists as skipped, with how loudly the index logs it. */
export interface WalkSkip extends SkippedFile {
  level: 'warn' | 'info';
}

interface IgnoreScope {
  base: string;
  rules: GitignoreMatcher;
}

interface WalkedDirectory {
  /** The .gitignore scopes that apply to its entries (its own included). */
  scopes: IgnoreScope[];
  /** The index reads this folder (false: only flag discovery looks here). */
  indexed: boolean;
  depth: number;
  /** For checking the listing again without reading it: mtime, and when it was read. */
  mtimeMs: number;
  readAt: number;
  /** Names and kinds of its entries, to compare when the mtime cannot be trusted. */
  listing: string;
}

/** The walk's findings; the index and flag discovery each read their part (see `discoverFiles`, `discoverFlagdFiles`). */
export interface WalkedTree {
  root: string;
  /** Files in folders the index reads, by kind; `exclude` globs are applied by the reader. */
  readonly indexFiles: Map<string, IndexFileKind>;
  /** Entries the index lists as skipped (links, FIFOs, unreadable folders, unreadable .gitignore files). */
  readonly indexSkipped: Map<string, WalkSkip>;
  /** Default flag-file candidates, not gitignored, with whether each is a symbolic link (checked by the reader). */
  readonly flagCandidates: Map<string, { symlink: boolean }>;
  /** `.flaglens.json` files found anywhere walked. */
  readonly configFiles: Set<string>;
  /** Every folder read. */
  readonly directories: Map<string, WalkedDirectory>;
  /** Every .gitignore read, by path: its text (an edit changes what the walk skips). */
  readonly gitignores: Map<string, string | undefined>;
  /** Folders listed (readdir calls) by the walk that made this tree. */
  readonly directoriesRead: number;
}

/** Counters for tests and the benchmark: how many full walks and folder reads happened in this process. */
export const walkCounters = { walks: 0, readdirs: 0, reused: 0 };

/** `file` relative to the folder `base` it lies under (walk paths are already normal: a slice, not path.relative). */
export function relativeTo(base: string, file: string): string {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : path.posix.relative(base, file);
}

function isIgnored(scopes: readonly IgnoreScope[], file: string, isDir: boolean): boolean {
  // Later (deeper) .gitignore files override earlier ones, as git does.
  let ignored = false;
  for (const scope of scopes) {
    const rel = relativeTo(scope.base, file);
    if (!rel || rel.startsWith('..')) continue;
    const result = scope.rules.test(rel, isDir);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

function isSpecialFile(entry: EntryKind): boolean {
  return entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice();
}

function specialKind(entry: EntryKind): string {
  if (entry.isFIFO()) return 'FIFO';
  if (entry.isSocket()) return 'socket';
  return 'device';
}

function kindChar(entry: Dirent): string {
  if (entry.isDirectory()) return 'd';
  if (entry.isFile()) return 'f';
  if (entry.isSymbolicLink()) return 'l';
  return 's';
}

function listingOf(entries: readonly Dirent[]): string {
  return entries.map((entry) => `${kindChar(entry)}${entry.name}`).sort().join('\0');
}

function childPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** What the index makes of a file name: a script, a project file, a text file, or nothing. */
function indexKindOf(full: string, name: string): IndexFileKind | undefined {
  if (isScriptFile(full)) return 'script';
  const ext = path.posix.extname(name);
  if (projectFileNames.has(name) || (name.startsWith('tsconfig') && ext === '.json')) return 'project';
  return textExtensions.has(ext) ? 'text' : undefined;
}

/** A folder's .gitignore text; undefined when there is none or it cannot be read (then `skip` says why, when the reader refused it). */
function readIgnoreText(file: string): { text?: string; skip?: string } {
  try {
    return { text: readTextFileSync(file, { maxBytes: maxIgnoreFileBytes }) };
  } catch (error) {
    return error instanceof FileSkippedError ? { skip: skipReasonOf(error, file) } : {};
  }
}

/**
 * Walks `root` once, honoring nested .gitignore files: the index's folders (minus its skip list)
 * and flag discovery's (minus node_modules and VCS folders, at most 24 deep). Synchronous file
 * system calls: for thousands of small folders they cost a fraction of the promise-based ones;
 * the walk yields to the event loop every 100 folders so callers stay responsive.
 */
export async function walkTree(root: string, logger: Logger, signal?: AbortSignal): Promise<WalkedTree> {
  walkCounters.walks++;
  const tree = {
    root,
    indexFiles: new Map<string, IndexFileKind>(),
    indexSkipped: new Map<string, WalkSkip>(),
    flagCandidates: new Map<string, { symlink: boolean }>(),
    configFiles: new Set<string>(),
    directories: new Map<string, WalkedDirectory>(),
    gitignores: new Map<string, string | undefined>(),
    directoriesRead: 0,
  };
  let visited = 0;
  const walk = async (dir: string, scopes: IgnoreScope[], indexed: boolean, depth: number): Promise<void> => {
    if (++visited % 100 === 0) {
      throwIfAborted(signal);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const readAt = Date.now();
    let mtimeMs: number;
    let entries: Dirent[];
    try {
      mtimeMs = statSync(dir).mtimeMs;
      entries = readdirSync(dir, { withFileTypes: true });
      walkCounters.readdirs++;
      tree.directoriesRead++;
    } catch (error) {
      // Listed like a file: a folder the scan could not enter may hold references.
      if (indexed) tree.indexSkipped.set(dir, { file: dir, reason: `folder cannot be read (${(error as NodeJS.ErrnoException).code ?? 'I/O error'})`, level: 'warn' });
      return;
    }
    let here = scopes;
    if (entries.some((e) => e.name === '.gitignore')) {
      const file = childPath(dir, '.gitignore');
      const { text, skip } = readIgnoreText(file);
      tree.gitignores.set(file, text);
      if (skip !== undefined && indexed) tree.indexSkipped.set(file, { file, reason: skip, level: 'warn' });
      if (text !== undefined) here = [...scopes, { base: dir, rules: gitignoreRules(text, file, logger) }];
    }
    const info: WalkedDirectory = { scopes: here, indexed, depth, mtimeMs, readAt, listing: listingOf(entries) };
    tree.directories.set(dir, info);
    const subdirs: { dir: string; indexed: boolean }[] = [];
    for (const entry of entries) {
      const full = childPath(dir, entry.name);
      if (entry.isDirectory()) {
        if (wouldEnter(info, entry.name, full)) subdirs.push({ dir: full, indexed: indexed && !skippedDirectories.has(entry.name) });
        continue;
      }
      classifyFile(tree, dir, entry.name, entry, here, indexed, depth);
    }
    for (const sub of subdirs) await walk(sub.dir, here, sub.indexed, depth + 1);
  };
  await walk(root, [], true, 0);
  return tree;
}

/** The kind tests a directory entry and a file's lstat share. */
type EntryKind = Pick<Dirent, 'isFile' | 'isDirectory' | 'isSymbolicLink' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>;

/** Files a folder's entry adds to the tree (shared by the walk and by watcher events). */
function classifyFile(tree: WalkedTree, dir: string, name: string, entry: EntryKind, scopes: readonly IgnoreScope[], indexed: boolean, depth: number): void {
  const full = childPath(dir, name);
  const regular = entry.isFile();
  const link = entry.isSymbolicLink();
  if ((regular || link) && depth <= maxFlagDepth && (isDefaultFlagFileName(name) || name === configFileName)) {
    if (!isIgnored(scopes, full, false)) {
      if (name === configFileName) tree.configFiles.add(full);
      else tree.flagCandidates.set(full, { symlink: link });
    }
  }
  if (!indexed) return;
  // Only regular files enter the index; symbolic links are not followed (they may lead out of the folder).
  if (!regular && !isSpecialFile(entry) && !link) return;
  const kind = indexKindOf(full, name);
  if (kind === undefined || isIgnored(scopes, full, false)) return;
  if (!regular) {
    // A FIFO would block the reader forever, a device never ends: listed, never opened.
    const reason = link ? 'symbolic link; not followed' : `not a regular file (${specialKind(entry)})`;
    tree.indexSkipped.set(full, { file: full, reason, level: link ? 'info' : 'warn' });
    return;
  }
  tree.indexFiles.set(full, kind);
}

/** Would the walk enter this subfolder of a folder it read? */
function wouldEnter(parent: WalkedDirectory, name: string, full: string): boolean {
  if (neverEntered.has(name) || isIgnored(parent.scopes, full, true)) return false;
  return (parent.indexed && !skippedDirectories.has(name)) || parent.depth + 1 <= maxFlagDepth;
}

/**
 * Whether a tree still describes the disk, without walking again: every folder's mtime (its
 * listing, read again, when the mtime is too recent to be trusted) and every .gitignore's text.
 */
function stillValid(tree: WalkedTree): boolean {
  const now = Date.now();
  for (const [dir, info] of tree.directories) {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(dir).mtimeMs;
    } catch {
      return false;
    }
    if (mtimeMs === info.mtimeMs && mtimeMs < info.readAt - racyMs) continue;
    let listing: string;
    try {
      listing = listingOf(readdirSync(dir, { withFileTypes: true }));
    } catch {
      return false;
    }
    if (listing !== info.listing) return false;
    info.mtimeMs = mtimeMs;
    info.readAt = now;
  }
  for (const [file, text] of tree.gitignores) {
    if (readIgnoreText(file).text !== text) return false;
  }
  return true;
}

/** What a watcher saw: absolute paths with forward slashes. */
export interface WalkChanges {
  created?: readonly string[];
  deleted?: readonly string[];
  /** Changed contents: only a .gitignore's matters to the walk. */
  changed?: readonly string[];
}

interface SharedWalk {
  tree: Promise<WalkedTree> | undefined;
  /** The finished tree of `tree`, which watcher events update in place. */
  settled: WalkedTree | undefined;
  /** Watchers feed this walk (`watchWorkspaceWalk`): it is kept and never re-checked against the disk. */
  watchers: number;
  /** Events seen while the walk ran, applied when it is done (it may have read the folder before them). */
  queued: WalkChanges[];
  /** Operations holding the walk (see holdWorkspaceWalk). */
  holds: number;
  /** Walked or checked against the disk during the current holds: reused as it is until they end. */
  trusted: boolean;
  /** Counts holds taken: a walk that started before the newest one may have missed what that operation expects. */
  holdEpoch: number;
}

const shared = new Map<string, SharedWalk>();

/**
 * The folder's walk: the watched one as it stands, a recent one that still matches the disk, or a
 * new one. A walk in progress is shared by everyone who asks meanwhile.
 */
export async function workspaceWalk(root: string, logger: Logger, signal?: AbortSignal): Promise<WalkedTree> {
  throwIfAborted(signal);
  for (;;) {
    const entry = shared.get(root);
    const pending = entry?.tree;
    if (!entry || !pending) break;
    const tree = await pending.catch(() => undefined);
    throwIfAborted(signal);
    // Replaced meanwhile (a watcher saw a new folder, or another walk started): look again.
    if (shared.get(root) !== entry || entry.tree !== pending) continue;
    if (tree && (entry.watchers > 0 || entry.trusted || stillValid(tree))) {
      walkCounters.reused++;
      if (entry.holds > 0) entry.trusted = true;
      return tree;
    }
    break;
  }
  const entry = shared.get(root) ?? newEntry();
  // Most recently used last, for forgetOldWalks.
  shared.delete(root);
  shared.set(root, entry);
  forgetOldWalks();
  const startedEpoch = entry.holdEpoch;
  const walking = walkTree(root, logger, signal);
  entry.tree = walking;
  entry.settled = undefined;
  entry.queued = [];
  try {
    const tree = await walking;
    if (entry.tree === walking) {
      const queued = entry.queued;
      entry.queued = [];
      if (queued.every((changes) => applyTo(tree, changes))) entry.settled = tree;
      else entry.tree = undefined;
      if (entry.tree === walking && entry.holds > 0 && entry.holdEpoch === startedEpoch) entry.trusted = true;
    }
    return tree;
  } catch (error) {
    if (entry.tree === walking) entry.tree = undefined;
    throw error;
  }
}

function forgetOldWalks(): void {
  const unwatched = [...shared].filter(([, walk]) => walk.watchers === 0 && walk.holds === 0);
  for (const [root] of unwatched.slice(0, Math.max(0, unwatched.length - maxUnwatchedWalks))) shared.delete(root);
}

/** A folder's walk kept current by the caller's file-system watcher; dispose when the folder closes. */
export interface WatchedWalk {
  /** Applies created, deleted and changed paths to the kept walk (or drops it, to walk again when next asked). */
  apply(changes: WalkChanges): void;
  dispose(): void;
}

/**
 * Keeps the folder's walk between uses (the editor): the caller reports what its watcher sees
 * through `apply`, so sources and a rebuilt index read the list without walking the tree again.
 */
export function watchWorkspaceWalk(root: string): WatchedWalk {
  let entry = shared.get(root);
  if (!entry) shared.set(root, (entry = newEntry()));
  entry.watchers++;
  let disposed = false;
  const target = entry;
  return {
    apply: (changes) => {
      if (!disposed) applyChanges(target, changes);
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      target.watchers--;
      if (target.watchers === 0 && shared.get(root) === target) shared.delete(root);
    },
  };
}

function newEntry(): SharedWalk {
  return { tree: undefined, settled: undefined, watchers: 0, queued: [], holds: 0, trusted: false, holdEpoch: 0 };
}

/**
 * One operation, one walk: while held (a workspace being opened: its sources, then its index), the
 * walk the first use took or checked against the disk is reused as it is, without stating every
 * folder again. What changes meanwhile is seen by the next operation, as if it happened after.
 */
export function holdWorkspaceWalk(root: string): { dispose(): void } {
  let entry = shared.get(root);
  if (!entry) shared.set(root, (entry = newEntry()));
  entry.holds++;
  // Every operation checks the disk once: one that starts while another holds the walk may come after a change.
  entry.trusted = false;
  entry.holdEpoch++;
  const target = entry;
  let released = false;
  return {
    dispose: () => {
      if (released) return;
      released = true;
      if (--target.holds === 0) target.trusted = false;
    },
  };
}

/** Drops every kept walk (tests; a caller that knows the disk changed behind every watcher). */
export function forgetWorkspaceWalks(): void {
  shared.clear();
}

function applyChanges(entry: SharedWalk, changes: WalkChanges): void {
  const tree = entry.settled;
  if (!tree) {
    if (entry.tree) entry.queued.push(changes);
    return;
  }
  if (!applyTo(tree, changes)) {
    entry.tree = undefined;
    entry.settled = undefined;
  }
}

/** False when the tree cannot follow (a new folder, a .gitignore edited): it is walked again when next asked. */
function applyTo(tree: WalkedTree, changes: WalkChanges): boolean {
  for (const file of changes.deleted ?? []) {
    if (path.posix.basename(file) === '.gitignore' && tree.gitignores.has(file)) return false;
    removeUnder(tree, file);
  }
  for (const file of changes.changed ?? []) {
    if (path.posix.basename(file) === '.gitignore' && (tree.gitignores.has(file) || tree.directories.has(path.posix.dirname(file)))) return false;
  }
  for (const file of changes.created ?? []) {
    if (!addCreated(tree, file)) return false;
  }
  return true;
}

function removeUnder(tree: WalkedTree, removed: string): void {
  const prefix = `${removed}/`;
  const under = (file: string) => file === removed || file.startsWith(prefix);
  for (const map of [tree.indexFiles, tree.indexSkipped, tree.flagCandidates, tree.directories, tree.gitignores] as Map<string, unknown>[]) {
    if (map.delete(removed) && map !== tree.directories) continue;
    for (const key of map.keys()) if (key.startsWith(prefix)) map.delete(key);
  }
  for (const file of [...tree.configFiles]) if (under(file)) tree.configFiles.delete(file);
}

/** Adds a created path to the tree; false when the tree cannot follow (a new folder or .gitignore: walk again). */
function addCreated(tree: WalkedTree, file: string): boolean {
  const dir = path.posix.dirname(file);
  const parent = tree.directories.get(dir);
  // Not in a folder the walk read: inside something skipped (nothing to do), or under a new folder (walk again).
  if (!parent) return !isUnderNewFolder(tree, dir);
  const name = path.posix.basename(file);
  if (name === '.gitignore') return false;
  let stats: Stats;
  try {
    stats = lstatSync(file);
  } catch {
    return true;
  }
  if (stats.isDirectory()) return tree.directories.has(file) || !wouldEnter(parent, name, file);
  classifyFile(tree, dir, name, stats, parent.scopes, parent.indexed, parent.depth);
  return true;
}

/** True when `dir` lies under a folder the walk would have entered but has not read (it is new). */
function isUnderNewFolder(tree: WalkedTree, dir: string): boolean {
  const rootPrefix = tree.root.endsWith('/') ? tree.root : `${tree.root}/`;
  let child = dir;
  while (child.startsWith(rootPrefix)) {
    const parent = path.posix.dirname(child);
    const info = tree.directories.get(parent);
    if (info) return wouldEnter(info, path.posix.basename(child), child);
    if (parent === child) break;
    child = parent;
  }
  return false;
}
