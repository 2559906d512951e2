import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { findDeepNesting } from '../util/jsonNesting';
import { toPosixPath } from '../util/paths';
import { readTextFileSync } from '../util/textFiles';
import { conditionTargets, exportTargets, importTargets, typesVersionsExactTargets, typesVersionsTargets } from './packageExports';
import { scriptExtensions } from './paths';
import { sdkModuleOf, type SdkModule } from './sdkPatterns';
import { matchesWorkspace, workspaceGlobsOfJson, workspaceGlobsOfPnpm, type WorkspaceGlobs } from './workspaceGlobs';

export type ResolvedModule = { kind: 'sdk'; module: SdkModule } | { kind: 'file'; file: string };

interface PathsConfig {
  dir: string;
  baseUrl?: string;
  paths: { prefix: string; suffix: string; wildcard: boolean; targets: string[] }[];
  /** `rootDirs`, absolute, longest first: folders merged into one for relative imports. */
  rootDirs: string[];
}

interface WorkspacePackage {
  name: string;
  dir: string;
  exports?: unknown;
  /** Its `imports` map: `#` specifiers of the files inside it. */
  imports?: unknown;
  typesVersions?: unknown;
  /** `source`/`types`/`module`/`main` targets, absolute, as written. */
  entries: string[];
  /** Declared by a workspace (package.json `workspaces`, pnpm-workspace.yaml, lerna.json) whose root is here. */
  workspaceRoot?: string;
}

/** Build output of a TypeScript project mapped back to its sources: `outDir` (or `declarationDir`) → `rootDir`. */
interface OutputMapping {
  out: string;
  root: string;
}

const jsToTs: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

/** package.json and tsconfig.json are small; a huge one is not a project file worth resolving through. */
const maxProjectFileBytes = 4 * 1024 * 1024;

/**
 * A project file's JSON, or undefined when it cannot be used: not a regular file (never blocks on a
 * FIFO), too large, or nested deeper than any real one (the parser recurses per level).
 */
function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const text = readTextFileSync(file, { maxBytes: maxProjectFileBytes });
    if (findDeepNesting(text).length > 0) return undefined;
    const value = parseJsonc(text, [], { allowTrailingComma: true }) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    return readTextFileSync(file, { maxBytes: maxProjectFileBytes });
  } catch {
    return undefined;
  }
}

/** `x.d.ts` names the declarations of `x.ts`/`x.js`: the stem, for extension probing. */
function withoutDeclarationSuffix(file: string): string {
  return file.replace(/\.d\.([mc]?)ts$/, '');
}

/** `@scope/name/sub/path` → name and subpath (without `./`). */
/** What a `paths` mapping's `*` stands for in `specifier` ('' for an exact mapping); undefined when the mapping does not match it. */
function starOf(mapping: PathsConfig['paths'][number], specifier: string): string | undefined {
  if (!mapping.wildcard) return specifier === mapping.prefix ? '' : undefined;
  if (!specifier.startsWith(mapping.prefix) || !specifier.endsWith(mapping.suffix) || specifier.length < mapping.prefix.length + mapping.suffix.length) return undefined;
  return specifier.slice(mapping.prefix.length, specifier.length - mapping.suffix.length);
}

function splitSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, nameLength).join('/'), subpath: parts.slice(nameLength).join('/') };
}

function isInside(folder: string, dir: string): boolean {
  return dir === folder || dir.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}

/**
 * Resolves import specifiers without the TypeScript program: relative paths (and `rootDirs`), index
 * files, tsconfig `paths`/`baseUrl`, and workspace packages by name (npm/yarn/pnpm, a package
 * importing itself) through their `exports` map, `typesVersions` and entry fields, mapping build
 * output back to sources (the project's `outDir` → `rootDir`, project references included). Only
 * files the index discovered count as existing; a same-named package installed in a node_modules
 * folder that is not a link to the workspace's copy is never followed.
 */
export class ModuleResolver {
  private readonly tsconfigs = new Map<string, PathsConfig>();
  /** Folder → its tsconfig.json (or jsconfig.json), read the first time a file under it resolves something. */
  private readonly configFiles = new Map<string, string>();
  /** Folder → every tsconfig*.json in it (tsconfig.build.json names a package's output as often as tsconfig.json). */
  private readonly projectConfigs = new Map<string, string[]>();
  /** Folder → the config that governs it (memo of the walk up). */
  private readonly governing = new Map<string, PathsConfig | null>();
  private readonly packages = new Map<string, WorkspacePackage[]>();
  /** Relative specifiers by folder; others by governing tsconfig (what `paths`/`baseUrl`/SDK names give). */
  private readonly cache = new Map<string, ResolvedModule | null>();
  /** Workspace package specifiers by folder (self-imports and node_modules differ per folder). */
  private readonly packageCache = new Map<string, ResolvedModule | null>();
  /** Folder → the package.json nearest above it (see packageAround). */
  private readonly around = new Map<string, WorkspacePackage | null>();
  /** A package.json folder → its names by the file each names (see specifiersNaming). */
  private readonly naming = new Map<string, Map<string, string[]>>();
  /** `#` subpath imports by the package folder whose `imports` map reads them. */
  private readonly importsCache = new Map<string, ResolvedModule | null>();
  /** `package folder\0subpath` → the file it names. */
  private readonly inPackage = new Map<string, string | null>();
  private readonly nodeModulesFolders = new Map<string, boolean>();
  private readonly realDirs = new Map<string, string | null>();
  private readonly packagesByDir = new Map<string, WorkspacePackage>();
  /** Folders (each with a package.json without a name, too) whose entry fields name a file for the folder. */
  private readonly folderEntries = new Map<string, WorkspacePackage>();
  private readonly outputs: OutputMapping[] = [];
  private readonly outputConfigsRead = new Set<string>();
  private readonly packageOutputsRead = new Set<string>();
  /** `folder\0name` → what `folder/node_modules/name` is, or null when nothing is there (memo of lstat). */
  private readonly installed = new Map<string, WorkspacePackage | 'external' | null>();
  private folders: Set<string> | undefined;
  private readonly enteringFolders = new Set<string>();

  constructor(private readonly files: ReadonlySet<string>, projectFiles: readonly string[]) {
    const workspaces: { dir: string; globs: WorkspaceGlobs }[] = [];
    for (const file of projectFiles) {
      const name = path.posix.basename(file);
      const dir = path.posix.dirname(file);
      // A monorepo has one per package; most are never needed by a scan that parses a few files.
      if (name === 'tsconfig.json' || (name === 'jsconfig.json' && !this.configFiles.has(dir))) this.configFiles.set(dir, file);
      if (name.startsWith('tsconfig') && name.endsWith('.json')) this.projectConfigs.set(dir, [...(this.projectConfigs.get(dir) ?? []), file]);
      if (name === 'package.json') {
        const globs = this.readPackage(file);
        if (globs) workspaces.push({ dir, globs });
      } else if (name === 'pnpm-workspace.yaml' || name === 'lerna.json') {
        const text = name === 'lerna.json' ? readJson(file) : readText(file);
        const globs = typeof text === 'string' ? workspaceGlobsOfPnpm(text) : text ? workspaceGlobsOfJson(text, true) : undefined;
        if (globs) workspaces.push({ dir, globs });
      }
    }
    // Deepest root last, so a nested workspace claims its own packages.
    workspaces.sort((a, b) => a.dir.length - b.dir.length);
    for (const pkg of this.packagesByDir.values()) {
      for (const workspace of workspaces) {
        if (pkg.dir !== workspace.dir && isInside(workspace.dir, pkg.dir) && matchesWorkspace(workspace.globs, path.posix.relative(workspace.dir, pkg.dir))) pkg.workspaceRoot = workspace.dir;
      }
    }
  }

  /** Call when files appear or disappear. */
  invalidate(): void {
    this.cache.clear();
    this.packageCache.clear();
    this.importsCache.clear();
    this.naming.clear();
    this.inPackage.clear();
    this.installed.clear();
    this.nodeModulesFolders.clear();
    this.folders = undefined;
  }

  /**
   * Whether some script created later could be what `specifier` resolves to: a relative or absolute
   * path, a `paths` or `baseUrl` mapping of the governing tsconfig, or a workspace package's name.
   * A bare name none of them covers (`react` in a checkout without node_modules) resolves to no file
   * of the workspace whatever scripts appear (only a changed tsconfig or package.json changes that).
   */
  mayResolveInWorkspace(fromFile: string, specifier: string): boolean {
    if (specifier.startsWith('.') || specifier.startsWith('/')) return true;
    if (specifier.startsWith('#') && this.packageAround(path.posix.dirname(fromFile))?.imports !== undefined) return true;
    if (sdkModuleOf(specifier)) return false;
    const config = this.configFor(path.posix.dirname(fromFile));
    if (config?.baseUrl !== undefined) return true;
    if (config?.paths.some((m) => starOf(m, specifier) !== undefined)) return true;
    return this.packages.has(splitSpecifier(specifier).name);
  }

  /**
   * Whether `specifier` can only resolve by joining a path (relative to the file, or to the
   * governing `baseUrl`), never through a `paths` mapping or a package's entry: then the file it
   * resolves to has its last segment for a name (or is an index or entry of a folder so named).
   */
  resolvesByJoinOnly(fromFile: string, specifier: string): boolean {
    if (specifier.startsWith('.') || specifier.startsWith('/')) return true;
    if (specifier.startsWith('#') && !this.pathsMap(path.posix.dirname(fromFile), specifier)) return false;
    if (sdkModuleOf(specifier) || this.packages.has(splitSpecifier(specifier).name)) return false;
    const config = this.configFor(path.posix.dirname(fromFile));
    return !config?.paths.some((m) => starOf(m, specifier) !== undefined);
  }

  /** Names of the folders whose package.json names an entry (`main`, `exports`…), which may lie anywhere. */
  entryFolderNames(): Set<string> {
    return new Set([...this.folderEntries.keys()].map((dir) => path.posix.basename(dir)));
  }

  /**
   * The specifiers importers of `file` write when a package.json folder stands for it: the
   * package's name for its entry (`@acme/flags` for `packages/flags/src/index.ts`), `name/sub` for
   * each exact `exports` subpath leading to it, and each exact `#` key of the folder's `imports` map.
   * A module's default export is imported under these more often than under the file's own name,
   * which for an entry is often just `src` or `index`.
   */
  specifiersNaming(file: string): string[] {
    const out = new Set<string>();
    for (const [dir, pkg] of this.folderEntries) if (isInside(dir, file)) for (const specifier of this.specifiersByFile(pkg).get(file) ?? []) out.add(specifier);
    return [...out];
  }

  /**
   * A package.json folder's names by the file each resolves to, worked out once per folder: per file
   * and key, a package of 8,000 exports keys took seconds.
   */
  private specifiersByFile(pkg: WorkspacePackage): Map<string, string[]> {
    let byFile = this.naming.get(pkg.dir);
    if (byFile) return byFile;
    byFile = new Map();
    const add = (file: string | undefined, specifier: string): void => {
      if (file && specifier) byFile!.set(file, [...(byFile!.get(file) ?? []), specifier]);
    };
    // Not the folder's own name: a word like `ui` would match every import of `@acme/ui/button`.
    add(this.resolveInPackage(pkg, ''), pkg.name);
    if (pkg.name) {
      for (const [subpath, value] of exactSubpaths(pkg.exports, './')) {
        // The first target that resolves, as resolving the subpath takes it; else an exact typesVersions entry, or the
        // path itself under the package or its src/ (no typesVersions patterns: thousands of them per key took seconds).
        const targets = [...conditionTargets(value), ...(typesVersionsExactTargets(pkg.typesVersions, subpath) ?? []), `${pkg.dir}/${subpath}`, `${pkg.dir}/src/${subpath}`];
        let file: string | undefined;
        for (const target of targets) if ((file = this.resolvePackageTarget(pkg, target))) break;
        add(file, `${pkg.name}/${subpath}`);
      }
    }
    for (const [key, value] of exactSubpaths(pkg.imports, '#')) {
      for (const target of conditionTargets(value)) {
        const file = target.startsWith('./') ? this.resolvePackageTarget(pkg, target) : undefined;
        if (!file) continue;
        add(file, `#${key}`);
        break;
      }
    }
    this.naming.set(pkg.dir, byFile);
    return byFile;
  }

  resolve(fromFile: string, specifier: string): ResolvedModule | undefined {
    const dir = path.posix.dirname(fromFile);
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      const key = `${dir}\0${specifier}`;
      let result = this.cache.get(key);
      if (result === undefined) this.cache.set(key, (result = this.resolveRelative(dir, specifier) ?? null));
      return result ?? undefined;
    }
    // A subpath import: the nearest package.json's `imports` map, for the files inside its folder; a
    // tsconfig `paths` key that starts with `#` (`#/*`, Nuxt's `#app`) comes first, as TypeScript takes it.
    if (specifier.startsWith('#') && !this.pathsMap(dir, specifier)) {
      const pkg = this.packageAround(dir);
      const key = `${pkg?.dir ?? ''}\0${specifier}`;
      let result = this.importsCache.get(key);
      if (result === undefined) this.importsCache.set(key, (result = (pkg && this.resolveImport(pkg, specifier)) ?? null));
      return result ?? undefined;
    }
    // SDKs, tsconfig `paths` and `baseUrl` depend only on the governing tsconfig...
    const configKey = `${this.configFor(dir)?.dir ?? ''}\0${specifier}`;
    let viaConfig = this.cache.get(configKey);
    if (viaConfig === undefined) this.cache.set(configKey, (viaConfig = this.resolveThroughConfig(dir, specifier) ?? null));
    if (viaConfig) return viaConfig;
    const { name, subpath } = splitSpecifier(specifier);
    const candidates = this.packages.get(name);
    if (!candidates) return undefined;
    // ...a workspace package on the folder too: which copy node_modules holds, or the package the file is in.
    const folderKey = `${dir}\0${specifier}`;
    let viaPackage = this.packageCache.get(folderKey);
    if (viaPackage === undefined) {
      const installed = this.installedPackage(dir, name, candidates);
      // Node would load an installed copy that is not the workspace's own: not ours to follow.
      const pkg = installed === 'external' ? undefined : (installed ?? chooseCandidate(candidates, dir));
      const file = pkg ? this.resolveInPackage(pkg, subpath) : undefined;
      this.packageCache.set(folderKey, (viaPackage = file ? { kind: 'file', file } : null));
    }
    return viaPackage ?? undefined;
  }

  private resolveRelative(dir: string, specifier: string): ResolvedModule | undefined {
    const target = path.posix.resolve(dir, specifier);
    const file = this.resolvePath(target) ?? this.resolveThroughRootDirs(dir, target) ?? this.resolveOutput(target);
    return file ? { kind: 'file', file } : undefined;
  }

  private resolveThroughConfig(dir: string, specifier: string): ResolvedModule | undefined {
    const sdk = sdkModuleOf(specifier);
    if (sdk) return { kind: 'sdk', module: sdk };
    const config = this.configFor(dir);
    if (!config) return undefined;
    for (const mapping of config.paths) {
      const star = starOf(mapping, specifier);
      if (star === undefined) continue;
      for (const target of mapping.targets) {
        const file = this.resolveTarget(path.posix.resolve(config.baseUrl ?? config.dir, mapping.wildcard ? target.replace('*', star) : target));
        if (file) return { kind: 'file', file };
      }
    }
    if (config.baseUrl) {
      const file = this.resolvePath(path.posix.resolve(config.baseUrl, specifier));
      if (file) return { kind: 'file', file };
    }
    return undefined;
  }

  /** Whether the governing tsconfig's `paths` map this specifier. */
  private pathsMap(dir: string, specifier: string): boolean {
    return this.configFor(dir)?.paths.some((m) => starOf(m, specifier) !== undefined) ?? false;
  }

  /** The package.json nearest above a folder (Node reads the `imports` of that one only); memoized per folder. */
  private packageAround(dir: string): WorkspacePackage | undefined {
    const known = this.around.get(dir);
    if (known !== undefined) return known ?? undefined;
    const parent = path.posix.dirname(dir);
    const found = this.folderEntries.get(dir) ?? (parent === dir ? undefined : this.packageAround(parent));
    this.around.set(dir, found ?? null);
    return found;
  }

  /** A `#` specifier through a package's `imports`: a path in the package (its output mapped to source), or a package it names. */
  private resolveImport(pkg: WorkspacePackage, specifier: string): ResolvedModule | undefined {
    for (const target of importTargets(pkg.imports, specifier) ?? []) {
      if (target.startsWith('./')) {
        const file = this.resolvePackageTarget(pkg, target);
        if (file) return { kind: 'file', file };
      } else if (!target.startsWith('#') && !target.startsWith('/') && !target.startsWith('.')) {
        // `"#flags": "@acme/flags"`: what that package is from here (never another `#`, so no loop).
        const resolved = this.resolve(`${pkg.dir}/package.json`, target);
        if (resolved) return resolved;
      }
    }
    return undefined;
  }

  /** A relative import that missed: the same path under each other `rootDirs` folder. */
  private resolveThroughRootDirs(dir: string, target: string): string | undefined {
    const rootDirs = this.configFor(dir)?.rootDirs;
    if (!rootDirs?.length) return undefined;
    const root = rootDirs.find((r) => isInside(r, target) && r !== target);
    if (!root) return undefined;
    const rest = target.slice(root.length);
    for (const other of rootDirs) {
      if (other === root) continue;
      const file = this.resolvePath(other + rest);
      if (file) return file;
    }
    return undefined;
  }

  /** A file path (possibly a declaration or build output) to a discovered source file. */
  private resolveTarget(target: string): string | undefined {
    const stem = withoutDeclarationSuffix(target);
    return this.resolvePath(stem) ?? this.resolveOutput(stem);
  }

  /** Build output of a project whose tsconfig makes the mapping certain → the source it came from. */
  private resolveOutput(target: string): string | undefined {
    for (const { out, root } of this.outputs) {
      if (!isInside(out, target) || out === target) continue;
      const file = this.resolvePath(withoutDeclarationSuffix(root + target.slice(out.length)));
      if (file) return file;
    }
    return undefined;
  }

  /**
   * What Node finds for `name` walking up from `fromDir` through node_modules folders: a link to a
   * workspace package, another copy ('external'), or nothing installed (undefined: a checkout
   * without node_modules resolves by the workspace's own packages).
   */
  private installedPackage(fromDir: string, name: string, candidates: readonly WorkspacePackage[]): WorkspacePackage | 'external' | undefined {
    const walked: string[] = [];
    let found: WorkspacePackage | 'external' | null = null;
    for (let current = fromDir; ; ) {
      const memo = this.installed.get(`${current}\0${name}`);
      if (memo !== undefined) {
        found = memo;
        break;
      }
      walked.push(current);
      // node_modules/name inside a node_modules folder is a nested dependency, not our lookup.
      if (path.posix.basename(current) !== 'node_modules' && this.hasNodeModules(current)) {
        const entry = `${current}/node_modules/${name}`;
        const stat = fs.lstatSync(entry, { throwIfNoEntry: false });
        if (stat && (stat.isDirectory() || stat.isSymbolicLink())) {
          let real: string | undefined;
          try {
            real = toPosixPath(fs.realpathSync(entry));
          } catch {
            real = undefined;
          }
          found = real === undefined ? null : (candidates.find((c) => c.dir === real || this.realDir(c.dir) === real) ?? 'external');
          if (found !== null) break;
        }
      }
      const parent = path.posix.dirname(current);
      if (parent === current) break;
      current = parent;
    }
    for (const folder of walked) this.installed.set(`${folder}\0${name}`, found);
    return found ?? undefined;
  }

  /** A folder's real path (the workspace may be opened through a link), for comparing with where a node_modules link leads. */
  private realDir(dir: string): string | undefined {
    let real = this.realDirs.get(dir);
    if (real === undefined) {
      try {
        real = toPosixPath(fs.realpathSync(dir));
      } catch {
        real = null;
      }
      this.realDirs.set(dir, real);
    }
    return real ?? undefined;
  }

  /** Whether a folder has a node_modules folder: one stat per folder, so a checkout without any costs little. */
  private hasNodeModules(folder: string): boolean {
    let has = this.nodeModulesFolders.get(folder);
    if (has === undefined) this.nodeModulesFolders.set(folder, (has = fs.statSync(`${folder}/node_modules`, { throwIfNoEntry: false })?.isDirectory() ?? false));
    return has;
  }

  private resolveInPackage(pkg: WorkspacePackage, subpath: string): string | undefined {
    const key = `${pkg.dir}\0${subpath}`;
    let file = this.inPackage.get(key);
    if (file === undefined) this.inPackage.set(key, (file = this.resolveInPackageUncached(pkg, subpath) ?? null));
    return file ?? undefined;
  }

  private resolveInPackageUncached(pkg: WorkspacePackage, subpath: string): string | undefined {
    this.readPackageOutputs(pkg);
    const exported = exportTargets(pkg.exports, subpath ? `./${subpath}` : '.');
    for (const target of exported ?? []) {
      const file = this.resolvePackageTarget(pkg, target);
      if (file) return file;
    }
    if (subpath) {
      for (const target of typesVersionsTargets(pkg.typesVersions, subpath) ?? []) {
        const file = this.resolvePackageTarget(pkg, target);
        if (file) return file;
      }
      for (const base of [pkg.dir, `${pkg.dir}/src`]) {
        const file = this.resolvePackageTarget(pkg, `${base}/${subpath}`);
        if (file) return file;
      }
      return undefined;
    }
    return this.packageEntry(pkg);
  }

  private packageEntry(pkg: WorkspacePackage): string | undefined {
    for (const entry of pkg.entries) {
      const file = this.resolvePackageTarget(pkg, entry);
      if (file) return file;
    }
    for (const fallback of [`${pkg.dir}/src/index`, `${pkg.dir}/index`]) {
      const file = this.resolvePath(fallback);
      if (file) return file;
    }
    return undefined;
  }

  /**
   * A target a package names (`./dist/billing.js`): the file itself, the source its tsconfig
   * compiles it from, or (no tsconfig says) the same path under `src/` for the usual output folders.
   */
  private resolvePackageTarget(pkg: WorkspacePackage, target: string): string | undefined {
    const abs = path.posix.resolve(pkg.dir, target);
    const file = this.resolveTarget(abs);
    if (file) return file;
    const rel = path.posix.relative(pkg.dir, abs);
    const stripped = rel.replace(/^(dist|build|out|lib)\//, 'src/');
    return stripped === rel ? undefined : this.resolvePath(withoutDeclarationSuffix(path.posix.resolve(pkg.dir, stripped)).replace(/\.(m|c)?js$/, ''));
  }

  /** A path without or with an extension, a folder with an index file, or build output mapped to source. */
  resolvePath(base: string): string | undefined {
    if (this.files.has(base)) return base;
    // Most misses (`react` tried against a baseUrl) name no folder that holds a script: no probing.
    const folders = this.scriptFolders();
    const isFolder = folders.has(base);
    if (!isFolder && !folders.has(path.posix.dirname(base))) return undefined;
    const ext = path.posix.extname(base);
    const mapped = jsToTs[ext];
    if (mapped) {
      const stem = base.slice(0, -ext.length);
      for (const e of mapped) if (this.files.has(stem + e)) return stem + e;
    }
    for (const e of scriptExtensions) if (this.files.has(base + e)) return base + e;
    if (!isFolder) return undefined;
    for (const e of scriptExtensions) if (this.files.has(`${base}/index${e}`)) return `${base}/index${e}`;
    const pkg = this.folderEntries.get(base);
    if (!pkg || this.enteringFolders.has(base)) return undefined;
    // An entry may name the folder again (`"main": "."`): entered once.
    this.enteringFolders.add(base);
    try {
      return this.packageEntry(pkg);
    } finally {
      this.enteringFolders.delete(base);
    }
  }

  /** Every folder that holds a script (and its parents): built on first use, dropped with the cache. */
  private scriptFolders(): ReadonlySet<string> {
    if (this.folders) return this.folders;
    const folders = new Set<string>();
    for (const file of this.files) {
      for (let dir = path.posix.dirname(file); !folders.has(dir); dir = path.posix.dirname(dir)) {
        folders.add(dir);
        if (dir === path.posix.dirname(dir)) break;
      }
    }
    for (const dir of this.folderEntries.keys()) folders.add(dir);
    this.folders = folders;
    return folders;
  }

  private configFor(dir: string): PathsConfig | undefined {
    const memo = this.governing.get(dir);
    if (memo !== undefined) return memo ?? undefined;
    const walked: string[] = [];
    let found: PathsConfig | undefined;
    for (let current = dir; ; ) {
      const known = this.governing.get(current);
      if (known !== undefined) {
        found = known ?? undefined;
        break;
      }
      walked.push(current);
      const file = this.configFiles.get(current);
      if (file) {
        if (!this.tsconfigs.has(current)) this.readTsconfig(file);
        found = this.tsconfigs.get(current);
        break;
      }
      const parent = path.posix.dirname(current);
      if (parent === current) break;
      current = parent;
    }
    for (const folder of walked) this.governing.set(folder, found ?? null);
    return found;
  }

  /** A config and the ones it extends, base first (relative `extends` only: a published base sets no paths of ours). */
  private configChain(file: string): { dir: string; json: Record<string, unknown> }[] {
    const chain: { dir: string; json: Record<string, unknown> }[] = [];
    const seen = new Set<string>();
    const visit = (configFile: string) => {
      if (seen.has(configFile) || seen.size > 8) return;
      seen.add(configFile);
      const json = readJson(configFile);
      if (!json) return;
      const configDir = path.posix.dirname(configFile);
      const extendsValue = json['extends'];
      for (const parent of typeof extendsValue === 'string' ? [extendsValue] : Array.isArray(extendsValue) ? extendsValue : []) {
        if (typeof parent === 'string' && parent.startsWith('.')) visit(path.posix.resolve(configDir, parent.endsWith('.json') ? parent : `${parent}.json`));
      }
      chain.push({ dir: configDir, json });
    };
    visit(file);
    return chain;
  }

  private readTsconfig(file: string): void {
    const dir = path.posix.dirname(file);
    const merged: { baseUrl?: string; paths?: Record<string, string[]>; pathsDir?: string; rootDirs?: string[] } = {};
    const chain = this.configChain(file);
    for (const { dir: configDir, json } of chain) {
      const options = json['compilerOptions'] as Record<string, unknown> | undefined;
      if (typeof options?.['baseUrl'] === 'string') merged.baseUrl = path.posix.resolve(configDir, options['baseUrl']);
      if (options?.['paths'] && typeof options['paths'] === 'object') {
        merged.paths = options['paths'] as Record<string, string[]>;
        merged.pathsDir = configDir;
      }
      const rootDirs = options?.['rootDirs'];
      if (Array.isArray(rootDirs)) merged.rootDirs = rootDirs.filter((r): r is string => typeof r === 'string').map((r) => path.posix.resolve(configDir, r));
    }
    const paths: PathsConfig['paths'] = [];
    for (const [pattern, targets] of Object.entries(merged.paths ?? {})) {
      if (!Array.isArray(targets)) continue;
      const star = pattern.indexOf('*');
      paths.push({
        prefix: star < 0 ? pattern : pattern.slice(0, star),
        suffix: star < 0 ? '' : pattern.slice(star + 1),
        wildcard: star >= 0,
        targets: targets.filter((t): t is string => typeof t === 'string'),
      });
    }
    // Longest prefix first, as TypeScript does.
    paths.sort((a, b) => b.prefix.length - a.prefix.length);
    const baseUrl = merged.baseUrl ?? (merged.pathsDir ? merged.pathsDir : undefined);
    const rootDirs = (merged.rootDirs ?? []).sort((a, b) => b.length - a.length);
    this.tsconfigs.set(dir, { dir, ...(baseUrl ? { baseUrl } : {}), paths, rootDirs });
    this.readOutputs(file, chain);
  }

  /** The output mappings of a package's own tsconfig*.json files, read when something resolves into it. */
  private readPackageOutputs(pkg: WorkspacePackage): void {
    if (this.packageOutputsRead.has(pkg.dir)) return;
    this.packageOutputsRead.add(pkg.dir);
    for (const file of this.projectConfigs.get(pkg.dir) ?? []) this.readOutputs(file);
  }

  /**
   * Registers where a project's output goes and which folder it compiles from: `rootDir`, or the
   * config's folder for a composite project (TypeScript's own default), or the one folder every
   * `include` names. Anything less certain maps nothing. Referenced projects are read too.
   */
  private readOutputs(file: string, chain = this.configChain(file), depth = 0): void {
    if (this.outputConfigsRead.has(file) || depth > 8) return;
    this.outputConfigsRead.add(file);
    const option = (name: string): { dir: string; value: unknown } | undefined => {
      for (let i = chain.length - 1; i >= 0; i--) {
        const options = chain[i]!.json['compilerOptions'] as Record<string, unknown> | undefined;
        if (options && name in options) return { dir: chain[i]!.dir, value: options[name] };
      }
      return undefined;
    };
    const configDir = path.posix.dirname(file);
    const outDir = option('outDir');
    const declarationDir = option('declarationDir');
    const rootDir = option('rootDir');
    let root: string | undefined;
    if (typeof rootDir?.value === 'string') root = path.posix.resolve(rootDir.dir, rootDir.value);
    else if (option('composite')?.value === true) root = configDir;
    else root = includeRoot(chain);
    if (root) {
      for (const out of [outDir, declarationDir]) {
        if (typeof out?.value !== 'string') continue;
        const outAbs = path.posix.resolve(out.dir, out.value);
        // Output inside or equal to its sources cannot be told apart from them.
        if (!isInside(root, outAbs) && !isInside(outAbs, root)) this.outputs.push({ out: outAbs, root });
      }
    }
    const own = chain[chain.length - 1];
    const references = own && own.dir === configDir ? own.json['references'] : undefined;
    if (!Array.isArray(references)) return;
    for (const reference of references) {
      const refPath = (reference as { path?: unknown } | null)?.path;
      if (typeof refPath !== 'string') continue;
      const abs = path.posix.resolve(configDir, refPath);
      const refFile = abs.endsWith('.json') ? abs : `${abs}/tsconfig.json`;
      this.readOutputs(refFile, this.configChain(refFile), depth + 1);
    }
  }

  /** Reads a package.json: the package (named) or a folder's entry (unnamed); its workspace globs, if any. */
  private readPackage(file: string): WorkspaceGlobs | undefined {
    const json = readJson(file);
    if (!json) return undefined;
    const name = json['name'];
    const dir = path.posix.dirname(file);
    const entries = [json['source'], json['types'], json['typings'], json['module'], json['main']]
      .flatMap(conditionTargets)
      .map((entry) => path.posix.resolve(dir, entry));
    const pkg: WorkspacePackage = { name: typeof name === 'string' ? name : '', dir, entries };
    if (json['exports'] !== undefined) pkg.exports = json['exports'];
    if (json['imports'] !== undefined) pkg.imports = json['imports'];
    if (json['typesVersions'] !== undefined) pkg.typesVersions = json['typesVersions'];
    this.folderEntries.set(dir, pkg);
    if (typeof name === 'string' && name) {
      this.packages.set(name, [...(this.packages.get(name) ?? []), pkg]);
      this.packagesByDir.set(dir, pkg);
    }
    return workspaceGlobsOfJson(json, false);
  }
}

/**
 * The keys a map of `exports` (prefix `./`) or `imports` (prefix `#`) names exactly, without the
 * prefix, with what each maps to; not patterns, folder keys, or keys with `.`/`..` segments (`./.`
 * names no subpath).
 */
function exactSubpaths(map: unknown, prefix: './' | '#'): [string, unknown][] {
  if (!map || typeof map !== 'object' || Array.isArray(map)) return [];
  return Object.entries(map as Record<string, unknown>)
    .filter(([key]) => key.startsWith(prefix) && !key.includes('*') && key.slice(prefix.length).split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'))
    .map(([key, value]) => [key.slice(prefix.length), value]);
}

/**
 * Which of several packages of one name an import reaches when nothing is installed: the package
 * the importing file is in (it imports itself), then one the workspace around the file declares,
 * then any workspace's, then the first found.
 */
function chooseCandidate(candidates: readonly WorkspacePackage[], fromDir: string): WorkspacePackage {
  if (candidates.length === 1) return candidates[0]!;
  const own = candidates.filter((c) => isInside(c.dir, fromDir)).sort((a, b) => b.dir.length - a.dir.length)[0];
  return own ?? candidates.find((c) => c.workspaceRoot !== undefined && isInside(c.workspaceRoot, fromDir)) ?? candidates.find((c) => c.workspaceRoot !== undefined) ?? candidates[0]!;
}

/** The one folder every `include` of a config starts with (`src`, `src/**\/*`), when there is one. */
function includeRoot(chain: readonly { dir: string; json: Record<string, unknown> }[]): string | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const include = chain[i]!.json['include'];
    if (!Array.isArray(include)) continue;
    const firsts = new Set(include.map((p) => (typeof p === 'string' ? p.replace(/^\.\//, '').split('/')[0]! : '*')));
    const [only] = firsts;
    return firsts.size === 1 && only && !/[*?{}[\]]/.test(only) && !/\.[cm]?[jt]sx?$/.test(only) && only !== '..' && only !== '.' ? path.posix.resolve(chain[i]!.dir, only) : undefined;
  }
  return undefined;
}
