import { Node, SyntaxKind, type CallExpression, type ParameterDeclaration, type SourceFile } from 'ts-morph';
import { FileCleanup, literalValueOf, notLiteral } from './cleanupContext';
import { isEntryPointFile, workspaceMentionsOutsideProject } from './workspaceFiles';
import type { Seed } from './fixedWrappers';
import { removeListElement } from './inlineBindings';
import type { FlagValue } from './knownValue';
import type { CleanupState } from './removeDeadCode';
import { rewriteFile } from './replaceReferences';
import { tidyBlankLines } from './textRanges';

type FunctionNode = Node & { getParameters(): ParameterDeclaration[]; getBody(): Node | undefined };

/** The function a call's callee names, when the workspace declares it as a function. */
function calledFunction(call: CallExpression): { fn: FunctionNode; name: Node } | undefined {
  const callee = call.getExpression();
  if (!Node.isIdentifier(callee)) return undefined;
  let symbol = callee.getSymbol();
  if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol();
  const declarations = symbol?.getDeclarations() ?? [];
  if (declarations.length !== 1) return undefined;
  const declaration = declarations[0]!;
  const file = declaration.getSourceFile();
  if (file.isDeclarationFile() || file.isInNodeModules()) return undefined;
  if (Node.isFunctionDeclaration(declaration) && declaration.getNameNode() && !declaration.isOverload() && declaration.getBody()) return { fn: declaration, name: declaration.getNameNode()! };
  if (Node.isVariableDeclaration(declaration)) {
    const initializer = declaration.getInitializer();
    const statement = declaration.getVariableStatement();
    if (statement?.getDeclarationKind() !== 'const') return undefined;
    if (initializer && (Node.isArrowFunction(initializer) || Node.isFunctionExpression(initializer)) && Node.isIdentifier(declaration.getNameNode())) return { fn: initializer, name: declaration.getNameNode() };
    const wrapped = initializer ? passedThrough(initializer) : undefined;
    if (wrapped && Node.isIdentifier(declaration.getNameNode())) return { fn: wrapped, name: declaration.getNameNode() };
  }
  return undefined;
}

/**
 * Wrappers that call the function they are given with the caller's own arguments (later, or once):
 * React's useCallback, debouncers and throttlers, memoizers. Matched on the callee's last name.
 */
const passThroughWrappers = /^(useCallback|useEvent|useEffectEvent|debounce|throttle|memoize|memoizeOne|awesomeDebouncePromise|pDebounce|useDebouncedCallback|useThrottledCallback)$/;

/** `useCallback((a, b) => …, deps)`, `debounce(async (q) => …, 250)`: the function its calls reach. */
function passedThrough(initializer: Node): FunctionNode | undefined {
  if (!Node.isCallExpression(initializer)) return undefined;
  const callee = initializer.getExpression();
  const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : callee.getText();
  if (!passThroughWrappers.test(name)) return undefined;
  const fn = initializer.getArguments()[0];
  return fn && (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) ? fn : undefined;
}

const collapse = (text: string) => text.replace(/\s+/g, '');

/**
 * Positions of literal arguments this cleanup wrote (`addHostSchema(hosts, 'chrome', true)`: only
 * `true`): the original file held the call up to the argument before, but not up to this one. A
 * literal the code always passed is left alone: folding it is a refactoring of its own.
 */
function introducedLiterals(call: CallExpression, original: string): number[] {
  const out: number[] = [];
  const args = call.getArguments();
  const start = call.getStart();
  const prefix = (end: number) => collapse(call.getSourceFile().getFullText().slice(start, end));
  args.forEach((arg, i) => {
    if (literalValueOf(arg) === notLiteral) return;
    const before = i === 0 ? prefix(call.getExpression().getEnd()) + '(' : prefix(args[i - 1]!.getEnd());
    if (original.includes(before) && !original.includes(prefix(arg.getEnd()))) out.push(i);
  });
  return out;
}

/** Every call of the function, or undefined when it is used any other way (passed on, read, rendered). */
export function callsOf(name: Node, fn: Node): CallExpression[] | undefined {
  if (!Node.isIdentifier(name)) return undefined;
  const calls: CallExpression[] = [];
  for (const ref of name.findReferencesAsNodes()) {
    if (ref === name) continue;
    const parent = ref.getParent();
    if (!parent) return undefined;
    if (Node.isImportSpecifier(parent) || Node.isImportClause(parent) || Node.isExportSpecifier(parent) || Node.isExportAssignment(parent)) continue;
    if (Node.isCallExpression(parent) && parent.getExpression() === ref) {
      // A call from inside the function itself would fold into its own edits.
      if (parent.getFirstAncestor((a) => a === fn)) return undefined;
      calls.push(parent);
      continue;
    }
    return undefined;
  }
  return calls;
}

interface Fold {
  fn: FunctionNode;
  index: number;
  value: FlagValue;
  calls: CallExpression[];
}

/** Whether every call passes the same literal at `index` (and nothing is spread before it). */
function commonLiteral(calls: readonly CallExpression[], index: number): FlagValue | typeof notLiteral {
  let value: FlagValue | typeof notLiteral = notLiteral;
  for (const call of calls) {
    const args = call.getArguments();
    if (args.length <= index || args.slice(0, index + 1).some((a) => Node.isSpreadElement(a))) return notLiteral;
    const literal = literalValueOf(args[index]!);
    if (literal === notLiteral || (typeof literal === 'object' && literal !== null)) return notLiteral;
    if (value !== notLiteral && literal !== value) return notLiteral;
    value = literal;
  }
  return value;
}

/** Reads of a parameter, or undefined when it is assigned or destructured. */
function parameterReads(parameter: ParameterDeclaration): Node[] | undefined {
  const name = parameter.getNameNode();
  if (!Node.isIdentifier(name) || parameter.isRestParameter()) return undefined;
  const reads: Node[] = [];
  for (const ref of name.findReferencesAsNodes()) {
    if (ref === name) continue;
    if (ref.getSourceFile() !== parameter.getSourceFile()) return undefined;
    const parent = ref.getParent();
    if (parent && Node.isBinaryExpression(parent) && parent.getLeft() === ref && parent.getOperatorToken().getKind() >= SyntaxKind.FirstAssignment && parent.getOperatorToken().getKind() <= SyntaxKind.LastAssignment) return undefined;
    if (parent && (Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) && [SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken].includes(parent.getOperatorToken())) return undefined;
    if (parent && Node.isShorthandPropertyAssignment(parent)) return undefined;
    reads.push(ref);
  }
  return reads;
}

function findFold(state: CleanupState): Fold | undefined {
  const seen = new Set<Node>();
  for (const file of state.changed) {
    if (state.deleted.has(file)) continue;
    const sourceFile = state.project.getSourceFile(file);
    if (!sourceFile) continue;
    const original = collapse(state.originals.get(file) ?? '');
    for (const call of sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const introduced = introducedLiterals(call, original);
      if (introduced.length === 0) continue;
      const target = calledFunction(call);
      if (!target || seen.has(target.fn)) continue;
      seen.add(target.fn);
      const fnFile = target.fn.getSourceFile().getFilePath();
      if (state.deleted.has(fnFile) || isEntryPointFile(state, fnFile)) continue;
      if (workspaceMentionsOutsideProject(state, target.name.getText())) continue;
      const calls = callsOf(target.name, target.fn);
      if (!calls || calls.length === 0) continue;
      const parameters = target.fn.getParameters();
      for (const index of introduced) {
        if (index >= parameters.length) continue;
        const value = commonLiteral(calls, index);
        if (value === notLiteral || !parameterReads(parameters[index]!)) continue;
        return { fn: target.fn, index, value, calls };
      }
    }
  }
  return undefined;
}

/**
 * Flag values passed into functions are folded into them: when the cleanup leaves every call of a
 * workspace function passing the same literal for one parameter (`addHostSchema(hosts, chrome, true)`),
 * the literal replaces the parameter's reads inside the function and is simplified there, and the
 * parameter and its arguments go. One parameter per call; the caller repeats until nothing folds.
 */
export function foldLiteralParameters(state: CleanupState): boolean {
  const fold = findFold(state);
  if (!fold) return false;
  const parameter = fold.fn.getParameters()[fold.index]!;
  const reads = parameterReads(parameter) ?? [];
  const fnFile = fold.fn.getSourceFile();
  const byFile = new Map<SourceFile, CallExpression[]>();
  for (const call of fold.calls) byFile.set(call.getSourceFile(), [...(byFile.get(call.getSourceFile()) ?? []), call]);
  const texts = new Map<SourceFile, string>();
  const seeds: Seed[] = reads.map((node) => ({ node, known: { value: fold.value, effects: [] }, pattern: 'parameter' }));
  const removeArguments = (ctx: FileCleanup, calls: readonly CallExpression[]) => {
    for (const call of calls) removeListElement(ctx, call.getArguments()[fold.index]!);
  };
  const own = rewriteFile(fnFile, fnFile.getFilePath(), seeds, (ctx) => {
    removeListElement(ctx, parameter);
    removeArguments(ctx, byFile.get(fnFile) ?? []);
  });
  texts.set(fnFile, own.text);
  for (const [sourceFile, calls] of byFile) {
    if (sourceFile === fnFile) continue;
    const ctx = new FileCleanup(sourceFile, sourceFile.getFilePath());
    removeArguments(ctx, calls);
    texts.set(sourceFile, tidyBlankLines(ctx.text, ctx.render()));
  }
  for (const [sourceFile, text] of texts) {
    const file = sourceFile.getFilePath();
    if (text === sourceFile.getFullText()) continue;
    sourceFile.replaceWithText(text);
    state.changed.add(file);
  }
  return true;
}
