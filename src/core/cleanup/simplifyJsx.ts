import { Node, type JsxElement, type JsxExpression, type JsxSelfClosingElement } from 'ts-morph';
import { isPlainJsxText, type FileCleanup } from './cleanupContext';
import { isHolder, literalText, truthy, type FlagValue, type Known } from './knownValue';
import { removeListElement } from './inlineBindings';
import { removalRange } from './textRanges';

/**
 * `{known}` in JSX: as a child, booleans/null/undefined render nothing, so the container goes (with
 * its line when it had one); attribute values (`enabled={on}`) take the literal.
 */
export function settleJsxExpression(ctx: FileCleanup, container: JsxExpression, expression: Node, known: Known): void {
  const value = known.value as FlagValue;
  const parent = container.getParent();
  const isChild = !!parent && (Node.isJsxElement(parent) || Node.isJsxFragment(parent));
  const rendersNothing = value === null || value === undefined || typeof value === 'boolean';
  if (isChild && rendersNothing && known.effects.length === 0) {
    const range = removalRange(container);
    ctx.edits.replace(range.start, range.end, '');
    return;
  }
  if (parent && Node.isJsxAttribute(parent) && known.effects.length === 0 && typeof value === 'string' && !/["\n&{}]/.test(value)) {
    ctx.edits.replace(container.getStart(), container.getEnd(), `"${value}"`);
    return;
  }
  if (isChild && known.effects.length === 0 && typeof value === 'string' && isPlainJsxText(value)) {
    ctx.edits.replace(container.getStart(), container.getEnd(), value);
    return;
  }
  ctx.emitValue(expression, known);
}

/**
 * SDK components that evaluate a flag themselves: `<IfFeatureEnabled feature="k">…</IfFeatureEnabled>`
 * becomes its children (or nothing), `<FeatureString feature="k" />` the string.
 */
export function settleFlagComponent(ctx: FileCleanup, element: JsxElement | JsxSelfClosingElement, known: Known, pattern: string): void {
  if (isHolder(known.value)) return;
  const parent = element.getParent();
  const inChildren = !!parent && (Node.isJsxElement(parent) || Node.isJsxFragment(parent));
  if (/FeatureString$/.test(pattern)) {
    const literal = literalText(known.value, ctx.quote);
    ctx.edits.replace(element.getStart(), element.getEnd(), inChildren ? `{${literal}}` : literal);
    return;
  }
  const children = Node.isJsxElement(element) ? element.getJsxChildren().filter((c) => !(Node.isJsxText(c) && c.containsOnlyTriviaWhiteSpaces())) : [];
  if (!truthy(known.value) || children.length === 0) {
    if (inChildren) {
      const range = removalRange(element);
      ctx.edits.replace(range.start, range.end, '');
    } else {
      ctx.edits.replace(element.getStart(), element.getEnd(), 'null');
    }
    return;
  }
  const first = children[0]!;
  const last = children.at(-1)!;
  const body = { start: first.getStart(), end: last.getEnd(), dedent: ctx.dedentBetween(element, first) };
  const single = children.length === 1 && (Node.isJsxElement(first) || Node.isJsxSelfClosingElement(first) || Node.isJsxFragment(first));
  if (inChildren || single) ctx.edits.replace(element.getStart(), element.getEnd(), body);
  else ctx.edits.replace(element.getStart(), element.getEnd(), '<>', body, '</>');
}

const hooksWithDependencies = /(^|\.)use(Effect|LayoutEffect|InsertionEffect|Memo|Callback|ImperativeHandle)$/;

/**
 * `useEffect(fn, [enabled])`: a constant is not a dependency, so the flag leaves the array
 * instead of becoming `[true]`. Returns false when `node` is not such an element.
 */
export function settleHookDependency(ctx: FileCleanup, node: Node): boolean {
  const array = node.getParent();
  const call = array?.getParent();
  if (!array || !Node.isArrayLiteralExpression(array) || !call || !Node.isCallExpression(call)) return false;
  if (!hooksWithDependencies.test(call.getExpression().getText()) || call.getArguments().at(-1) !== array) return false;
  removeListElement(ctx, node);
  return true;
}
