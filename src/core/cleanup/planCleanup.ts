import { FlagLensError, throwIfAborted } from '../errors';
import { silentLogger } from '../log';
import type { FlagReference } from '../references/model';
import { createAnalysisProject } from './analysisProject';
import { editorLineOf } from './editorLines';
import { mayEvaluate } from './dynamicReferences';
import { buildImportIndex, importersOf } from './importIndex';
import { nestsDeeperThan, type FlagValue } from './knownValue';
import type { CleanupRequest, CleanupResult, FileChange } from './model';
import { removeDeadCode, importTargets, type CleanupState } from './removeDeadCode';
import { expandFixedKeyWrappers, type Seed } from './fixedWrappers';
import { locateReferences, rewriteFile } from './replaceReferences';
import { collectDiagnostics, newDiagnostics } from './verify';

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

  const project = await createAnalysisProject(index.root, { logger, ...(signal ? { signal } : {}) });
  throwIfAborted(signal);
  for (const dynamic of dynamicReferences) {
    if (!mayEvaluate(project, dynamic, key)) continue;
    notRewritten.push({ file: dynamic.file, line: dynamic.span.startLine, reason: `dynamic flag key (${dynamic.reason}); it may evaluate '${key}', check it by hand` });
  }
  if (byFile.size === 0) return empty;
  const originals = new Map<string, string>();
  const importTargetsBefore = new Map<string, string[]>();
  for (const sourceFile of project.getSourceFiles()) {
    if (sourceFile.isInNodeModules()) continue;
    originals.set(sourceFile.getFilePath(), sourceFile.getFullText());
  }
  for (const file of originals.keys()) importTargetsBefore.set(file, importTargets(project, file));
  const state: CleanupState = { project, originals, changed: new Set(), deleted: new Set(), importsBefore: buildImportIndex(project), importTargetsBefore };

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
  const seedsByFile = new Map<string, Seed[]>();
  for (const seed of seeds) {
    const file = seed.node.getSourceFile().getFilePath();
    seedsByFile.set(file, [...(seedsByFile.get(file) ?? []), seed]);
  }
  // Diagnostics of everything the cleanup can touch, taken before the project changes.
  const seedFiles = new Set(seedsByFile.keys());
  const checkSet = new Set([...seedFiles, ...importersOf(project, seedFiles)]);
  for (const file of seedFiles) for (const target of importTargetsBefore.get(file) ?? []) checkSet.add(target);
  for (const [file, text] of originals) if (text.includes(key)) checkSet.add(file);
  const before = collectDiagnostics(project, checkSet);
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
    const before = originals.get(file) ?? '';
    const current = state.deleted.has(file) ? null : (project.getSourceFile(file)?.getFullText() ?? null);
    // The compiler host hands texts back with \n; files written with \r\n keep their line endings.
    const after = current !== null && before.includes('\r\n') ? current.replace(/\r?\n/g, '\r\n') : current;
    if (after !== before) changes.push({ file, before, after });
  }
  changes.sort((a, b) => (a.file < b.file ? -1 : 1));
  if (changes.length === 0) return empty;

  const touched = new Set(changes.map((c) => c.file));
  const checked = new Set([...touched, ...importersOf(project, touched)]);
  const unexpected = [...checked].filter((f) => !checkSet.has(f));
  if (unexpected.length > 0) {
    // Dead code reached further than planned: take those files' old diagnostics from a fresh copy.
    const pristine = await createAnalysisProject(index.root, { logger, ...(signal ? { signal } : {}) });
    before.push(...collectDiagnostics(pristine, unexpected));
  }
  const after = collectDiagnostics(project, [...checked].filter((f) => !state.deleted.has(f)));
  const problems = newDiagnostics(before, after);
  logger.info(`Cleanup of '${key}': ${changes.length} file(s), ${problems.length} new diagnostic(s).`);
  return { key, keep, changes, safe: problems.length === 0, problems, notRewritten };
}
