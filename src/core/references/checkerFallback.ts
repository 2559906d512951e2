import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from '../util/typescript';
import { parseConfigText } from '../config/parseConfig';
import { configFileName } from '../config/loadConfig';
import { sdkModuleOf, typeIsClient, type SdkModule } from './sdkPatterns';
import type { Workspace } from './workspace';

/** How often the checker was asked during this process, and what it cost (for the bench and logs). */
export interface TypeCheckerStats {
  /** Receivers the checker was asked about. */
  queries: number;
  /** Of those, receivers it found to be SDK clients. */
  clients: number;
  /** Programs created (the first question in a folder, and again after files changed). */
  programs: number;
  /** Wall time of all of it, program creation included. */
  ms: number;
}

const stats: TypeCheckerStats = { queries: 0, clients: 0, programs: 0, ms: 0 };

export function typeCheckerStats(): TypeCheckerStats {
  return { ...stats };
}

export function resetTypeCheckerStats(): void {
  stats.queries = 0;
  stats.clients = 0;
  stats.programs = 0;
  stats.ms = 0;
}

interface FolderProgram {
  program: ts.Program;
  roots: Set<string>;
  generation: number;
  options: ts.CompilerOptions;
  declarations: string[];
}

interface CheckerState {
  /** Set by the index from its config (`typeChecker`); otherwise read from the nearest .flaglens.json. */
  enabled?: boolean;
  /** tsconfig folder (or the file's folder without one) → its program. */
  programs: Map<string, FolderProgram>;
  /** Folder → the `typeChecker` setting of the nearest .flaglens.json (read once per index). */
  switches: Map<string, boolean | undefined>;
  /** Parsed files shared by the programs: a program extended by one file parses only what is new. */
  documents: Map<string, ts.SourceFile>;
  /** Answers per receiver node, valid while the workspace's generation stays. */
  answers: WeakMap<ts.Node, { generation: number; module: SdkModule | undefined }>;
  /** Releases the programs a while after the last question: they hold every file they read. */
  idle?: ReturnType<typeof setTimeout>;
}

/** How long programs are kept after the last question (a build asks in bursts; an edit, one at a time). */
const keepProgramsMs = 30_000;

const states = new WeakMap<Workspace, CheckerState>();

function stateOf(ws: Workspace): CheckerState {
  let state = states.get(ws);
  if (!state) states.set(ws, (state = { programs: new Map(), switches: new Map(), documents: new Map(), answers: new WeakMap() }));
  return state;
}

/** The index's `typeChecker` setting; without it, the nearest `.flaglens.json` decides (default on). */
export function configureTypeChecker(ws: Workspace, options: { enabled: boolean }): void {
  stateOf(ws).enabled = options.enabled;
}

/** Drops the programs (files changed, or the index is done with them): the next question builds anew. */
export function releaseTypeChecker(ws: Workspace): void {
  stateOf(ws).programs.clear();
  stateOf(ws).documents.clear();
}

/** `"typeChecker": false` in the nearest `.flaglens.json` above `dir`. */
function switchFromConfig(configSwitches: Map<string, boolean | undefined>, dir: string): boolean | undefined {
  if (configSwitches.has(dir)) return configSwitches.get(dir);
  let answer: boolean | undefined;
  const file = path.posix.join(dir, configFileName);
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined) answer = parseConfigText(text, file).config.typeChecker ?? true;
  else {
    const parent = path.posix.dirname(dir);
    answer = parent === dir ? undefined : switchFromConfig(configSwitches, parent);
  }
  configSwitches.set(dir, answer);
  return answer;
}

function isEnabled(ws: Workspace, file: string): boolean {
  const state = stateOf(ws);
  return state.enabled ?? switchFromConfig(state.switches, path.posix.dirname(file)) ?? true;
}

/** A function, not a constant: reading `ts` at module load would load TypeScript with the extension bundle. */
function defaultOptions(): ts.CompilerOptions {
  return {
    allowJs: true,
    jsx: ts.JsxEmit.Preserve,
    target: ts.ScriptTarget.Latest,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    esModuleInterop: true,
  };
}

function programFolder(file: string): { dir: string; config?: string } {
  const config = ts.findConfigFile(path.posix.dirname(file), ts.sys.fileExists);
  return config ? { dir: path.posix.dirname(config), config } : { dir: path.posix.dirname(file) };
}

function readOptions(config: string | undefined): { options: ts.CompilerOptions; declarations: string[] } {
  if (!config) return { options: defaultOptions(), declarations: [] };
  const host: ts.ParseConfigFileHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined };
  const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, host);
  if (!parsed) return { options: defaultOptions(), declarations: [] };
  // Global declarations (`declare module 'sdk' { … }`) only count when in the program: the project's own .d.ts files are.
  return { options: parsed.options, declarations: parsed.fileNames.filter((f) => /\.d\.[mc]?ts$/.test(f)) };
}

/**
 * The program for a folder, holding `file`: created on the first question, extended (reusing the
 * old program's structure) when another file is asked about, rebuilt when the workspace's files
 * changed since. Its roots are the files asked about and the project's declaration files, not the
 * whole project: TypeScript follows their imports.
 */
function programFor(ws: Workspace, file: string): ts.Program {
  const state = stateOf(ws);
  const { dir, config } = programFolder(file);
  let entry = state.programs.get(dir);
  if (entry && entry.roots.has(file) && entry.generation === ws.generation) return entry.program;
  const { options, declarations } = entry ?? readOptions(config);
  const roots = new Set(entry?.roots ?? []);
  roots.add(file);
  const merged: ts.CompilerOptions = { ...options, noEmit: true, skipLibCheck: true, incremental: false, composite: false, declaration: false, types: [] };
  const host = ts.createCompilerHost(merged, true);
  // The workspace's texts (editor buffers included): node positions must match the syntax asked about.
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (ws.files.has(name) ? (ws.textOf(name) ?? readFile(name)) : readFile(name));
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    const text = host.readFile(name);
    const known = state.documents.get(name);
    if (known && known.text === text && !shouldCreate) return known;
    const sf = parse(name, languageVersion, onError, shouldCreate);
    if (sf) state.documents.set(name, sf);
    return sf;
  };
  const program = ts.createProgram({ rootNames: [...declarations, ...roots], options: merged, host, ...(entry ? { oldProgram: entry.program } : {}) });
  stats.programs++;
  entry = { program, roots, generation: ws.generation, options, declarations };
  state.programs.set(dir, entry);
  return program;
}

/** The node of `sf` spanning exactly [pos, end) with this kind. */
function findNode(sf: ts.SourceFile, pos: number, end: number, kind: ts.SyntaxKind): ts.Node | undefined {
  let current: ts.Node = sf;
  for (;;) {
    if (current.pos === pos && current.end === end && current.kind === kind) return current;
    let next: ts.Node | undefined;
    ts.forEachChild(current, (child) => {
      if (child.pos <= pos && child.end >= end) {
        next = child;
        return true;
      }
      return undefined;
    });
    if (!next) return undefined;
    current = next;
  }
}

/** The package or ambient module (`declare module 'x'`) a declaration belongs to. */
function moduleOfDeclaration(decl: ts.Declaration): string | undefined {
  for (let node: ts.Node | undefined = decl.parent; node; node = node.parent) {
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) return node.name.text;
  }
  const file = decl.getSourceFile().fileName;
  const at = file.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const parts = file.slice(at + '/node_modules/'.length).split('/');
  const name = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  // `@types/x` types the package `x`.
  return name?.startsWith('@types/') ? name.slice('@types/'.length).replace(/^(.+)__(.+)$/, '@$1/$2') : name;
}

const wrapperAliases = new Set(['Pick', 'Omit', 'Readonly', 'Partial', 'Required', 'NonNullable']);

function sdkClientOfSymbol(symbol: ts.Symbol | undefined): SdkModule | undefined {
  if (!symbol) return undefined;
  for (const decl of symbol.declarations ?? []) {
    const specifier = moduleOfDeclaration(decl);
    const module = specifier ? sdkModuleOf(specifier) : undefined;
    if (module && typeIsClient(module, symbol.getName())) return module;
  }
  return undefined;
}

function sdkClientOfType(checker: ts.TypeChecker, type: ts.Type, depth: number): SdkModule | undefined {
  if (depth > 4) return undefined;
  if (type.isUnion() || type.isIntersection()) {
    for (const member of type.types) {
      const found = sdkClientOfType(checker, member, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const alias = type.aliasSymbol;
  if (alias && wrapperAliases.has(alias.getName()) && type.aliasTypeArguments?.[0]) return sdkClientOfType(checker, type.aliasTypeArguments[0], depth + 1);
  const found = sdkClientOfSymbol(alias) ?? sdkClientOfSymbol(type.getSymbol());
  if (found) return found;
  // `interface AppClient extends LDClient`, `class Flags extends GrowthBook`.
  if (type.isClassOrInterface()) for (const base of checker.getBaseTypes(type)) {
    const inherited = sdkClientOfType(checker, base, depth + 1);
    if (inherited) return inherited;
  }
  return undefined;
}

/**
 * Asks TypeScript's checker whether `expression` (a receiver the syntax could not type) is an SDK
 * client. Only for receivers of calls whose method name an SDK client has; never when switched off.
 */
export function checkerClient(ws: Workspace, expression: ts.Expression): SdkModule | undefined {
  const sf = expression.getSourceFile();
  const file = sf.fileName;
  if (!isEnabled(ws, file)) return undefined;
  const state = stateOf(ws);
  const known = state.answers.get(expression);
  if (known?.generation === ws.generation) return known.module;
  const started = performance.now();
  stats.queries++;
  try {
    const program = programFor(ws, file);
    const checked = program.getSourceFile(file);
    if (!checked || checked.text !== sf.text) return undefined;
    const node = findNode(checked, expression.pos, expression.end, expression.kind);
    if (!node) return undefined;
    const checker = program.getTypeChecker();
    const module = sdkClientOfType(checker, checker.getTypeAtLocation(node), 0);
    if (module) stats.clients++;
    state.answers.set(expression, { generation: ws.generation, module });
    return module;
  } catch {
    // The checker is a fallback: a project it cannot load leaves the receiver unresolved.
    return undefined;
  } finally {
    stats.ms += performance.now() - started;
    if (state.idle) clearTimeout(state.idle);
    state.idle = setTimeout(() => releaseTypeChecker(ws), keepProgramsMs);
    state.idle.unref?.();
  }
}
