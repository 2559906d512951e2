import { Node } from 'ts-morph';
import type { FileCleanup } from './cleanupContext';
import { removeListElement } from './inlineBindings';
import type { FlagValue, Known } from './knownValue';
import { isPure, unwrapExpression } from './sideEffects';
import { indentAt, lineStartOf } from './textRanges';

/** The node above the parentheses around `node`. */
function parentAboveParentheses(node: Node): Node | undefined {
  let current = node;
  while (current.getParent() && Node.isParenthesizedExpression(current.getParentOrThrow())) current = current.getParentOrThrow();
  return current.getParent();
}

/** Array methods that read the array they are called on without changing it. */
const readingMethods = new Set(['map', 'filter', 'forEach', 'find', 'findIndex', 'some', 'every', 'reduce', 'reduceRight', 'join', 'slice', 'flatMap', 'flat', 'includes', 'indexOf', 'at', 'concat', 'entries', 'keys', 'values', 'toSorted', 'toReversed']);

/**
 * `list.filter((item) => true).map(…)`: a predicate the flag made always true keeps every element,
 * so the filter goes when the next call only reads the result (a sort would change the original).
 */
export function settleConstantPredicate(ctx: FileCleanup, node: Node, known: Known): boolean {
  const arrow = parentAboveParentheses(node);
  if (!arrow || !(Node.isArrowFunction(arrow) || Node.isFunctionExpression(arrow)) || known.effects.length > 0 || (known.value as FlagValue) !== true) return false;
  if (Node.isArrowFunction(arrow) && arrow.getBody() !== node && unwrapExpression(arrow.getBody()) !== unwrapExpression(node)) return false;
  const call = arrow.getParent();
  if (!call || !Node.isCallExpression(call) || call.getArguments().length !== 1 || call.getArguments()[0] !== arrow) return false;
  const access = call.getExpression();
  if (!Node.isPropertyAccessExpression(access) || access.getName() !== 'filter' || access.hasQuestionDotToken()) return false;
  const next = call.getParent();
  if (!next || !Node.isPropertyAccessExpression(next) || next.getExpression() !== call || !readingMethods.has(next.getName())) return false;
  ctx.edits.replace(access.getExpression().getEnd(), call.getEnd(), '');
  return true;
}

/** Values whose object spread adds no property (`{ ...false }` is `{}`; TypeScript rejects some of them). */
function spreadsNothingIntoObject(value: FlagValue): boolean {
  return value === null || value === undefined || typeof value === 'boolean' || typeof value === 'number' || value === '';
}

/** Removes a JSX attribute with the whitespace before it. */
function removeJsxAttribute(ctx: FileCleanup, attribute: Node): void {
  let start = attribute.getStart();
  while (start > 0 && /[ \t]/.test(ctx.text[start - 1]!)) start--;
  if (start > 0 && ctx.text[start - 1] === '\n' && lineStartOf(ctx.text, attribute.getEnd()) === lineStartOf(ctx.text, attribute.getStart())) {
    // The attribute had its own line: the line goes.
    const end = ctx.text.indexOf('\n', attribute.getEnd());
    if (end !== -1 && ctx.text.slice(attribute.getEnd(), end).trim() === '') {
      ctx.edits.replace(start, end + 1, '');
      return;
    }
  }
  ctx.edits.replace(start, attribute.getEnd(), '');
}

/**
 * A known value spread into an object, array or JSX attributes: `...(!isNew && { where })` folded to
 * `...false` is a TypeScript error (TS2698) and says nothing, so the spread goes; a spread array
 * literal's elements join the array. Returns false when `node` is not spread or the value is kept.
 */
export function settleSpreadValue(ctx: FileCleanup, node: Node, known: Known): boolean {
  const spread = parentAboveParentheses(node);
  if (!spread || known.effects.length > 0) return false;
  const value = known.value as FlagValue;
  if (Node.isSpreadAssignment(spread) && spreadsNothingIntoObject(value)) {
    removeListElement(ctx, spread);
    return true;
  }
  if (Node.isJsxSpreadAttribute(spread) && spreadsNothingIntoObject(value)) {
    removeJsxAttribute(ctx, spread);
    return true;
  }
  if (Node.isSpreadElement(spread) && Node.isArrayLiteralExpression(spread.getParent()) && (value === '' || (Array.isArray(value) && value.length === 0))) {
    removeListElement(ctx, spread);
    return true;
  }
  return false;
}

function nameOf(property: Node): string {
  const nameNode = (property as unknown as { getNameNode(): Node }).getNameNode();
  return Node.isStringLiteral(nameNode) || Node.isNumericLiteral(nameNode) ? String(nameNode.getLiteralValue()) : nameNode.getText();
}

function hasPureValue(property: Node): boolean {
  if (Node.isShorthandPropertyAssignment(property)) return true;
  return Node.isPropertyAssignment(property) && isPure(property.getInitializerOrThrow());
}

/** The names an object literal defines, or undefined when one of them is not known statically. */
function propertyNames(literal: Node): string[] | undefined {
  if (!Node.isObjectLiteralExpression(literal)) return undefined;
  const names: string[] = [];
  for (const property of literal.getProperties()) {
    if (Node.isSpreadAssignment(property)) continue;
    if (Node.isGetAccessorDeclaration(property) || Node.isSetAccessorDeclaration(property)) return undefined;
    if (Node.isComputedPropertyName(property.getNameNode())) return undefined;
    const name = nameOf(property);
    // `__proto__: x` sets the prototype in a literal but is an own property when spread.
    if (name === '__proto__') return undefined;
    names.push(name);
  }
  return names;
}

/** Replaces `spread` with the elements of the literal it spreads, re-indented to where the spread was. */
function spliceElements(ctx: FileCleanup, spread: Node, elements: readonly Node[]): void {
  const first = elements[0]!;
  const last = elements.at(-1)!;
  const sameLine = lineStartOf(ctx.text, first.getStart()) === lineStartOf(ctx.text, spread.getStart());
  const dedent = sameLine ? 0 : Math.max(0, indentAt(ctx.text, first.getStart()).length - indentAt(ctx.text, spread.getStart()).length);
  ctx.edits.replace(spread.getStart(), spread.getEnd(), { start: first.getStart(), end: last.getEnd(), dedent });
}

/**
 * The flag chose `kept` in place of `expression` (`cond && { where }`, `cond ? [a] : []`): where that
 * lands in a spread, the literal's own elements take the spread's place (`...{ where }` → `where`,
 * `...[]` → nothing). Returns false when nothing special applies.
 */
function spliceSpreadLiteral(ctx: FileCleanup, expression: Node, kept: Node): boolean {
  const spread = parentAboveParentheses(expression);
  const literal = unwrapExpression(kept);
  if (!spread) return false;
  if (Node.isSpreadAssignment(spread) && Node.isObjectLiteralExpression(literal)) {
    const names = propertyNames(literal);
    const container = spread.getParent();
    if (!names || !Node.isObjectLiteralExpression(container) || !propertyNames(container)) return false;
    const siblings = container.getProperties();
    const at = siblings.findIndex((p) => p === spread);
    const named = (list: readonly string[]) => (p: Node) => !Node.isSpreadAssignment(p) && list.includes(nameOf(p));
    // Two properties of one name: the later wins (TS2783 flags the earlier), so the earlier goes when it has no effects.
    const laterNames = siblings.slice(at + 1).filter((p) => !Node.isSpreadAssignment(p)).map(nameOf);
    const shadowed = literal.getProperties().filter(named(laterNames));
    const overwritten = siblings.slice(0, at).filter(named(names));
    if (siblings.slice(0, at).some((p) => Node.isSpreadAssignment(p)) && overwritten.length > 0) return false;
    if (![...shadowed, ...overwritten].every(hasPureValue)) return false;
    for (const property of [...overwritten, ...shadowed]) removeListElement(ctx, property);
    const properties = literal.getProperties().filter((p) => !shadowed.includes(p));
    if (properties.length === 0) removeListElement(ctx, spread);
    else spliceElements(ctx, spread, literal.getProperties());
    return true;
  }
  if (Node.isSpreadElement(spread) && Node.isArrayLiteralExpression(spread.getParent()) && Node.isArrayLiteralExpression(literal)) {
    const elements = literal.getElements();
    if (elements.some((e) => Node.isOmittedExpression(e))) return false;
    if (elements.length === 0) removeListElement(ctx, spread);
    else spliceElements(ctx, spread, elements);
    return true;
  }
  if (Node.isJsxSpreadAttribute(spread) && Node.isObjectLiteralExpression(literal) && literal.getProperties().length === 0) {
    removeJsxAttribute(ctx, spread);
    return true;
  }
  return false;
}

/** A parenthesized JSX element that fits on one line loses its parentheses when it is all that is left. */
function singleLineJsxInside(kept: Node): Node | undefined {
  if (!Node.isParenthesizedExpression(kept)) return undefined;
  const inner = unwrapExpression(kept);
  const isJsx = Node.isJsxElement(inner) || Node.isJsxSelfClosingElement(inner) || Node.isJsxFragment(inner);
  if (!isJsx || inner.getText().includes('\n')) return undefined;
  // Comments inside the parentheses belong to the element's surroundings: keep them.
  const between = kept.getText();
  if (/\/[/*]/.test(between.slice(0, inner.getStart() - kept.getStart())) || /\/[/*]/.test(between.slice(inner.getEnd() - kept.getStart()))) return undefined;
  return inner;
}

/**
 * `ctx.replaceWithResidual` with the containers around it in mind: a kept literal spread into an
 * object or array is spliced into it, and a kept `(<A />)` that fits on one line loses its parentheses.
 */
export function replaceResidual(ctx: FileCleanup, expression: Node, kept: Node, effects: readonly Node[]): void {
  if (effects.length === 0 && spliceSpreadLiteral(ctx, expression, kept)) return;
  const jsx = singleLineJsxInside(kept);
  ctx.replaceWithResidual(expression, jsx ?? kept, effects);
}
