import { FlagLensError, throwIfAborted } from '../errors';
import { silentLogger } from '../log';
import type { FlagReference } from '../references/model';
import { Project } from 'ts-morph';
import { ts } from '../util/typescript';
import { openAnalysisWorkspace, type AnalysisWorkspace } from './analysisProject';
import { initialScope, missingFromScope } from './cleanupScope';
import { editorLineOf } from './editorLines';
import { mayEvaluate } from './dynamicReferences';
import { attachSurroundings, buildImportIndex } from './importIndex';
import { nestsDeeperThan, type FlagValue } from './knownValue';
import type { CleanupRequest, CleanupResult, FileChange } from './model';
import { removeDeadCode, importTargets, type CleanupState } from './removeDeadCode';
import { expandFixedKeyWrappers, type Seed } from './fixedWrappers';
import { locateReferences, rewriteFile } from './replaceReferences';
import { plannedFilesOf, verifyChanges, type PlannedFiles } from './verificationProgram';

export type { CleanupProblem, CleanupRequest, CleanupResult, FileChange } from './model';
export { applyCleanup } from './applyCleanup';
export { formatUnifiedDiff } from './unifiedDiff';

function isFlagValue(value: unknown): value is FlagValue {
  if (value === null || value === undefined) return true;
  if (['boolean', 'string', 'number'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(isFlagValue);
  if (typeof value === 'object') return Object.values(value as object).every(isFlagValue);
  return false;
}

/**
 * Plans the removal of one flag: every AST reference becomes the kept value, the code it decided is
 * simplified, what that leaves unused is deleted, and the result is re-checked by the compiler.
 * Nothing is written; `applyCleanup` does that.
 */
export async function planCleanup(request: CleanupRequest): Promise<CleanupResult> {
  try {
    return await planCleanupUnguarded(request);
  } catch (error) {
    // Deep expressions overflow the stack in TypeScript's binder and checker, not only in our code:
    // that is code this cleanup cannot handle safely, said once, with nothing changed.
    if (error instanceof RangeError) {
      throw new FlagLensError('parse', `Cannot clean up '${request.key}': the code is nested too deeply for the TypeScript compiler to check (${error.message}); nothing was changed.`, { cause: error });
    }
    throw error;
  }
}

/** Plans that needed files their project lacked are redone with them; past this, with every file. */
const maxScopeRounds = 4;

interface Plan {
  project: Project;
  /** The program over the untouched files, kept for the before side of verification. */
  before: ts.Program;
  changes: FileChange[];
  notRewritten: CleanupResult['notRewritten'];
  /** Files the plan changed or deleted. */
  changed: Set<string>;
  /** Files whose references (or calls to a fixed-key wrapper) were rewritten. */
  rewritten: Set<string>;
  wrapperNames: Set<string>;
  /** Names whose other mentions a fold needed in the project (foldContext.ts). */
  wantedNames: Set<string>;
}

async function planCleanupUnguarded(request: CleanupRequest): Promise<CleanupResult> {
  const { key, index, signal } = request;
  const logger = request.logger ?? silentLogger;
  // A vendor or flag file chooses this value too; a deep one would overflow the stack in the rewrite.
  if (nestsDeeperThan(request.keep)) throw new FlagLensError('usage', `The value to keep for '${key}' is nested too deeply.`);
  if (!isFlagValue(request.keep)) throw new FlagLensError('usage', `Cannot keep a value of type ${typeof request.keep} for flag '${key}'.`);
  const keep = request.keep;
  const references = index.referencesOf(key);
  const notRewritten: CleanupResult['notRewritten'] = [];
  const byFile = new Map<string, FlagReference[]>();
  for (const reference of references) {
    if (reference.confidence === 'text') {
      notRewritten.push({ file: reference.file, line: reference.keySpan.startLine, reason: `text match of '${key}' in a non-TypeScript file; update it by hand` });
      continue;
    }
    const list = byFile.get(reference.file) ?? [];
    list.push(reference);
    byFile.set(reference.file, list);
  }
  const empty: CleanupResult = { key, keep, changes: [], safe: true, problems: [], notRewritten };
  const dynamicReferences = index.dynamic();
  if (byFile.size === 0 && dynamicReferences.length === 0) return empty;

  const started = performance.now();
  const workspace = await openAnalysisWorkspace(index.root, { logger, ...(signal ? { signal } : {}) });
  throwIfAborted(signal);
  notRewritten.push(...dynamicNotes(workspace, dynamicReferences, key));
  if (byFile.size === 0) return empty;

  const { graph } = workspace;
  const settled = planUntilSettled(workspace, { key, keep, byFile, pruneUnusedExports: request.pruneUnusedExports === true, logger, ...(signal ? { signal } : {}) });
  notRewritten.push(...settled.notRewritten);
  const { changes, scopeSize, plannedFiles } = settled;
  if (changes.length === 0) return empty;
  const planned = performance.now();

  // Declarations that shape every file's types are part of every check.
  const context = [...graph.globalFiles(), ...workspace.declarationFiles];
  const verification = verifyChanges({ plan: plannedFiles, changes, context, graph, fileSystem: workspace.fileSystem, ...(signal ? { signal } : {}) });
  const problems = verification.problems;
  logger.debug(`Cleanup of '${key}': project of ${scopeSize} file(s) (${plannedFiles.files.size} with dependencies and libraries), planned in ${Math.round(planned - started)} ms; ${verification.checked} file(s) verified (${verification.checkedBefore} of them also before the change) in ${Math.round(performance.now() - planned)} ms.`);
  logger.info(`Cleanup of '${key}': ${changes.length} file(s), ${problems.length} new diagnostic(s).`);
  if (verification.unresolvedPackages.length > 0) logger.info(`Cleanup of '${key}': verified without the types of ${verification.unresolvedPackages.length} package(s) the compiler could not find (${verification.unresolvedPackages.slice(0, 5).join(', ')}${verification.unresolvedPackages.length > 5 ? ', …' : ''}); install dependencies for a full check.`);
  return { key, keep, changes, safe: problems.length === 0, problems, notRewritten, unresolvedPackages: verification.unresolvedPackages };
}

/** What verification needs of a settled plan (its project, program and checker are left behind). */
interface SettledPlan {
  changes: FileChange[];
  notRewritten: CleanupResult['notRewritten'];
  scopeSize: number;
  plannedFiles: PlannedFiles;
}

/**
 * Plans in a scope that grows until the plan needs nothing its project lacked. Only the changes and
 * the plan's parsed files come out: the project, its program and their checker are the largest
 * things a cleanup holds, and verification builds programs of its own.
 */
function planUntilSettled(workspace: AnalysisWorkspace, input: { key: string; keep: FlagValue; byFile: ReadonlyMap<string, FlagReference[]>; pruneUnusedExports: boolean; logger: NonNullable<CleanupRequest['logger']>; signal?: AbortSignal }): SettledPlan {
  const { graph } = workspace;
  const { key, byFile, logger } = input;
  let scope = initialScope(graph, key, byFile.keys());
  // Files whose code changes need exact types, so the compiler loads everything they import.
  let typed = new Set([...byFile.keys()].filter((f) => graph.texts.has(f)));
  for (let round = 1; ; round++) {
    const deep = graph.closure(typed);
    const plan = planInScope(workspace, scope, deep, input);
    const missing = missingFromScope(graph, scope, plan.wrapperNames, plan.wantedNames);
    // A file that changed without exact types: its imports were only partly resolved (see createProject).
    const untyped = [...new Set([...plan.rewritten, ...plan.changed])].filter((f) => !deep.has(f) && graph.texts.has(f));
    if (missing.size === 0 && untyped.length === 0) return { changes: plan.changes, notRewritten: plan.notRewritten, scopeSize: scope.size, plannedFiles: plannedFilesOf(plan.before) };
    logger.debug(`Cleanup of '${key}': the plan reached ${missing.size + untyped.length} file(s) its project did not fully hold; planning again with them.`);
    if (round < maxScopeRounds) {
      scope = new Set([...scope, ...missing, ...untyped]);
      typed = new Set([...typed, ...untyped]);
    } else {
      scope = new Set(graph.texts.keys());
      typed = scope;
    }
  }
}

/** A map that answers for keys it does not hold from a function (not stored: iteration stays what was set). */
class FallbackMap<K, V> extends Map<K, V> {
  constructor(private readonly fallback: (key: K) => V | undefined) {
    super();
  }

  override get(key: K): V | undefined {
    return super.has(key) ? super.get(key) : this.fallback(key);
  }
}

function isWorkspaceModule(sourceFile: ts.SourceFile | undefined): sourceFile is ts.SourceFile {
  return !!sourceFile && !sourceFile.isDeclarationFile && !sourceFile.fileName.includes('/node_modules/');
}

/** What `importTargets` answers for a file, read from a program instead of the project's checker. */
function importTargetsIn(program: ts.Program, file: string, graph: AnalysisWorkspace['graph']): string[] | undefined {
  const sourceFile = program.getSourceFile(file);
  if (!isWorkspaceModule(sourceFile)) return undefined;
  const out: string[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const target = graph.resolve(statement.moduleSpecifier.text, file);
    const targetFile = target ? program.getSourceFile(target) : undefined;
    // A script (no import or export) has no module symbol, so the checker names no file for it either.
    if (isWorkspaceModule(targetFile) && (ts.isExternalModule(targetFile) || targetFile.fileName.endsWith('.json') || (targetFile as { commonJsModuleIndicator?: unknown }).commonJsModuleIndicator !== undefined)) out.push(targetFile.fileName);
  }
  return out;
}

/** Dynamic keys that may evaluate `key`; only their syntax is needed, so no type-aware project. */
function dynamicNotes(workspace: AnalysisWorkspace, dynamicReferences: ReturnType<CleanupRequest['index']['dynamic']>, key: string): CleanupResult['notRewritten'] {
  const out: CleanupResult['notRewritten'] = [];
  if (dynamicReferences.length === 0) return out;
  const scratch = new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true, compilerOptions: { allowJs: true } });
  for (const file of new Set(dynamicReferences.map((d) => d.file))) {
    const text = workspace.graph.texts.get(file);
    if (text !== undefined) scratch.createSourceFile(file, text, { overwrite: true });
  }
  for (const dynamic of dynamicReferences) {
    if (!mayEvaluate(scratch, dynamic, key)) continue;
    out.push({ file: dynamic.file, line: dynamic.span.startLine, reason: `dynamic flag key (${dynamic.reason}); it may evaluate '${key}', check it by hand` });
  }
  return out;
}

/** One plan over a project holding `scope`: rewrite the references, then remove what that leaves dead. */
function planInScope(workspace: AnalysisWorkspace, scope: ReadonlySet<string>, deep: ReadonlySet<string>, input: { key: string; keep: FlagValue; byFile: ReadonlyMap<string, FlagReference[]>; pruneUnusedExports: boolean; signal?: AbortSignal }): Plan {
  const { key, keep, byFile, signal } = input;
  const project = workspace.createProject(scope, deep);
  const before = project.getProgram().compilerObject;
  attachSurroundings(project, { graph: workspace.graph, original: before, hidden: (importer, target) => workspace.hides(scope, deep, importer, target) });
  const notRewritten: CleanupResult['notRewritten'] = [];
  // Files the compiler loaded only as dependencies may be changed too (an export they lose): their
  // original text and imports come from the untouched program.
  const originals = new FallbackMap<string, string>((file) => (isWorkspaceModule(before.getSourceFile(file)) ? before.getSourceFile(file)!.text : undefined));
  const importTargetsBefore = new FallbackMap<string, string[]>((file) => importTargetsIn(before, file, workspace.graph));
  for (const sourceFile of project.getSourceFiles()) {
    if (sourceFile.isInNodeModules()) continue;
    originals.set(sourceFile.getFilePath(), sourceFile.getFullText());
  }
  for (const file of originals.keys()) importTargetsBefore.set(file, importTargets(project, file));
  const state: CleanupState = { project, originals, changed: new Set(), deleted: new Set(), importsBefore: buildImportIndex(project), importTargetsBefore, scriptTexts: workspace.graph.texts, pruneUnusedExports: input.pruneUnusedExports };

  // Plan every file against the untouched project first, then apply the texts in one batch.
  let seeds: Seed[] = [];
  for (const [file, fileReferences] of byFile) {
    throwIfAborted(signal);
    const sourceFile = project.getSourceFile(file);
    if (!sourceFile) {
      for (const r of fileReferences) notRewritten.push({ file, line: r.callSpan.startLine, reason: 'the file is not part of the TypeScript project; not rewritten' });
      continue;
    }
    const located = locateReferences(sourceFile, file, fileReferences, keep);
    seeds.push(...located.seeds);
    notRewritten.push(...located.notRewritten);
  }
  const expanded = expandFixedKeyWrappers(seeds);
  seeds = expanded.seeds;
  for (const { node, reason } of expanded.skipped) notRewritten.push({ file: node.getSourceFile().getFilePath(), line: editorLineOf(node), reason });
  const wrapperNames = new Set(seeds.filter((s) => s.pattern.startsWith('wrapper.')).map((s) => s.pattern.slice('wrapper.'.length)));
  const seedsByFile = new Map<string, Seed[]>();
  for (const seed of seeds) {
    const file = seed.node.getSourceFile().getFilePath();
    seedsByFile.set(file, [...(seedsByFile.get(file) ?? []), seed]);
  }
  const rewritten = new Map<string, string>();
  for (const [file, fileSeeds] of seedsByFile) {
    throwIfAborted(signal);
    const sourceFile = fileSeeds[0]!.node.getSourceFile();
    const result = rewriteFile(sourceFile, file, fileSeeds);
    notRewritten.push(...result.notRewritten);
    if (result.text !== sourceFile.getFullText()) rewritten.set(file, result.text);
  }
  for (const [file, text] of rewritten) {
    project.getSourceFileOrThrow(file).replaceWithText(text);
    state.changed.add(file);
  }
  removeDeadCode(state, key);
  throwIfAborted(signal);

  const changes: FileChange[] = [];
  for (const file of [...state.changed, ...state.deleted]) {
    if (changes.some((c) => c.file === file)) continue;
    const original = originals.get(file) ?? before.getSourceFile(file)?.text ?? '';
    const current = state.deleted.has(file) ? null : (project.getSourceFile(file)?.getFullText() ?? null);
    // The compiler host hands texts back with \n; files written with \r\n keep their line endings.
    const after = current !== null && original.includes('\r\n') ? current.replace(/\r?\n/g, '\r\n') : current;
    if (after !== original) changes.push({ file, before: original, after });
  }
  changes.sort((a, b) => (a.file < b.file ? -1 : 1));
  return { project, before, changes, notRewritten, changed: new Set([...state.changed, ...state.deleted]), rewritten: new Set(seedsByFile.keys()), wrapperNames, wantedNames: state.wantedNames ?? new Set() };
}
