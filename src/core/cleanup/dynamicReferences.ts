import { Node, type Project } from 'ts-morph';
import type { DynamicReference } from '../references/model';
import { nodeAtSpan } from './replaceReferences';

/** The fixed text a key expression starts and ends with (`` `new-${x}` `` → `new-`, ``), when it has any. */
function keyAffixes(expression: Node): { prefix: string; suffix: string } | undefined {
  if (Node.isTemplateExpression(expression)) {
    const spans = expression.getTemplateSpans();
    const affixes = { prefix: expression.getHead().getLiteralText(), suffix: spans.at(-1)?.getLiteral().getLiteralText() ?? '' };
    return affixes.prefix || affixes.suffix ? affixes : undefined;
  }
  if (Node.isBinaryExpression(expression) && expression.getOperatorToken().getText() === '+') {
    const left = expression.getLeft();
    const right = expression.getRight();
    const prefix = Node.isStringLiteral(left) ? left.getLiteralValue() : '';
    const suffix = Node.isStringLiteral(right) ? right.getLiteralValue() : '';
    return prefix || suffix ? { prefix, suffix } : undefined;
  }
  return undefined;
}

/**
 * Whether a dynamic reference could evaluate `key`: a template or concatenation whose fixed start or
 * end cannot produce the key is left out of the report; anything unknown is kept in it.
 */
export function mayEvaluate(project: Project, dynamic: DynamicReference, key: string): boolean {
  const sourceFile = project.getSourceFile(dynamic.file);
  if (!sourceFile) return true;
  const node = nodeAtSpan(sourceFile, dynamic.span.start, dynamic.span.end);
  if (!node) return true;
  const direct = keyAffixes(node);
  if (direct) return fits(key, direct);
  const call = Node.isCallExpression(node) ? node : node.getFirstDescendant((d) => Node.isCallExpression(d));
  if (!call || !Node.isCallExpression(call)) return true;
  for (const argument of call.getArguments()) {
    const affixes = keyAffixes(argument);
    if (affixes) return fits(key, affixes);
  }
  return true;
}

function fits(key: string, affixes: { prefix: string; suffix: string }): boolean {
  return key.startsWith(affixes.prefix) && key.endsWith(affixes.suffix) && key.length >= affixes.prefix.length + affixes.suffix.length;
}
