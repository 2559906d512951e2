import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node, Project, SourceFile } from 'ts-morph';
import { buildImportIndex, type ImportIndex } from './importIndex';
import type { CleanupState } from './removeDeadCode';
import { removalRange } from './textRanges';
import { importedFiles, importNames, isEntryPoint, resolve, scriptExtension, stem, textOf, workspaceOf, type Workspace } from './workspaceFiles';

const styleExtension = /\.(css|scss|sass|less|styl)$/;
/** Files a test runner or story book loads on its own: they import a module to exercise it. */
const companionSuffix = /\.(test|spec|stories|story)$/;

/** Where a module came to be kept although nothing imports it any more, for the person to check. */
export interface KeptModule {
  file: string;
  line: number;
  reason: string;
}

/** `Legacy.test.tsx`, `Legacy.stories.tsx`, `__tests__/Legacy.tsx`: exists to exercise `Legacy`. */
function isCompanionOf(candidate: string, module: string): boolean {
  const name = path.posix.basename(stem(candidate));
  const target = path.posix.basename(stem(module));
  const withoutSuffix = name.replace(companionSuffix, '');
  if (withoutSuffix !== target) return false;
  return withoutSuffix !== name || candidate.includes('/__tests__/');
}

interface ImportSite {
  importer: string;
  /** `export … from`: the importer only passes the module's bindings on. */
  reexport?: { names: string[] | '*'; statement: Node | undefined };
}

/** Every place in the workspace that imports `module` (import, export-from, require, import()). */
function importSites(state: CleanupState, workspace: Workspace, module: string, gone: ReadonlySet<string>): ImportSite[] {
  const names = importNames(module);
  const sites: ImportSite[] = [];
  for (const file of workspace.scripts) {
    if (file === module || gone.has(file)) continue;
    const text = textOf(state, workspace, file);
    if (!names.some((n) => text.includes(n))) continue;
    const sourceFile = state.project.getSourceFile(file);
    const reexports = new Map<string, ImportSite['reexport']>();
    if (sourceFile) {
      for (const declaration of sourceFile.getExportDeclarations()) {
        const specifier = declaration.getModuleSpecifierValue();
        if (specifier === undefined || resolve(workspace, specifier, file) !== module) continue;
        const named = declaration.getNamedExports();
        reexports.set(specifier, { names: named.length === 0 ? '*' : named.map((n) => (n.getAliasNode() ?? n.getNameNode()).getText()), statement: declaration });
      }
    }
    for (const imported of importedFiles(text)) {
      if (!names.some((n) => imported.fileName.includes(n)) || resolve(workspace, imported.fileName, file) !== module) continue;
      const reexport = reexports.get(imported.fileName);
      sites.push(reexport ? { importer: file, reexport } : { importer: file });
    }
  }
  return sites;
}

/** Whether some live file imports one of `names` from barrel `barrel` (a namespace import or a further re-export counts as a use). */
function barrelPassesOn(state: CleanupState, workspace: Workspace, barrel: string, names: string[] | '*', moduleExports: ReadonlySet<string>, gone: ReadonlySet<string>, depth = 0): boolean {
  if (isEntryPoint(workspace, barrel) || depth > 4) return true;
  const wanted = names === '*' ? moduleExports : new Set(names);
  for (const site of importSites(state, workspace, barrel, gone)) {
    if (site.reexport) {
      if (barrelPassesOn(state, workspace, site.importer, site.reexport.names === '*' ? [...wanted] : site.reexport.names.filter((n) => wanted.has(n)), wanted, gone, depth + 1)) return true;
      continue;
    }
    const sourceFile = state.project.getSourceFile(site.importer);
    if (!sourceFile) return true;
    for (const declaration of sourceFile.getImportDeclarations()) {
      if (resolve(workspace, declaration.getModuleSpecifierValue(), site.importer) !== barrel) continue;
      if (declaration.getNamespaceImport()) return true;
      if (declaration.getDefaultImport() && wanted.has('default')) return true;
      if (declaration.getNamedImports().some((n) => wanted.has(n.getName()))) return true;
      if (!declaration.getImportClause()) return true;
    }
    // require(), import() of the barrel: the whole module is used.
    if (!sourceFile.getImportDeclarations().some((d) => resolve(workspace, d.getModuleSpecifierValue(), site.importer) === barrel)) return true;
  }
  return false;
}

const stringLiteral = /(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g;

/** A string in a live file (or page, or config) that still names the module's path: `jest.mock('./Legacy')`, an entry in a config. */
function textReference(state: CleanupState, workspace: Workspace, module: string, gone: ReadonlySet<string>): KeptModule | undefined {
  const names = importNames(module);
  const target = stem(module);
  const targets = path.posix.basename(target) === 'index' ? [target, path.posix.dirname(target)] : [target];
  const matches = (value: string, from: string): boolean => {
    const clean = value.replace(scriptExtension, '').replace(/\/$/, '');
    if (clean === '') return false;
    if (clean.startsWith('.')) return targets.includes(path.posix.resolve(path.posix.dirname(from), clean));
    if (clean.startsWith('/')) return targets.some((t) => t === clean || t === path.posix.join(workspace.root, clean));
    return targets.some((t) => t.endsWith(`/${clean}`));
  };
  for (const file of [...workspace.scripts, ...workspace.others]) {
    if (file === module || gone.has(file) || isCompanionOf(file, module)) continue;
    const text = textOf(state, workspace, file);
    if (!names.some((n) => text.includes(n))) continue;
    // Import and export sites were judged already; the rest of the file's strings are what is left.
    const imported = scriptExtension.test(file) ? new Set(importedFiles(text).map((f) => f.pos)) : new Set<number>();
    for (const match of text.matchAll(stringLiteral)) {
      const value = match[2]!;
      if (!names.some((n) => value.includes(n)) || imported.has(match.index)) continue;
      if (matches(value, file)) {
        const line = text.slice(0, match.index).split('\n').length - 1;
        return { file, line, reason: `'${path.posix.relative(workspace.root, module)}' is no longer imported but this text still names it; it was kept, delete both by hand if it is dead` };
      }
    }
  }
  return undefined;
}

/** Styles a module imports by a relative path (`import './Legacy.scss'`). */
function styleImports(sourceFile: SourceFile, workspace: Workspace): string[] {
  const out: string[] = [];
  for (const declaration of sourceFile.getImportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue();
    if (!specifier.startsWith('.') || !styleExtension.test(specifier)) continue;
    const target = resolve(workspace, specifier, sourceFile.getFilePath());
    if (target) out.push(target);
  }
  return out;
}

/** Names of `file` that some file imported before the cleanup and no file imports now. */
function lostNames(state: CleanupState, importsNow: ImportIndex, file: string): Set<string> {
  const out = new Set<string>();
  for (const [name, count] of state.importsBefore.get(file) ?? []) if (count > (importsNow.get(file)?.get(name) ?? 0)) out.add(name);
  return out;
}

/** Workspace modules a file imports or re-exports now. */
function targetsOf(project: Project, file: string): string[] {
  const current = project.getSourceFile(file);
  if (!current) return [];
  const out: string[] = [];
  for (const declaration of [...current.getImportDeclarations(), ...current.getExportDeclarations()]) {
    const target = declaration.getModuleSpecifierSourceFile();
    if (target && !target.isInNodeModules() && !target.isDeclarationFile()) out.push(target.getFilePath());
  }
  return out;
}

function exportedNames(sourceFile: SourceFile): Set<string> {
  try {
    return new Set(sourceFile.getExportedDeclarations().keys());
  } catch {
    return new Set();
  }
}

/**
 * Deletes the modules the cleanup left without a live importer, transitively: a module every
 * importer of which was rewritten away or is itself deleted goes, with the tests and stories named
 * after it, their snapshots, the styles only it imported, and the lines of barrels that re-exported
 * it. Never an entry point (package.json `main`/`exports`/`bin`, Next.js and Remix route folders,
 * configured entry points), nor a module a live file or config still names in a string (reported).
 * Returns whether anything changed.
 */
export function removeDeadModules(state: CleanupState): boolean {
  const workspace = workspaceOf(state);
  const project: Project = state.project;
  const dead = new Set<string>();
  const gone = (): Set<string> => new Set([...state.deleted, ...dead]);
  const barrelLines = new Map<string, Set<Node>>();
  // Modules that lost an importer: the cleanup changed or deleted a file that imported them. A test
  // that changed does not make the module it tests a candidate.
  const queue: string[] = [];
  const importsNow = buildImportIndex(project);
  const lostImporter = (from: string, targets: Iterable<string>) => {
    for (const target of targets) if (!isCompanionOf(from, target)) queue.push(target);
  };
  for (const file of [...state.changed, ...state.deleted]) lostImporter(file, state.importTargetsBefore.get(file) ?? []);
  const judged = new Set<string>();
  while (queue.length > 0) {
    const module = queue.shift()!;
    if (judged.has(module) || state.deleted.has(module) || dead.has(module)) continue;
    judged.add(module);
    const sourceFile = project.getSourceFile(module);
    if (!sourceFile || sourceFile.isDeclarationFile() || sourceFile.isInNodeModules() || isEntryPoint(workspace, module)) continue;
    const removed = gone();
    const sites = importSites(state, workspace, module, removed);
    const companions = new Set<string>();
    const barrels: Node[] = [];
    let live = false;
    for (const site of sites) {
      if (isCompanionOf(site.importer, module)) {
        companions.add(site.importer);
        continue;
      }
      if (site.reexport && site.reexport.statement && !barrelPassesOn(state, workspace, site.importer, site.reexport.names, exportedNames(sourceFile), removed)) {
        barrels.push(site.reexport.statement);
        continue;
      }
      live = true;
      break;
    }
    if (live) {
      // A live barrel may still pass on a module nobody reaches through it any more.
      // A live barrel: the modules behind the names it lost importers of may be dead.
      const lost = lostNames(state, importsNow, module);
      if (lost.size === 0) continue;
      for (const declaration of sourceFile.getExportDeclarations()) {
        const target = declaration.getModuleSpecifierSourceFile();
        if (!target || target.isInNodeModules() || target.isDeclarationFile()) continue;
        const passed = declaration.getNamedExports().length === 0 ? [...exportedNames(target)] : declaration.getNamedExports().map((n) => (n.getAliasNode() ?? n.getNameNode()).getText());
        if (passed.some((name) => lost.has(name))) lostImporter(module, [target.getFilePath()]);
      }
      continue;
    }
    const reference = textReference(state, workspace, module, removed);
    if (reference) {
      if (!(state.keptModules ??= []).some((k) => k.file === reference.file && k.line === reference.line)) state.keptModules.push(reference);
      continue;
    }
    dead.add(module);
    for (const companion of companions) dead.add(companion);
    for (const statement of barrels) {
      const file = statement.getSourceFile().getFilePath();
      barrelLines.set(file, new Set([...(barrelLines.get(file) ?? []), statement]));
    }
    // What they imported (before the cleanup stripped their unused imports) may be left without importers in turn.
    for (const file of [module, ...companions]) lostImporter(file, [...targetsOf(project, file), ...(state.importTargetsBefore.get(file) ?? [])]);
  }
  if (dead.size === 0) return false;

  const assets = new Set<string>();
  for (const file of dead) {
    const sourceFile = project.getSourceFile(file);
    if (sourceFile) for (const style of styleImports(sourceFile, workspace)) assets.add(style);
    const snapshot = `${path.posix.dirname(file)}/__snapshots__/${path.posix.basename(file)}.snap`;
    if (fs.existsSync(snapshot)) assets.add(snapshot);
  }
  const removed = gone();
  for (const asset of assets) {
    const importers = asset.endsWith('.snap') ? [] : importSites(state, workspace, asset, removed).filter((s) => !removed.has(s.importer));
    if (importers.length > 0) continue;
    try {
      state.originals.set(asset, fs.readFileSync(asset, 'utf8'));
      dead.add(asset);
    } catch {
      // Unreadable: left alone.
    }
  }
  for (const [file, statements] of barrelLines) {
    if (dead.has(file) || state.deleted.has(file)) continue;
    const sourceFile = project.getSourceFile(file);
    if (!sourceFile) continue;
    const text = sourceFile.getFullText();
    const ranges = [...statements].map((s) => removalRange(s)).sort((a, b) => b.start - a.start);
    let next = text;
    for (const range of ranges) next = next.slice(0, range.start) + next.slice(range.end);
    sourceFile.replaceWithText(next);
    state.changed.add(file);
  }
  for (const file of dead) {
    // A file the project never loaded (a test of the module, say): its text comes from the disk.
    if (state.originals.get(file) === undefined) state.originals.set(file, textOf(state, workspace, file));
    state.deleted.add(file);
    const sourceFile = project.getSourceFile(file);
    if (sourceFile) project.removeSourceFile(sourceFile);
  }
  return true;
}
