import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { findDeepNesting } from '../util/jsonNesting';
import { readTextFileSync } from '../util/textFiles';
import { scriptExtensions } from './paths';
import { sdkModuleOf, type SdkModule } from './sdkPatterns';

export type ResolvedModule = { kind: 'sdk'; module: SdkModule } | { kind: 'file'; file: string };

interface PathsConfig {
  dir: string;
  baseUrl?: string;
  paths: { prefix: string; suffix: string; wildcard: boolean; targets: string[] }[];
}

interface WorkspacePackage {
  name: string;
  dir: string;
  entries: string[];
}

const jsToTs: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

/** package.json and tsconfig.json are small; a huge one is not a project file worth resolving through. */
const maxProjectFileBytes = 4 * 1024 * 1024;

/**
 * A project file's JSON, or undefined when it cannot be used: not a regular file (never blocks on a
 * FIFO), too large, or nested deeper than any real one (the parser and `stringValues` recurse per level).
 */
function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const text = readTextFileSync(file, { maxBytes: maxProjectFileBytes });
    if (findDeepNesting(text).length > 0) return undefined;
    const value = parseJsonc(text, [], { allowTrailingComma: true }) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stringValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringValues);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // Prefer source-like conditions: we resolve to TypeScript sources, not build output.
    const order = ['source', 'types', 'typescript', 'import', 'module', 'require', 'node', 'default', '.'];
    const keys = [...order.filter((k) => k in record), ...Object.keys(record).filter((k) => !order.includes(k))];
    return keys.flatMap((k) => stringValues(record[k]));
  }
  return [];
}

/**
 * Resolves import specifiers without the TypeScript program: relative paths, index files,
 * tsconfig `paths`/`baseUrl`, and workspace packages by name (npm/yarn/pnpm), mapping build
 * output paths back to sources. Only files the index discovered count as existing.
 */
export class ModuleResolver {
  private readonly tsconfigs = new Map<string, PathsConfig>();
  /** Folder → its tsconfig.json (or jsconfig.json), read the first time a file under it resolves something. */
  private readonly configFiles = new Map<string, string>();
  /** Folder → the config that governs it (memo of the walk up). */
  private readonly governing = new Map<string, PathsConfig | null>();
  private readonly packages = new Map<string, WorkspacePackage>();
  private readonly cache = new Map<string, ResolvedModule | null>();
  private readonly packagesByDir = new Map<string, WorkspacePackage>();
  private folders: Set<string> | undefined;

  constructor(private readonly files: ReadonlySet<string>, projectFiles: readonly string[]) {
    for (const file of projectFiles) {
      const name = path.posix.basename(file);
      // A monorepo has one per package; most are never needed by a scan that parses a few files.
      if (name === 'tsconfig.json' || (name === 'jsconfig.json' && !this.configFiles.has(path.posix.dirname(file)))) this.configFiles.set(path.posix.dirname(file), file);
      else if (name === 'package.json') this.readPackage(file);
    }
  }

  /** Call when files appear or disappear. */
  invalidate(): void {
    this.cache.clear();
    this.folders = undefined;
  }

  resolve(fromFile: string, specifier: string): ResolvedModule | undefined {
    const dir = path.posix.dirname(fromFile);
    const cacheKey = specifier.startsWith('.') ? `${dir}\0${specifier}` : `${this.configFor(dir)?.dir ?? ''}\0${specifier}`;
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.resolveUncached(dir, specifier);
    this.cache.set(cacheKey, result ?? null);
    return result;
  }

  private resolveUncached(dir: string, specifier: string): ResolvedModule | undefined {
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      const file = this.resolvePath(path.posix.resolve(dir, specifier));
      return file ? { kind: 'file', file } : undefined;
    }
    const sdk = sdkModuleOf(specifier);
    if (sdk) return { kind: 'sdk', module: sdk };
    const config = this.configFor(dir);
    if (config) {
      for (const mapping of config.paths) {
        let star: string | undefined;
        if (mapping.wildcard) {
          if (specifier.startsWith(mapping.prefix) && specifier.endsWith(mapping.suffix) && specifier.length >= mapping.prefix.length + mapping.suffix.length)
            star = specifier.slice(mapping.prefix.length, specifier.length - mapping.suffix.length);
          else continue;
        } else if (specifier !== mapping.prefix) continue;
        for (const target of mapping.targets) {
          const file = this.resolvePath(path.posix.resolve(config.baseUrl ?? config.dir, star === undefined ? target : target.replace('*', star)));
          if (file) return { kind: 'file', file };
        }
      }
      if (config.baseUrl) {
        const file = this.resolvePath(path.posix.resolve(config.baseUrl, specifier));
        if (file) return { kind: 'file', file };
      }
    }
    const file = this.resolvePackage(specifier);
    return file ? { kind: 'file', file } : undefined;
  }

  private resolvePackage(specifier: string): string | undefined {
    const parts = specifier.split('/');
    const nameLength = specifier.startsWith('@') ? 2 : 1;
    const name = parts.slice(0, nameLength).join('/');
    const pkg = this.packages.get(name);
    if (!pkg) return undefined;
    const subpath = parts.slice(nameLength).join('/');
    if (subpath) {
      for (const base of [pkg.dir, `${pkg.dir}/src`]) {
        const file = this.resolvePath(`${base}/${subpath}`);
        if (file) return file;
      }
      return undefined;
    }
    for (const entry of pkg.entries) {
      const file = this.resolvePath(entry);
      if (file) return file;
    }
    return undefined;
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
    const pkg = this.packagesByDir.get(base);
    if (pkg) for (const entry of pkg.entries) if (entry !== base && this.files.has(entry)) return entry;
    return undefined;
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
    for (const pkg of this.packages.values()) folders.add(pkg.dir);
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

  private readTsconfig(file: string): void {
    const dir = path.posix.dirname(file);
    const merged: { baseUrl?: string; paths?: Record<string, string[]>; pathsDir?: string } = {};
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
      const options = json['compilerOptions'] as Record<string, unknown> | undefined;
      if (typeof options?.['baseUrl'] === 'string') merged.baseUrl = path.posix.resolve(configDir, options['baseUrl']);
      if (options?.['paths'] && typeof options['paths'] === 'object') {
        merged.paths = options['paths'] as Record<string, string[]>;
        merged.pathsDir = configDir;
      }
    };
    visit(file);
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
    this.tsconfigs.set(dir, { dir, ...(baseUrl ? { baseUrl } : {}), paths });
  }

  private readPackage(file: string): void {
    const json = readJson(file);
    const name = json?.['name'];
    if (typeof name !== 'string' || !name) return;
    const dir = path.posix.dirname(file);
    const declared = [json!['source'], json!['exports'], json!['types'], json!['typings'], json!['module'], json!['main']].flatMap(stringValues);
    const entries: string[] = [];
    for (const entry of declared) {
      const abs = path.posix.resolve(dir, entry);
      entries.push(abs.replace(/\.d\.(m|c)?ts$/, '.$1ts').replace(/\.d\.ts$/, '.ts'));
      // Build output (dist/index.js) maps back to the source folder.
      const rel = path.posix.relative(dir, abs);
      const stripped = rel.replace(/^(dist|build|out|lib)\//, 'src/').replace(/\.d\.ts$|\.(m|c)?js$/, '');
      if (stripped !== rel) entries.push(path.posix.resolve(dir, stripped));
    }
    entries.push(`${dir}/src/index`, `${dir}/index`);
    const pkg = { name, dir, entries };
    this.packages.set(name, pkg);
    this.packagesByDir.set(dir, pkg);
  }
}
