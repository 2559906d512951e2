import { Node, Project, type SourceFile } from 'ts-morph';
import { ts } from '../util/typescript';
import { FileCleanup, type NotRewritten } from './cleanupContext';
import { removeDeadModules, type KeptModule } from './deadModules';
import { removeFlagGates, removeKeyEntries, removeKeyMembers } from './keyEntries';
import { isEntryPointFile, workspaceMentions } from './workspaceFiles';
import { foldLiteralParameters } from './foldParameters';
import { foldLiteralProps } from './foldProps';
import { foldContextValues } from './foldContext';
import { buildImportIndex, importCount, type ImportIndex } from './importIndex';
import { identifierUseCounts, isNamingPosition } from './identifierUses';
import type { FlagValue } from './knownValue';
import { keptValueOf, rewriteFile } from './replaceReferences';
import { removeUnreadReturnedMembers } from './returnedMembers';
import { bareBlocks, inlineAliases, joinShortInitializers, joinShortLists, joinShortStatements, unwrapSettledBlocks } from './settledLeftovers';
import { isTestFile, planMockCleanup } from './testMocks';
import { removalRange, tidyBlankLines } from './textRanges';
import { isStatementList } from './unwrapStatements';
import { droppable, removeUnusedArrayBindings, removeUnusedBindingElements, removeUnusedDeclarators, removeUnusedImports, removeUnusedPrivateMembers } from './unusedBindings';
import { lazy } from '../util/lazy';

/** The evolving workspace during one cleanup: original texts, the type-aware project holding the new ones. */
export interface CleanupState {
  project: Project;
  originals: Map<string, string>;
  changed: Set<string>;
  deleted: Set<string>;
  importsBefore: ImportIndex;
  /** What each file imported before cleanup (imports it loses must still lead to their targets). */
  importTargetsBefore: Map<string, string[]>;
  /** Scripts' texts as already read from disk (the workspace graph's): module deletion reads them from here, not the disk again. */
  scriptTexts?: ReadonlyMap<string, string>;
  /** The workspace folder (module deletion looks for importers and entry points under it); else the tsconfig's folder. */
  root?: string;
  /** Files that are loaded by name (`.flaglens.json` "entryPoints"): never deleted. */
  entryPoints?: readonly string[];
  /** Modules nothing imports any more that a string elsewhere still names: kept, for the person to check. */
  keptModules?: KeptModule[];
  /** The value kept (test mocks that set another one are deleted); else the one its references were located with. */
  keep?: FlagValue;
  /** Tests deleted because they only exercised the removed branch, for the result to list. */
  deletedTests?: NotRewritten[];
  /** Exports of changed files that nothing names go too, even if nothing used them before (opt-in). */
  pruneUnusedExports?: boolean;
  /** Names a fold stopped at because files outside the project mention them: the next plan loads those files. */
  wantedNames?: Set<string>;
}

/** Test files' mocks of the key (testMocks.ts): entries, comparisons, assertions, tests of the removed value. */
function cleanTestMocks(state: CleanupState, key: string): void {
  const keep = state.keep !== undefined ? state.keep : keptValueOf(state.project);
  if (keep === undefined) return;
  for (const sourceFile of state.project.getSourceFiles()) {
    const file = sourceFile.getFilePath();
    if (state.deleted.has(file) || sourceFile.isDeclarationFile() || sourceFile.isInNodeModules() || !isTestFile(file) || !sourceFile.getFullText().includes(key)) continue;
    const plan = planMockCleanup(sourceFile, key, keep);
    const result = rewriteFile(sourceFile, file, plan.seeds, plan.edit);
    if (result.text === sourceFile.getFullText()) continue;
    sourceFile.replaceWithText(result.text);
    state.changed.add(file);
    (state.deletedTests ??= []).push(...plan.deletedTests);
  }
}

// Made on first use: a Project at module load would cost every process that imports this file, the editor's activation included.
const scratch = lazy(() => new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true, compilerOptions: { allowJs: true, jsx: 4 } }));
const usesBeforeCache = new WeakMap<CleanupState, Map<string, Map<string, number>>>();

function usesBefore(state: CleanupState, file: string): Map<string, number> {
  let cache = usesBeforeCache.get(state);
  if (!cache) usesBeforeCache.set(state, (cache = new Map()));
  let counts = cache.get(file);
  if (!counts) {
    const original = scratch().createSourceFile(file, state.originals.get(file) ?? '', { overwrite: true });
    counts = identifierUseCounts(original);
    scratch().removeSourceFile(original);
    cache.set(file, counts);
  }
  return counts;
}

const bareBlocksCache = new WeakMap<CleanupState, Map<string, Set<string>>>();

/** The bare blocks the file had before the cleanup (those stay blocks). */
function bareBlocksBefore(state: CleanupState, file: string): Set<string> {
  let cache = bareBlocksCache.get(state);
  if (!cache) bareBlocksCache.set(state, (cache = new Map()));
  let blocks = cache.get(file);
  if (!blocks) {
    const original = scratch().createSourceFile(file, state.originals.get(file) ?? '', { overwrite: true });
    blocks = bareBlocks(original);
    scratch().removeSourceFile(original);
    cache.set(file, blocks);
  }
  return blocks;
}

function declaredName(statement: Node): { name: string; nameNode: Node } | undefined {
  if (Node.isFunctionDeclaration(statement) || Node.isClassDeclaration(statement) || Node.isInterfaceDeclaration(statement) || Node.isTypeAliasDeclaration(statement) || Node.isEnumDeclaration(statement)) {
    const nameNode = statement.getNameNode();
    return nameNode ? { name: nameNode.getText(), nameNode } : undefined;
  }
  if (Node.isVariableStatement(statement)) {
    const declarations = statement.getDeclarations();
    const only = declarations[0];
    if (declarations.length !== 1 || !only) return undefined;
    const nameNode = only.getNameNode();
    return Node.isIdentifier(nameNode) ? { name: nameNode.getText(), nameNode } : undefined;
  }
  return undefined;
}


/**
 * How many bindings of each spelling the file declares (variables, destructured names, parameters,
 * functions), in one walk of the compiler's nodes: asked per declaration, a walk each was most of a
 * small cleanup's planning time.
 */
function declarationCounts(sourceFile: SourceFile): Map<string, number> {
  const counts = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const declares = ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionDeclaration(parent)) && parent.name === node) || (ts.isBindingElement(parent) && (parent.name === node || parent.propertyName === node));
      if (declares) counts.set(node.text, (counts.get(node.text) ?? 0) + 1);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile.compilerNode);
  return counts;
}

/** Whether the binding itself (not another of the same spelling) is read anywhere. */
function hasOwnReads(nameNode: Node): boolean {
  if (!Node.isIdentifier(nameNode)) return true;
  try {
    return nameNode.findReferencesAsNodes().some((ref) => ref !== nameNode && !isNamingPosition(ref));
  } catch {
    return true;
  }
}

/** `return false;` (or another literal) and nothing else: what a flag wrapper's body settles to. */
function returnsOnlyLiteral(statement: Node): boolean {
  let body: Node | undefined;
  if (Node.isFunctionDeclaration(statement)) body = statement.getBody();
  else if (Node.isVariableStatement(statement)) {
    const initializer = statement.getDeclarations()[0]?.getInitializer();
    if (Node.isArrowFunction(initializer) || Node.isFunctionExpression(initializer)) body = initializer.getBody();
  }
  if (!body) return false;
  let value: Node | undefined = body;
  if (Node.isBlock(body)) {
    const statements = body.getStatements();
    const only = statements[0];
    if (statements.length !== 1 || !Node.isReturnStatement(only)) return false;
    value = only.getExpression();
  }
  while (value && Node.isParenthesizedExpression(value)) value = value.getExpression();
  return !!value && (Node.isTrueLiteral(value) || Node.isFalseLiteral(value) || Node.isNullLiteral(value) || Node.isStringLiteral(value) || Node.isNumericLiteral(value) || (Node.isIdentifier(value) && value.getText() === 'undefined'));
}

/**
 * A local flag wrapper nobody called even before (`function headerIsClassic() { return
 * isToggleDisabled(k) }`) whose body this cleanup settled to a literal: it was the flag check and
 * goes with it. A function that already returned that literal is not the cleanup's to delete.
 */
function settledWrapper(state: CleanupState, file: string, statement: Node, name: string): boolean {
  if (!returnsOnlyLiteral(statement) || (Node.isExportable(statement) && statement.isExported())) return false;
  const original = state.originals.get(file);
  if (original === undefined) return false;
  const parsed = scratch().createSourceFile(file, original, { overwrite: true });
  try {
    const then = parsed.getDescendants().find((n) => isStatementList(n.getParent()) && declaredName(n)?.name === name && n.getKind() === statement.getKind());
    return !!then && !returnsOnlyLiteral(then);
  } finally {
    scratch().removeSourceFile(parsed);
  }
}

/** `--prune-unused-exports`: an export of a changed file that no script in the workspace names any more. */
function prunable(state: CleanupState, file: string, statement: Node, name: string, exported: boolean): boolean {
  return state.pruneUnusedExports === true && exported && !state.deleted.has(file) && !workspaceMentions(state, name, statement);
}

function removeUnusedDeclarations(ctx: FileCleanup, now: Map<string, number>, before: Map<string, number>, importsBefore: ImportIndex, importsNow: ImportIndex, entryPoint: boolean, state: CleanupState): void {
  const file = ctx.sourceFile.getFilePath();
  const candidates = ctx.sourceFile.getDescendants().filter((n) => isStatementList(n.getParent()) && declaredName(n));
  let counts: Map<string, number> | undefined;
  const declarationCount = (name: string): number => (counts ??= declarationCounts(ctx.sourceFile)).get(name) ?? 0;
  for (const statement of candidates) {
    const declared = declaredName(statement);
    if (!declared) continue;
    if (Node.isExportable(statement) && statement.isDefaultExport()) continue;
    const exported = Node.isExportable(statement) && statement.isExported();
    // An entry point's exports are its public API, whoever imports them inside the workspace.
    if (exported && entryPoint) continue;
    // Exports count as public API unless something in the workspace imported them and no longer does.
    const beforeUses = exported ? importCount(importsBefore, file, declared.name) : (before.get(declared.name) ?? 0);
    let nowUses = (now.get(declared.name) ?? 0) + (exported ? importCount(importsNow, file, declared.name) : 0);
    // Counts go by spelling: an inner binding of the same name (`const query` in a kept branch) may be all that is read.
    if (nowUses > 0 && !exported && declarationCount(declared.name) > 1 && !hasOwnReads(declared.nameNode)) nowUses = 0;
    if (nowUses > 0) continue;
    if (beforeUses === 0 && !(state.changed.has(file) && (settledWrapper(state, file, statement, declared.name) || prunable(state, file, statement, declared.name, exported)))) continue;
    if (Node.isVariableStatement(statement)) {
      const initializer = statement.getDeclarations()[0]?.getInitializer();
      if (!droppable(initializer) && initializer) {
        // Public API stays whole: `export const messages = f()` never becomes a bare `f();`.
        if (exported) continue;
        ctx.edits.replace(statement.getStart(), statement.getEnd(), { start: initializer.getStart(), end: initializer.getEnd() }, ';');
        continue;
      }
    }
    const range = removalRange(statement);
    ctx.edits.replace(range.start, range.end, '');
  }
}

/**
 * Deletes what the rewrite left without a use, repeating until nothing changes: imports, local and
 * exported declarations whose last use (or last importer) went away, the key's constant-map/enum
 * entry, files with no statements left, and modules nothing imports any more (deadModules.ts).
 */
export function removeDeadCode(state: CleanupState, key: string, maxRounds = 24): void {
  cleanTestMocks(state, key);
  for (let round = 0; round < maxRounds; round++) {
    const importsNow = buildImportIndex(state.project);
    const candidates = new Set<string>(state.changed);
    for (const sourceFile of state.project.getSourceFiles()) {
      const text = sourceFile.getFullText();
      // Quoted (a constant, a map entry) or bare (a member of the type listing the flags).
      if (text.includes(key)) candidates.add(sourceFile.getFilePath());
    }
    // Exports the changed files imported may have lost their last importer.
    for (const file of [...state.changed]) {
      for (const target of [...importTargets(state.project, file), ...(state.importTargetsBefore.get(file) ?? [])]) candidates.add(target);
    }
    let changedThisRound = false;
    for (const file of candidates) {
      if (state.deleted.has(file)) continue;
      const sourceFile = state.project.getSourceFile(file);
      if (!sourceFile) continue;
      const ctx = new FileCleanup(sourceFile, file);
      const now = identifierUseCounts(sourceFile);
      const before = usesBefore(state, file);
      removeUnusedImports(ctx, now, before);
      removeUnusedDeclarations(ctx, now, before, state.importsBefore, importsNow, isEntryPointFile(state, file), state);
      removeUnusedDeclarators(ctx, now, before);
      removeUnusedPrivateMembers(ctx, now, before);
      removeUnusedBindingElements(ctx, now, before);
      removeUnusedArrayBindings(ctx, now, before);
      removeUnreadReturnedMembers(ctx, state);
      removeKeyEntries(ctx, key, state.project, now, importsNow);
      removeKeyMembers(ctx, key, state);
      removeFlagGates(ctx, key, state.keep !== undefined ? state.keep : keptValueOf(state.project));
      if (ctx.edits.size === 0 && state.changed.has(file)) {
        // Once nothing else is left to delete: blocks kept only for a clash that is gone, aliases of one name.
        unwrapSettledBlocks(ctx, bareBlocksBefore(state, file));
        inlineAliases(ctx, state.originals.get(file) ?? '');
        if (ctx.edits.size === 0) joinShortInitializers(ctx, state.originals.get(file) ?? '');
        if (ctx.edits.size === 0) joinShortLists(ctx, state.originals.get(file) ?? '');
        if (ctx.edits.size === 0) joinShortStatements(ctx, state.originals.get(file) ?? '');
      }
      if (ctx.edits.size > 0) {
        const next = tidyBlankLines(state.originals.get(file) ?? ctx.text, ctx.render());
        if (next !== ctx.text) {
          sourceFile.replaceWithText(next);
          state.changed.add(file);
          changedThisRound = true;
        }
      }
      if (state.changed.has(file) && sourceFile.getStatements().length === 0 && (state.originals.get(file) ?? '').trim() !== '') {
        state.deleted.add(file);
        state.project.removeSourceFile(sourceFile);
        changedThisRound = true;
      }
    }
    // Once the files settle, modules nothing imports any more go as a whole, and what that frees is cleaned next round.
    if (!changedThisRound && !foldLiteralParameters(state) && !foldLiteralProps(state) && !foldContextValues(state) && !removeDeadModules(state)) return;
  }
}

export function importTargets(project: Project, importer: string): string[] {
  const sourceFile = project.getSourceFile(importer);
  if (!sourceFile) return [];
  return sourceFile
    .getImportDeclarations()
    .map((d) => d.getModuleSpecifierSourceFile())
    .filter((t): t is SourceFile => !!t && !t.isDeclarationFile() && !t.isInNodeModules())
    .map((t) => t.getFilePath());
}
