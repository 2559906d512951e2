import * as path from 'node:path';
import { type CompilerOptions } from 'ts-morph';
import { ts } from '../util/typescript';
import { throwIfAborted } from '../errors';
import type { Logger } from '../log';
import { maxCompilerFileBytes, type OverlayFileSystem } from '../references/overlayFileSystem';
import { readTextFile } from '../util/textFiles';

/** Extensions a module specifier may carry or leave out (`./a`, `./a.js`, `./a.tsx`). */
const scriptExtension = /\.(d\.)?(tsx?|jsx?|mts|cts|mjs|cjs)$/;
/** `.`, `./`, `..`, `../..`, `./index`: specifiers that name a folder's index from inside it. */
const dotsSpecifier = /^\.{1,2}(\/\.\.)*\/?(index(\.[cm]?[jt]sx?)?)?$/;
/** `from '…'`, `import '…'`, `import('…')`, `require('…')`: every way a script names a module. */
const specifierPattern = /\b(?:from|import|require)\s*\(?\s*(['"`])([^'"`\n]*)\1/g;
/** `export … from '…'`: the file passes another module's bindings on. */
const reexportPattern = /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*(['"])([^'"\n]+)\1/g;
const globalDeclaration = /\bdeclare\s+(global|module)\b/;
const moduleSyntax = /(^|[\n;}])\s*(import|export)\b|\brequire\s*\(|\bmodule\.exports\b|\bexports\.[\w$]+\s*=/;
const readConcurrency = 32;

/** One import or export-from declaration: which names it takes from its module. */
export interface ImportSite {
  specifier: string;
  /** 'default', '*' (namespace import, `export *`) or an exported name, once per mention. */
  names: string[];
}

export function importSitesIn(sourceFile: ts.SourceFile): ImportSite[] {
  const out: ImportSite[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (!clause) continue;
      const names: string[] = [];
      if (clause.name) names.push('default');
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.push((element.propertyName ?? element.name).text);
      out.push({ specifier: statement.moduleSpecifier.text, names });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.exportClause;
      const names: string[] = [];
      if (!clause || ts.isNamespaceExport(clause) || clause.elements.length === 0) names.push('*');
      if (clause && ts.isNamedExports(clause)) for (const element of clause.elements) names.push((element.propertyName ?? element.name).text);
      out.push({ specifier: statement.moduleSpecifier.text, names });
    }
  }
  return out;
}

/**
 * The text up to two lines past the last line that may hold an import or export-from (`from` and
 * its specifier may be on separate lines): declarations before it parse the same, and the rest of
 * a large file is not parsed for nothing.
 */
function importSection(text: string): string {
  let end = 0;
  for (const match of text.matchAll(/\b(from|import|require)\b[^\n]*(\n[^\n]*){0,2}/g)) end = match.index + match[0].length;
  return text.slice(0, end);
}

function lastSegment(specifier: string): string {
  const trimmed = specifier.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1).replace(scriptExtension, '');
}

/** The names a module can be imported by: its base name, and its folder's name when it is an index. */
function importNames(file: string): Set<string> {
  const base = path.posix.basename(file).replace(scriptExtension, '');
  const names = new Set([base]);
  // `moduleSuffixes` (`Button.ios.tsx` imported as `./Button`).
  if (base.includes('.')) names.add(base.slice(0, base.indexOf('.')));
  if (base === 'index') names.add(path.posix.basename(path.posix.dirname(file)));
  return names;
}

/**
 * The workspace's scripts as text, with who imports whom answered on demand: a cheap stand-in for a
 * program over every file. Only files whose text names a module are scanned for imports, and only
 * specifiers that can reach it are resolved, with the compiler's own module resolution.
 */
export class WorkspaceGraph {
  private readonly specifiers = new Map<string, readonly string[]>();
  private readonly resolved = new Map<string, ts.ResolvedModuleWithFailedLookupLocations>();
  /** Texts of files outside the scripts (other packages the paths reach, declaration files), read on demand. */
  private readonly otherTexts = new Map<string, string>();
  private readonly importerCache = new Map<string, ReadonlySet<string>>();
  private readonly declarations = new Map<string, readonly ImportSite[]>();
  private readonly resolutionCache: ts.ModuleResolutionCache;
  private readonly host: ts.ModuleResolutionHost;
  private aliases: Map<string, string> | undefined;
  private bySpecifier: Map<string, Set<string>> | undefined;

  private constructor(
    readonly root: string,
    /** Script path → text, for every script discovered under the root that could be read. */
    readonly texts: ReadonlyMap<string, string>,
    private readonly options: CompilerOptions,
    private readonly fileSystem: OverlayFileSystem,
    private readonly packageNames: readonly string[],
  ) {
    this.host = {
      fileExists: (f) => fileSystem.fileExistsSync(f),
      directoryExists: (d) => fileSystem.directoryExistsSync(d),
      readFile: (f) => {
        try {
          return fileSystem.readFileSync(f);
        } catch {
          return undefined;
        }
      },
      realpath: (f) => fileSystem.realpathSync(f),
      getCurrentDirectory: () => root,
    };
    this.resolutionCache = ts.createModuleResolutionCache(root, (f) => f, options);
  }

  static async build(options: { root: string; scripts: readonly string[]; packageFiles: readonly string[]; compilerOptions: CompilerOptions; fileSystem: OverlayFileSystem; logger: Logger; signal?: AbortSignal }): Promise<WorkspaceGraph> {
    const texts = new Map<string, string>();
    const queue = [...options.scripts];
    const worker = async (): Promise<void> => {
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        throwIfAborted(options.signal);
        try {
          texts.set(file, await readTextFile(file, { maxBytes: maxCompilerFileBytes, ...(options.signal ? { signal: options.signal } : {}) }));
        } catch (error) {
          throwIfAborted(options.signal);
          options.logger.info(`Cleanup leaves ${file} out of its type check: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: readConcurrency }, worker));
    // Keep discovery order: the project's file order decides which diagnostics are listed first.
    const ordered = new Map<string, string>();
    for (const file of options.scripts) {
      const text = texts.get(file);
      if (text !== undefined) ordered.set(file, text);
    }
    const packageNames: string[] = [];
    for (const file of options.packageFiles) {
      if (!file.endsWith('/package.json')) continue;
      try {
        const name = (JSON.parse(options.fileSystem.readFileSync(file)) as { name?: unknown }).name;
        if (typeof name === 'string' && name !== '') packageNames.push(name);
      } catch {
        // A broken package.json names no package.
      }
    }
    return new WorkspaceGraph(options.root, ordered, options.compilerOptions, options.fileSystem, packageNames);
  }

  /** Scripts whose text contains `needle`, in discovery order. */
  filesContaining(needle: string): string[] {
    const out: string[] = [];
    for (const [file, text] of this.texts) if (text.includes(needle)) out.push(file);
    return out;
  }

  /**
   * Files that shape the types of every other file: scripts that are not modules (their
   * declarations are global) and modules with `declare global` / `declare module` blocks.
   */
  globalFiles(): string[] {
    const out: string[] = [];
    for (const [file, text] of this.texts) if (this.declaresGlobals(text)) out.push(file);
    return out;
  }

  /** Whether a file with this text declares globals (see `globalFiles`). */
  declaresGlobals(text: string): boolean {
    return globalDeclaration.test(text) || (this.options.moduleDetection !== ts.ModuleDetectionKind.Force && !moduleSyntax.test(text));
  }

  /** Module resolution as the compiler does it, cached for every program of this cleanup. */
  resolveModule(specifier: string, from: string, mode?: ts.ResolutionMode): ts.ResolvedModuleWithFailedLookupLocations {
    const cacheKey = `${path.posix.dirname(from)}\u0000${specifier}\u0000${mode ?? ''}`;
    let result = this.resolved.get(cacheKey);
    if (!result) {
      result = ts.resolveModuleName(specifier, from, this.options, this.host, this.resolutionCache, undefined, mode);
      this.resolved.set(cacheKey, result);
    }
    return result;
  }

  /** The file a specifier written in `from` resolves to. */
  resolve(specifier: string, from: string): string | undefined {
    return this.resolveModule(specifier, from).resolvedModule?.resolvedFileName;
  }

  /** ESM and CommonJS imports resolve differently only under node16/nodenext resolution. */
  modeOf(sourceFile: ts.SourceFile, specifier: string): ts.ResolutionMode {
    const kind = this.options.moduleResolution;
    if (kind !== ts.ModuleResolutionKind.Node16 && kind !== ts.ModuleResolutionKind.NodeNext) return undefined;
    const literal = (sourceFile as unknown as { imports?: readonly ts.StringLiteralLike[] }).imports?.find((l) => l.text === specifier);
    return literal ? ts.getModeForUsageLocation(sourceFile, literal, this.options) : undefined;
  }

  /**
   * Files the given ones import, directly or not, outside node_modules: what the compiler needs
   * to know their types. Files outside the scripts (a sibling package reached through `paths`) are read too.
   */
  closure(files: Iterable<string>): Set<string> {
    const out = new Set(files);
    const queue = [...out];
    while (queue.length > 0) {
      const file = queue.pop()!;
      for (const specifier of this.specifiersOf(file)) {
        const target = this.resolve(specifier, file);
        if (!target || out.has(target) || target.includes('/node_modules/')) continue;
        out.add(target);
        queue.push(target);
      }
    }
    return out;
  }

  /** Module resolution answers real paths; the workspace's paths may go through a symbolic link. */
  private sameFile(resolved: string, file: string): boolean {
    return resolved === file || resolved === (this.host.realpath?.(file) ?? file);
  }

  /** Import, export-from, require and import() specifiers of a script (cached). */
  specifiersOf(file: string): readonly string[] {
    let list = this.specifiers.get(file);
    if (!list) {
      const text = this.texts.get(file) ?? this.otherText(file);
      list = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
      this.specifiers.set(file, list);
    }
    return list;
  }

  private otherText(file: string): string {
    let text = this.otherTexts.get(file);
    if (text === undefined) {
      try {
        text = this.fileSystem.readFileSync(file);
      } catch {
        text = '';
      }
      this.otherTexts.set(file, text);
    }
    return text;
  }

  /**
   * The import and export-from declarations of a workspace file as written in its original text
   * (a SourceFile already parsed for it may be passed in to save a parse).
   */
  declarationsOf(file: string, parsed?: ts.SourceFile): readonly ImportSite[] {
    let sites = this.declarations.get(file);
    if (!sites) {
      sites = importSitesIn(parsed ?? ts.createSourceFile(file, importSection(this.texts.get(file) ?? this.otherText(file)), ts.ScriptTarget.Latest, false));
      this.declarations.set(file, sites);
    }
    return sites;
  }

  /** Whether `specifier`, written in `from`, names `file` (cheap name test first, then resolution). */
  names(specifier: string, from: string, file: string): boolean {
    const isIndex = path.posix.basename(file).replace(scriptExtension, '') === 'index';
    const plausible = importNames(file).has(lastSegment(specifier)) || (isIndex && dotsSpecifier.test(specifier)) || this.aliasTargets().get(specifier) === file;
    if (!plausible) return false;
    const target = this.resolve(specifier, from);
    return target !== undefined && this.sameFile(target, file);
  }

  /** Path aliases (`paths` keys without `*`) and workspace package names, with the file each resolves to. */
  private aliasTargets(): Map<string, string> {
    if (this.aliases) return this.aliases;
    this.aliases = new Map();
    const from = path.posix.join(this.root, '__flaglens_alias_probe__.ts');
    const names = [...Object.keys(this.options.paths ?? {}).filter((k) => !k.includes('*')), ...this.packageNames];
    for (const name of names) {
      const target = this.resolve(name, from);
      if (target) this.aliases.set(name, target);
    }
    return this.aliases;
  }

  /** Files that import, re-export, require or import() `file`. */
  importersOf(file: string): ReadonlySet<string> {
    const cached = this.importerCache.get(file);
    if (cached) return cached;
    const names = importNames(file);
    const aliases = [...this.aliasTargets()].filter(([, target]) => target === file).map(([alias]) => alias);
    const folder = `${path.posix.dirname(file)}/`;
    const isIndex = path.posix.basename(file).replace(scriptExtension, '') === 'index';
    const out = new Set<string>();
    const index = this.specifierIndex();
    const candidates = new Set<string>();
    for (const name of [...names, ...aliases]) for (const candidate of index.get(name) ?? []) candidates.add(candidate);
    if (isIndex) for (const candidate of index.get('.') ?? []) if (candidate.startsWith(folder)) candidates.add(candidate);
    for (const candidate of candidates) {
      if (candidate === file) continue;
      const mayUseDots = isIndex && candidate.startsWith(folder);
      for (const specifier of this.specifiersOf(candidate)) {
        const matches = names.has(lastSegment(specifier)) || aliases.includes(specifier) || (mayUseDots && dotsSpecifier.test(specifier));
        const target = matches ? this.resolve(specifier, candidate) : undefined;
        if (target !== undefined && this.sameFile(target, file)) {
          out.add(candidate);
          break;
        }
      }
    }
    this.importerCache.set(file, out);
    return out;
  }

  /**
   * Files by the last segment of each module specifier they write (`./a/Button.js` → `Button`,
   * `.`/`..` → `.`), and by the whole specifier: the files worth resolving for one module.
   */
  private specifierIndex(): Map<string, Set<string>> {
    if (this.bySpecifier) return this.bySpecifier;
    const index = new Map<string, Set<string>>();
    const add = (key: string, file: string) => {
      let files = index.get(key);
      if (!files) index.set(key, (files = new Set()));
      files.add(file);
    };
    for (const [file, text] of this.texts) {
      for (const match of text.matchAll(specifierPattern)) {
        const specifier = match[2]!;
        add(dotsSpecifier.test(specifier) ? '.' : lastSegment(specifier), file);
        add(specifier, file);
      }
    }
    this.bySpecifier = index;
    return index;
  }

  /** Whether `importer` has an `export … from` that resolves to `target`. */
  reexports(importer: string, target: string): boolean {
    const text = this.texts.get(importer) ?? '';
    for (const match of text.matchAll(reexportPattern)) {
      const resolved = this.resolve(match[2]!, importer);
      if (resolved !== undefined && this.sameFile(resolved, target)) return true;
    }
    return false;
  }

  /**
   * Importers of `files`, and through files that re-export them, importers of those too: every
   * file that can name a binding declared in `files`.
   */
  reachingImporters(files: Iterable<string>): Set<string> {
    const out = new Set<string>();
    const queue = [...files];
    const seen = new Set(queue);
    while (queue.length > 0) {
      const file = queue.pop()!;
      for (const importer of this.importersOf(file)) {
        out.add(importer);
        if (!seen.has(importer) && this.reexports(importer, file)) {
          seen.add(importer);
          queue.push(importer);
        }
      }
    }
    return out;
  }
}
