/**
 * The workspace around a cleanup's project, read from disk: its scripts and the pages and configs
 * that may name them, entry points, module resolution, and whether a name is still written anywhere.
 * The project may hold only part of the workspace; these answers never depend on which part.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Node } from 'ts-morph';
import { ts } from '../util/typescript';
import { skippedDirectories } from '../references/discover';
import type { CleanupState } from './removeDeadCode';

export const scriptExtension = /\.(d\.)?([cm]?[jt]sx?)$/;
/** Texts outside the scripts that may name a module's path: pages, configs. */
const referencingFile = /\.(html?|json|ya?ml)$/;
const maxReferencingBytes = 1024 * 1024;

/** What one cleanup knows about the workspace around its project (built on first use). */
export interface Workspace {
  root: string;
  scripts: string[];
  others: string[];
  diskTexts: Map<string, string>;
  entryPoints: Set<string>;
  entryFolders: string[];
  options: ts.CompilerOptions;
  host: ts.ModuleResolutionHost;
  resolutions: Map<string, string | undefined>;
}

const workspaces = new WeakMap<CleanupState, Workspace>();

export function stem(file: string): string {
  return file.replace(scriptExtension, '');
}

function walk(dir: string, scripts: string[], others: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!skippedDirectories.has(entry.name) && !entry.name.startsWith('.')) walk(full, scripts, others);
    } else if (entry.isFile()) {
      if (scriptExtension.test(entry.name)) scripts.push(full);
      else if (referencingFile.test(entry.name) && !/^(package-lock|npm-shrinkwrap)\.json$/.test(entry.name)) others.push(full);
    }
  }
}

function rootOf(state: CleanupState): string {
  if (state.root) return state.root;
  const config = state.project.getCompilerOptions().configFilePath;
  if (typeof config === 'string') return path.posix.dirname(config.split(path.sep).join('/'));
  const files = [...state.originals.keys()];
  let common = files.length > 0 ? path.posix.dirname(files[0]!) : '/';
  for (const file of files) while (!file.startsWith(`${common}/`) && common !== '/') common = path.posix.dirname(common);
  return common;
}

/** Paths named by a package.json (`main`, `exports`, `bin`…), and the folders a framework loads files from by name. */
function packageEntries(packageFile: string, entryPoints: Set<string>, entryFolders: string[]): void {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(fs.readFileSync(packageFile, 'utf8')) as Record<string, unknown>;
  } catch {
    return;
  }
  const dir = path.posix.dirname(packageFile);
  const add = (value: unknown): void => {
    if (typeof value === 'string') entryPoints.add(stem(path.posix.resolve(dir, value)));
    else if (value && typeof value === 'object') for (const inner of Object.values(value)) add(inner);
  };
  for (const field of ['main', 'module', 'browser', 'types', 'typings', 'source', 'bin', 'exports']) add(manifest[field]);
  const dependencies = { ...(manifest.dependencies as object), ...(manifest.devDependencies as object) } as Record<string, unknown>;
  const names = Object.keys(dependencies);
  if (names.includes('next')) {
    for (const folder of ['pages', 'app', 'src/pages', 'src/app']) entryFolders.push(`${dir}/${folder}/`);
    for (const file of ['middleware', 'instrumentation', 'src/middleware', 'src/instrumentation']) entryPoints.add(`${dir}/${file}`);
  }
  if (names.some((n) => n.startsWith('@remix-run/') || n === '@react-router/dev')) {
    entryFolders.push(`${dir}/app/routes/`);
    for (const file of ['app/root', 'app/entry.client', 'app/entry.server', 'app/routes']) entryPoints.add(`${dir}/${file}`);
  }
}

export function workspaceOf(state: CleanupState): Workspace {
  let workspace = workspaces.get(state);
  if (workspace) return workspace;
  const root = rootOf(state);
  const scripts: string[] = [];
  const others: string[] = [];
  walk(root, scripts, others);
  const entryPoints = new Set<string>((state.entryPoints ?? []).map(stem));
  const entryFolders: string[] = [];
  for (const file of others) if (file.endsWith('/package.json')) packageEntries(file, entryPoints, entryFolders);
  const options = state.project.getCompilerOptions() as ts.CompilerOptions;
  workspace = { root, scripts, others, diskTexts: new Map(), entryPoints, entryFolders, options, host: ts.sys, resolutions: new Map() };
  workspaces.set(state, workspace);
  return workspace;
}

/** The file's text as the cleanup sees it now: the project's when it holds it, else the disk's. */
export function textOf(state: CleanupState, workspace: Workspace, file: string): string {
  // A script the cleanup has not changed reads as the graph read it, in the project or not (the
  // project's texts are those, and every edit marks its file changed): no project lookup, which
  // costs more than the rest when every script is scanned for each module judged.
  const unchanged = state.changed.has(file) ? undefined : state.scriptTexts?.get(file);
  if (unchanged !== undefined) return unchanged;
  const sourceFile = state.project.getSourceFile(file);
  if (sourceFile) return sourceFile.getFullText();
  let text = workspace.diskTexts.get(file) ?? state.scriptTexts?.get(file);
  if (text === undefined) {
    try {
      const size = fs.statSync(file).size;
      text = size > maxReferencingBytes * 4 ? '' : fs.readFileSync(file, 'utf8');
    } catch {
      text = '';
    }
    workspace.diskTexts.set(file, text);
  }
  return text;
}

export function resolve(workspace: Workspace, specifier: string, from: string): string | undefined {
  const key = `${path.posix.dirname(from)}\u0000${specifier}`;
  if (workspace.resolutions.has(key)) return workspace.resolutions.get(key);
  let target = ts.resolveModuleName(specifier, from, workspace.options, workspace.host).resolvedModule?.resolvedFileName;
  if (target === undefined && specifier.startsWith('.')) {
    // Styles and other assets: the compiler resolves only scripts.
    const candidate = path.posix.resolve(path.posix.dirname(from), specifier);
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) target = candidate;
  }
  workspace.resolutions.set(key, target);
  return target;
}

const preprocessed = new Map<string, readonly ts.FileReference[]>();

/** Import, export-from, require and import() specifiers of a text (cached by text: files are scanned once per module judged). */
export function importedFiles(text: string): readonly ts.FileReference[] {
  let files = preprocessed.get(text);
  if (!files) {
    if (preprocessed.size > 2000) preprocessed.clear();
    files = ts.preProcessFile(text, true, true).importedFiles;
    preprocessed.set(text, files);
  }
  return files;
}

/** The spellings a specifier of `file` must contain: its name, or its folder's for an index. */
export function importNames(file: string): string[] {
  const base = path.posix.basename(stem(file));
  const names = [base.includes('.') ? base.slice(0, base.indexOf('.')) : base];
  if (base === 'index') names.push(path.posix.basename(path.posix.dirname(file)));
  return names;
}

/** Whether a file is loaded by name rather than imported (package.json, framework routes, configured entry points). */
export function isEntryPointFile(state: CleanupState, file: string): boolean {
  return isEntryPoint(workspaceOf(state), file);
}

export function isEntryPoint(workspace: Workspace, file: string): boolean {
  const withoutExtension = stem(file);
  if (workspace.entryPoints.has(withoutExtension)) return true;
  if (path.posix.basename(withoutExtension) === 'index' && workspace.entryPoints.has(path.posix.dirname(withoutExtension))) return true;
  return workspace.entryFolders.some((folder) => file.startsWith(folder));
}

/**
 * Whether any workspace script other than `except`'s own text names `name` as a whole word: the
 * project may hold only part of the workspace, so the files are read from disk where it does not.
 */
export function workspaceMentions(state: CleanupState, name: string, except: Node): boolean {
  const workspace = workspaceOf(state);
  const word = new RegExp(`(?<![\\w$])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w$])`);
  const own = except.getSourceFile().getFilePath();
  const scripts = new Set([...workspace.scripts, ...state.project.getSourceFiles().map((f) => f.getFilePath() as string)]);
  for (const file of scripts) {
    if (state.deleted.has(file)) continue;
    let text = textOf(state, workspace, file);
    if (!text.includes(name)) continue;
    if (file === own) text = text.slice(0, except.getStart()) + ' '.repeat(except.getEnd() - except.getStart()) + text.slice(except.getEnd());
    if (word.test(text) && namesInCode(file, text, name, word)) return true;
  }
  return false;
}

/** Whether an identifier or string of the file's code (not a comment) names `name`. */
function namesInCode(file: string, text: string, name: string, word: RegExp): boolean {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, /\.[jt]sx$|\.js$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if ((ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) && node.text === name) found = true;
    else if ((ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isJsxText(node)) && word.test(node.text)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** Whether a workspace script the project does not hold names `name`: references found through the project would miss it. */
export function workspaceMentionsOutsideProject(state: CleanupState, name: string): boolean {
  const workspace = workspaceOf(state);
  const word = new RegExp(`(?<![\\w$])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w$])`);
  for (const file of workspace.scripts) {
    if (state.deleted.has(file) || state.project.getSourceFile(file)) continue;
    const text = textOf(state, workspace, file);
    if (text.includes(name) && word.test(text)) return true;
  }
  return false;
}
