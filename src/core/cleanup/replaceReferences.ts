import { Node, SyntaxKind, type Project, type SourceFile } from 'ts-morph';
import type { FlagReference } from '../references/model';
import { FileCleanup, type NotRewritten } from './cleanupContext';
import type { Seed } from './fixedWrappers';
import { settleBindingElement, settleFieldInitializer, settleVariableInitializer } from './inlineBindings';
import { holderFor, isHolder, truthy, ValueHolder, type FlagValue, type Known } from './knownValue';
import { settleConstantPredicate, settleSpreadValue } from './foldedContainers';
import { settleSwitch } from './reduceVariants';
import { settleBinary, settlePrefixUnary } from './simplifyBoolean';
import { settleConditional, settleExpressionStatement, settleIfCondition, settleLoopCondition } from './simplifyControlFlow';
import { settleFlagComponent, settleHookDependency, settleJsxExpression } from './simplifyJsx';
import { tidyBlankLines } from './textRanges';

/** Patterns whose call returns an object holding the value (when the reference has no `valuePath`). */
const holderPatterns: readonly RegExp[] = [/details?$/i, /variationDetail/i, /openfeature\.react\.useFlag$/i, /growthbook\.useFeature$/i, /\.evalFeature$/i];

/** Carries a known value up the tree from `node`, folding each parent it decides, until something absorbs it. */
function settle(ctx: FileCleanup, node: Node, known: Known): void {
  const parent = node.getParent();
  if (!parent) return;
  if (isHolder(known.value)) {
    settleHolder(ctx, node, parent, known);
    return;
  }
  if (
    Node.isParenthesizedExpression(parent) ||
    Node.isAsExpression(parent) ||
    Node.isSatisfiesExpression(parent) ||
    Node.isNonNullExpression(parent) ||
    Node.isTypeAssertion(parent) ||
    Node.isAwaitExpression(parent)
  ) {
    ctx.settle(parent, known);
  } else if (Node.isPrefixUnaryExpression(parent)) {
    settlePrefixUnary(ctx, parent, known);
  } else if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) {
    settleBinary(ctx, parent, node, known);
  } else if (Node.isConditionalExpression(parent) && parent.getCondition() === node) {
    settleConditional(ctx, parent, known);
  } else if (Node.isIfStatement(parent) && parent.getExpression() === node) {
    settleIfCondition(ctx, parent, known);
  } else if ((Node.isWhileStatement(parent) && parent.getExpression() === node) || (Node.isForStatement(parent) && parent.getCondition() === node)) {
    settleLoopCondition(ctx, parent, node, known);
  } else if (Node.isSwitchStatement(parent) && parent.getExpression() === node) {
    settleSwitch(ctx, parent, node, known);
  } else if (Node.isExpressionStatement(parent)) {
    settleExpressionStatement(ctx, parent, known);
  } else if (Node.isVariableDeclaration(parent) && parent.getInitializer() === node) {
    settleVariableInitializer(ctx, parent, node, known);
  } else if (Node.isPropertyDeclaration(parent) && parent.getInitializer() === node) {
    settleFieldInitializer(ctx, parent, node, known);
  } else if (Node.isJsxExpression(parent)) {
    settleJsxExpression(ctx, parent, node, known);
  } else if (settleHookDependency(ctx, node)) {
    // Dropped from a hook's dependency list.
  } else if (settleSpreadValue(ctx, node, known)) {
    // A spread of nothing: removed.
  } else if (settleConstantPredicate(ctx, node, known)) {
    // A filter that keeps everything: removed.
  } else {
    ctx.emitValue(node, known);
  }
}

/** A result object: only reading one of its value properties (or binding it) gets at the value. */
function settleHolder(ctx: FileCleanup, node: Node, parent: Node, known: Known): void {
  if (!isHolder(known.value)) return;
  if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === node && Object.hasOwn(known.value.fields, parent.getName())) {
    ctx.settle(parent, { value: known.value.fields[parent.getName()], effects: known.effects });
  } else if (Node.isParenthesizedExpression(parent) || Node.isNonNullExpression(parent) || Node.isAwaitExpression(parent) || Node.isAsExpression(parent)) {
    ctx.settle(parent, known);
  } else if (Node.isVariableDeclaration(parent) && parent.getInitializer() === node) {
    settleVariableInitializer(ctx, parent, node, known);
  } else if (Node.isPropertyDeclaration(parent) && parent.getInitializer() === node) {
    settleFieldInitializer(ctx, parent, node, known);
  } else {
    ctx.report(node, 'the flag result object is used as a whole; not rewritten');
  }
}

/** The node a span covers: the outermost expression with exactly that range. */
export function nodeAtSpan(sourceFile: SourceFile, start: number, end: number): Node | undefined {
  let node: Node | undefined = sourceFile.getDescendantAtPos(start);
  while (node && !(node.getStart() <= start && node.getEnd() >= end)) node = node.getParent();
  if (!node || node.getStart() !== start || node.getEnd() !== end) return undefined;
  let current: Node = node;
  for (;;) {
    const parent: Node | undefined = current.getParent();
    if (!parent || parent.getStart() !== start || parent.getEnd() !== end || Node.isStatement(parent) || Node.isVariableDeclaration(parent) || Node.isSourceFile(parent)) break;
    current = parent;
  }
  return current;
}

/** What a reference evaluates to, given the kept flag value. */
export function initialKnown(reference: FlagReference, node: Node, keep: FlagValue): Known {
  const value: FlagValue = reference.negate ? !truthy(keep) : keep;
  if (reference.kind === 'variant' && !reference.valuePath) {
    // Unleash variants: `{ name, enabled, payload }`; the kept value is the variant name.
    return { value: new ValueHolder({ name: value, enabled: true }), effects: [] };
  }
  const holds = !!reference.valuePath || reference.kind === 'detail' || holderPatterns.some((p) => p.test(reference.pattern));
  if (!holds) return { value, effects: [] };
  const holder = holderFor(value, reference.valuePath);
  // Some indexes report `useFlag(k).value` itself as the reference: then it is the value already.
  if (Node.isPropertyAccessExpression(node) && Object.hasOwn(holder.fields, node.getName()) && Node.isCallExpression(node.getExpression())) {
    return { value: holder.fields[node.getName()], effects: [] };
  }
  return { value: holder, effects: [] };
}

const keptValues = new WeakMap<Project, FlagValue>();

/** The value the cleanup of this project keeps (recorded when its references are located). */
export function keptValueOf(project: Project): FlagValue | undefined {
  return keptValues.get(project);
}

/** Finds the node of each reference and what it evaluates to; references that no longer match are reported. */
export function locateReferences(sourceFile: SourceFile, file: string, references: readonly FlagReference[], keep: FlagValue): { seeds: Seed[]; notRewritten: NotRewritten[] } {
  keptValues.set(sourceFile.getProject(), keep);
  const seeds: Seed[] = [];
  const notRewritten: NotRewritten[] = [];
  for (const reference of references) {
    const node = nodeAtSpan(sourceFile, reference.callSpan.start, reference.callSpan.end);
    if (!node) {
      notRewritten.push({ file, line: reference.callSpan.startLine, reason: 'the reference no longer matches the file; re-run the scan' });
      continue;
    }
    seeds.push({ node, known: initialKnown(reference, node, keep), pattern: reference.pattern });
  }
  return { seeds, notRewritten };
}

/** Plans the replacement of every seed in one file and returns the new text (or the same text). */
export function rewriteFile(sourceFile: SourceFile, file: string, seeds: readonly Seed[], more?: (ctx: FileCleanup) => void): { text: string; notRewritten: NotRewritten[]; edits: number } {
  const ctx = new FileCleanup(sourceFile, file);
  // Edits of the same pass that are not seeds (a folded parameter's declaration and arguments).
  more?.(ctx);
  ctx.settle = (node, known) => settle(ctx, node, known);
  for (const { node, known } of seeds) ctx.known.set(node, known);
  const ordered = [...seeds].sort((a, b) => a.node.getStart() - b.node.getStart());
  for (const { node, known, pattern } of ordered) {
    if (Node.isJsxElement(node) || Node.isJsxSelfClosingElement(node)) {
      settleFlagComponent(ctx, node, known, pattern);
      continue;
    }
    const bindingElement = Node.isBindingElement(node) ? node : Node.isBindingElement(node.getParent()) ? (node.getParent() as Node) : undefined;
    if (bindingElement && Node.isBindingElement(bindingElement)) settleBindingElement(ctx, bindingElement, known);
    else ctx.settle(node, known);
  }
  return { text: ctx.edits.size === 0 ? ctx.text : tidyBlankLines(ctx.text, ctx.render()), notRewritten: ctx.notRewritten, edits: ctx.edits.size };
}
