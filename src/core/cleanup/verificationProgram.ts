import * as path from 'node:path';
import { ts } from '../util/typescript';
import { throwIfAborted } from '../errors';
import type { OverlayFileSystem } from '../references/overlayFileSystem';
import type { CleanupProblem, FileChange } from './model';
import { collectDiagnostics, newDiagnostics, type FileDiagnostic } from './verify';
import type { WorkspaceGraph } from './workspaceGraph';

/** `program.emit`'s internal sixth parameter: declaration text even under `noEmit` (what tsc's builder hashes). */
type EmitWithForce = (targetSourceFile: ts.SourceFile, writeFile: ts.WriteFileCallback, cancellationToken: undefined, emitOnlyDtsFiles: boolean, customTransformers: undefined, forceDtsEmit: boolean) => ts.EmitResult;

/**
 * Serves one side of the comparison to the compiler: `texts` replace files (null deletes them),
 * every other file is the very SourceFile the plan's program already parsed and bound, so a new
 * program costs only the files that differ.
 */
class SideHost implements ts.CompilerHost {
  private readonly parsed = new Map<string, ts.SourceFile>();

  constructor(
    private readonly base: ReadonlyMap<string, ts.SourceFile>,
    private readonly texts: ReadonlyMap<string, string | null>,
    private readonly shared: Map<string, ts.SourceFile>,
    private readonly graph: WorkspaceGraph,
    private readonly fileSystem: OverlayFileSystem,
    private readonly libDirectory: string,
  ) {}

  resolveModuleNameLiterals(literals: readonly ts.StringLiteralLike[], containingFile: string, _redirected: ts.ResolvedProjectReference | undefined, options: ts.CompilerOptions, containingSourceFile: ts.SourceFile): ts.ResolvedModuleWithFailedLookupLocations[] {
    return literals.map((literal) => this.graph.resolveModule(literal.text, containingFile, ts.getModeForUsageLocation(containingSourceFile, literal, options)));
  }

  getSourceFile(fileName: string, languageVersionOrOptions: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.SourceFile | undefined {
    const override = this.texts.get(fileName);
    if (override === null) return undefined;
    if (override !== undefined) {
      let sourceFile = this.parsed.get(fileName);
      if (!sourceFile) this.parsed.set(fileName, (sourceFile = ts.createSourceFile(fileName, override, languageVersionOrOptions, true)));
      return sourceFile;
    }
    const existing = this.base.get(fileName) ?? this.shared.get(fileName);
    if (existing) return existing;
    const text = this.readFile(fileName);
    if (text === undefined) return undefined;
    const sourceFile = ts.createSourceFile(fileName, text, languageVersionOrOptions, true);
    this.shared.set(fileName, sourceFile);
    return sourceFile;
  }

  fileExists(fileName: string): boolean {
    const override = this.texts.get(fileName);
    if (override !== undefined) return override !== null;
    return this.base.has(fileName) || this.fileSystem.fileExistsSync(fileName);
  }

  readFile(fileName: string): string | undefined {
    const override = this.texts.get(fileName);
    if (override !== undefined) return override ?? undefined;
    try {
      return this.fileSystem.readFileSync(fileName);
    } catch {
      return undefined;
    }
  }

  directoryExists(directoryName: string): boolean {
    return this.fileSystem.directoryExistsSync(directoryName);
  }

  getDirectories(directoryName: string): string[] {
    try {
      return this.fileSystem.readDirSync(directoryName).filter((e) => e.isDirectory).map((e) => e.name);
    } catch {
      return [];
    }
  }

  realpath(fileName: string): string {
    return this.fileSystem.realpathSync(fileName);
  }

  getDefaultLibFileName(options: ts.CompilerOptions): string {
    return path.posix.join(this.libDirectory, ts.getDefaultLibFileName(options));
  }

  getDefaultLibLocation(): string {
    return this.libDirectory;
  }

  writeFile(): void {
    // Verification never writes.
  }

  getCurrentDirectory(): string {
    return this.fileSystem.getCurrentDirectory();
  }

  getCanonicalFileName(fileName: string): string {
    return this.useCaseSensitiveFileNames() ? fileName : fileName.toLowerCase();
  }

  useCaseSensitiveFileNames(): boolean {
    return this.fileSystem.isCaseSensitive();
  }

  getNewLine(): string {
    return '\n';
  }
}

/**
 * Before and after programs over the files verification compares, with the plain module resolution
 * (the plan's project loads only part of what some files import), growing together when the check
 * reaches files they do not hold yet.
 */
class ProgramPair {
  before: ts.Program;
  after: ts.Program;
  private readonly beforeHost: SideHost;
  private readonly afterHost: SideHost;
  private readonly options: ts.CompilerOptions;
  private programs = 0;

  constructor(
    plan: PlannedFiles,
    roots: readonly string[],
    private readonly afterTexts: ReadonlyMap<string, string | null>,
    graph: WorkspaceGraph,
    fileSystem: OverlayFileSystem,
  ) {
    this.options = plan.options;
    // Files the plan parsed (and bound) serve both sides as they are; the rest is parsed once for both.
    const shared = new Map<string, ts.SourceFile>();
    this.beforeHost = new SideHost(plan.files, new Map(), shared, graph, fileSystem, plan.libDirectory);
    this.afterHost = new SideHost(plan.files, afterTexts, shared, graph, fileSystem, plan.libDirectory);
    this.before = this.create(this.beforeHost, roots);
    this.after = this.create(this.afterHost, roots, this.before);
  }

  get programCount(): number {
    return this.programs;
  }

  private create(host: SideHost, roots: readonly string[], oldProgram?: ts.Program): ts.Program {
    this.programs++;
    const rootNames = host === this.afterHost ? roots.filter((f) => this.afterTexts.get(f) !== null) : [...roots];
    return ts.createProgram({ rootNames, options: this.options, host, ...(oldProgram ? { oldProgram } : {}) });
  }

  /** Makes sure both programs hold `files` (new programs reuse every SourceFile the old ones had). */
  include(files: Iterable<string>): void {
    const missing = [...files].filter((f) => !this.before.getSourceFile(f));
    if (missing.length === 0) return;
    const roots = [...new Set([...this.before.getRootFileNames(), ...missing])];
    this.before = this.create(this.beforeHost, roots, this.before);
    this.after = this.create(this.afterHost, roots, this.after);
  }
}

/**
 * The declaration text of a file: all its importers can see of it. A file the declaration emitter
 * has something to say about (a type it cannot name) gets a text of its own each time: its
 * importers are then always checked.
 */
const shapeCache = new WeakMap<ts.Program, Map<string, string | undefined>>();

function declarationShape(program: ts.Program, file: string): string | undefined {
  let cache = shapeCache.get(program);
  if (!cache) shapeCache.set(program, (cache = new Map()));
  if (!cache.has(file)) cache.set(file, emitDeclarations(program, file));
  return cache.get(file);
}

function emitDeclarations(program: ts.Program, file: string): string | undefined {
  const sourceFile = program.getSourceFile(file);
  if (!sourceFile) return undefined;
  let text = '';
  try {
    // Only the .d.ts: a declaration map (`declarationMap: true`) records where each declaration sat,
    // so any edit that moves a line would read as a new shape and send the check through every importer.
    const keep: ts.WriteFileCallback = (name, data) => {
      if (!name.endsWith('.map')) text += data;
    };
    const result = (program.emit as unknown as EmitWithForce).call(program, sourceFile, keep, undefined, true, undefined, true);
    if (result.diagnostics.length > 0) return `${text}\u0000${uniqueShape++}`;
  } catch {
    return `\u0000${uniqueShape++}`;
  }
  return text;
}
let uniqueShape = 0;

/**
 * What verification keeps of the plan's program: its parsed and bound files, options and lib
 * folder. Not the program itself: its type checker and the plan's project around it are the
 * largest things a cleanup holds, and they can go before verification builds its own.
 */
export interface PlannedFiles {
  files: ReadonlyMap<string, ts.SourceFile>;
  options: ts.CompilerOptions;
  libDirectory: string;
}

export function plannedFilesOf(program: ts.Program): PlannedFiles {
  const options = program.getCompilerOptions();
  const sourceFiles = program.getSourceFiles();
  const libFile = sourceFiles.find((sf) => program.isSourceFileDefaultLibrary(sf));
  const libDirectory = libFile ? path.posix.dirname(libFile.fileName) : path.posix.dirname(ts.getDefaultLibFilePath(options));
  return { files: new Map(sourceFiles.map((sf) => [sf.fileName, sf])), options, libDirectory };
}

export interface VerificationResult {
  problems: CleanupProblem[];
  /** Files whose diagnostics were compared. */
  checked: number;
  /** Programs created for the comparison (the plan's own program not counted). */
  programs: number;
  /** Of the checked files, those whose diagnostics before the change were needed (they report something after it). */
  checkedBefore: number;
  /** Packages the checked files import that the compiler could not find: what comes from them was not checked. */
  unresolvedPackages: string[];
}

/** TS2307 "Cannot find module 'x'", TS7016 "Could not find a declaration file for module 'x'". */
const missingModuleCodes = new Set([2307, 7016]);

/** Bare specifiers (packages, not the workspace's own relative files) the compiler could not resolve. */
function unresolvedPackagesOf(diagnostics: readonly FileDiagnostic[]): string[] {
  const out = new Set<string>();
  for (const diagnostic of diagnostics) {
    if (!missingModuleCodes.has(diagnostic.code)) continue;
    const name = /'([^']+)'/.exec(diagnostic.message)?.[1];
    if (name && !name.startsWith('.') && !name.startsWith('/')) out.add(name);
  }
  return [...out].sort();
}

/**
 * Checks a planned change the way an incremental build does: the changed files are compared before
 * and after; where a file's declarations change (its exported types, what it re-exports, or the
 * file is deleted), the files importing it are compared too, and so on as far as the change
 * reaches. A change to global declarations reaches every file. Only new diagnostics count.
 */
export function verifyChanges(options: { plan: PlannedFiles; changes: readonly FileChange[]; context: readonly string[]; graph: WorkspaceGraph; fileSystem: OverlayFileSystem; signal?: AbortSignal }): VerificationResult {
  const { graph, signal } = options;
  const afterTexts = new Map(options.changes.map((c) => [c.file, c.after] as const));
  const touched = options.changes.map((c) => c.file).sort();
  const pair = new ProgramPair(options.plan, [...touched, ...options.context], afterTexts, graph, options.fileSystem);
  const checked = new Set(touched.filter((f) => afterTexts.get(f) !== null));
  const shapes = new Map<string, boolean>();
  const shapeChanged = (file: string): boolean => {
    let changed = shapes.get(file);
    if (changed === undefined) {
      pair.include([file]);
      changed = afterTexts.get(file) === null || declarationShape(pair.before, file) !== declarationShape(pair.after, file);
      shapes.set(file, changed);
    }
    return changed;
  };
  /** Whether what `importer` declares or re-exports now reads differently because `dependency` did. */
  const passesOn = (importer: string, dependency: string): boolean => {
    // Both sides compute the same declarations in the same order (see below).
    if (shapeChanged(importer) || graph.reexports(importer, dependency)) return true;
    const declarations = declarationShape(pair.after, importer) ?? '';
    return ts.preProcessFile(declarations, true, true).importedFiles.some((f) => graph.resolve(f.fileName, importer) === dependency);
  };

  // A file whose declarations are global (before, or after: one that lost its last import or export) reaches every file.
  const declaresGlobals = (file: string) => [options.changes.find((c) => c.file === file)?.before, afterTexts.get(file)].some((text) => typeof text === 'string' && graph.declaresGlobals(text));
  const reachesEverything = touched.some((f) => declaresGlobals(f) && shapeChanged(f));
  if (reachesEverything) for (const file of graph.texts.keys()) checked.add(file);
  const frontier: { file: string; dependency: string }[] = [];
  for (const file of touched) {
    // Importers see a file only through its declarations: when those read the same, so do their diagnostics.
    if (reachesEverything || !shapeChanged(file)) continue;
    for (const importer of graph.importersOf(file)) {
      checked.add(importer);
      if (!afterTexts.has(importer)) frontier.push({ file: importer, dependency: file });
    }
  }
  const visited = new Set<string>();
  // One layer of importers at a time: each layer costs one pair of programs, not each file in it.
  let layer = frontier;
  while (layer.length > 0) {
    throwIfAborted(signal);
    pair.include(layer.map((f) => f.file));
    const next: typeof frontier = [];
    for (const { file, dependency } of layer) {
      if (visited.has(file) || !passesOn(file, dependency)) continue;
      visited.add(file);
      for (const importer of graph.importersOf(file)) {
        checked.add(importer);
        if (!afterTexts.has(importer) && !visited.has(importer)) next.push({ file: importer, dependency: file });
      }
    }
    layer = next;
  }

  const ordered = [...touched.filter((f) => checked.has(f)), ...[...checked].filter((f) => !afterTexts.has(f)).sort()];
  pair.include(ordered);
  throwIfAborted(signal);
  // The same files in the same order on both sides (the before side skips those with nothing to
  // match): the checker's answers can depend on what it checked first.
  const compared = ordered.filter((f) => afterTexts.get(f) !== null);
  const after: FileDiagnostic[] = collectDiagnostics(pair.after, compared);
  // A file with no diagnostics after the change cannot have new ones: in a project that compiles,
  // that is nearly every file, and the before side only checks the few that report something.
  const reporting = new Set(after.map((d) => d.file));
  const before: FileDiagnostic[] = collectDiagnostics(pair.before, compared.filter((f) => reporting.has(f)));
  return { problems: newDiagnostics(before, after, new Set(compared.filter((f) => !afterTexts.has(f)))), checked: ordered.length, checkedBefore: reporting.size, programs: pair.programCount, unresolvedPackages: unresolvedPackagesOf(after) };
}
