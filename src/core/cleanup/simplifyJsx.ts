import { Node, type JsxExpression } from 'ts-morph';
import type { FileCleanup } from './cleanupContext';
import type { FlagValue, Known } from './knownValue';
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
  ctx.emitValue(expression, known);
}
