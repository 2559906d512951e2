import { ts } from '../util/typescript';
import { lookupName, unwrapExpression } from './scope';

// What a cast (`x as T`, `<T>x`) declares about a receiver's type: a value from elsewhere takes the
// cast's type as it would an annotation's; a shim written out in the code stays a shim however cast.

/**
 * The type the outermost cast names (`x as T`, `<T>x`); `as unknown`, `as any` and `as const` name
 * none and are looked through. An object literal cast to a type is not declared as one: a shim or
 * test double that merely implements `isEnabled` stays a shim (see the shims fixture).
 */
export function assertedType(raw: ts.Expression): ts.TypeNode | undefined {
  let current = raw;
  let named: ts.TypeNode | undefined;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isSatisfiesExpression(current)) current = current.expression;
    else if (ts.isAsExpression(current) || ts.isTypeAssertionExpression(current)) {
      const type = current.type;
      const names = ts.isTypeReferenceNode(type) ? !(ts.isIdentifier(type.typeName) && type.typeName.text === 'const') : ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type) || ts.isParenthesizedTypeNode(type);
      named ??= names ? type : undefined;
      current = current.expression;
    } else return named && !isWrittenOut(current, 0) ? named : undefined;
  }
}

/**
 * A value whose shape the code writes out here, so a cast cannot make it an SDK client: an object
 * or array literal, one picked from them (`cond ? {…} : {…}`, `[{…}][0]`), `Object.assign(…)`, or a
 * constant bound to one.
 */
function isWrittenOut(raw: ts.Expression, depth: number): boolean {
  if (depth > 8) return false;
  const expression = unwrapExpression(raw);
  if (ts.isObjectLiteralExpression(expression) || ts.isArrayLiteralExpression(expression)) return true;
  if (ts.isConditionalExpression(expression)) return isWrittenOut(expression.whenTrue, depth + 1) || isWrittenOut(expression.whenFalse, depth + 1);
  if (ts.isBinaryExpression(expression) && isLogicalOperator(expression.operatorToken.kind)) return isWrittenOut(expression.left, depth + 1) || isWrittenOut(expression.right, depth + 1);
  if (ts.isElementAccessExpression(expression)) return ts.isArrayLiteralExpression(unwrapExpression(expression.expression));
  if (ts.isCallExpression(expression)) {
    const callee = unwrapExpression(expression.expression);
    return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Object' && objectBuilders.has(callee.name.text);
  }
  if (ts.isIdentifier(expression)) {
    const binding = lookupName(expression, expression.text);
    return binding?.kind === 'variable' && binding.path.length === 0 && !!binding.decl.initializer && isWrittenOut(binding.decl.initializer, depth + 1);
  }
  return false;
}

// A function, not a module-level set: reading `ts` as this module loads would load TypeScript with the extension.
function isLogicalOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.AmpersandAmpersandToken;
}
const objectBuilders = new Set(['assign', 'create', 'freeze', 'fromEntries']);
