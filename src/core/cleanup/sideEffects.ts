import { Node, SyntaxKind } from 'ts-morph';

/**
 * Whether evaluating the expression can be skipped without changing behavior. Conservative: calls,
 * `new`, `await`, `yield`, assignments, `++`/`--` and `delete` count as effects; property reads,
 * literals, functions and JSX do not. Flag evaluations being removed are passed in `ignore`.
 */
export function isPure(node: Node, ignore: ReadonlySet<Node> = new Set()): boolean {
  if (ignore.has(node)) return true;
  if (
    Node.isCallExpression(node) ||
    Node.isNewExpression(node) ||
    Node.isAwaitExpression(node) ||
    Node.isYieldExpression(node) ||
    Node.isTaggedTemplateExpression(node) ||
    Node.isDeleteExpression(node) ||
    Node.isPostfixUnaryExpression(node)
  ) {
    return false;
  }
  if (Node.isPrefixUnaryExpression(node)) {
    const op = node.getOperatorToken();
    if (op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken) return false;
  }
  if (Node.isBinaryExpression(node)) {
    const kind = node.getOperatorToken().getKind();
    if (kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment) return false;
  }
  if (Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isClassExpression(node)) return true;
  let pure = true;
  node.forEachChild((child) => {
    if (pure && !isPure(child, ignore)) pure = false;
  });
  return pure;
}

/** Skips parentheses and type-only wrappers around an expression. */
export function unwrapExpression(node: Node): Node {
  let current = node;
  for (;;) {
    if (Node.isParenthesizedExpression(current) || Node.isAsExpression(current) || Node.isSatisfiesExpression(current) || Node.isNonNullExpression(current) || Node.isTypeAssertion(current)) {
      current = current.getExpression();
    } else {
      return current;
    }
  }
}

/** Climbs out of parentheses and type-only wrappers. */
export function outermostWrapper(node: Node): Node {
  let current = node;
  for (;;) {
    const parent = current.getParent();
    if (
      parent &&
      (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isSatisfiesExpression(parent) || Node.isNonNullExpression(parent) || Node.isTypeAssertion(parent))
    ) {
      current = parent;
    } else {
      return current;
    }
  }
}

/**
 * Whether only the truthiness of the expression matters: conditions, `!` operands, operands of
 * `&&`/`||` that are themselves in such a place, and expression statements (value discarded).
 */
export function isBooleanContext(node: Node): boolean {
  const outer = outermostWrapper(node);
  const parent = outer.getParent();
  if (!parent) return false;
  if (Node.isIfStatement(parent) || Node.isWhileStatement(parent) || Node.isDoStatement(parent)) return parent.getExpression() === outer;
  if (Node.isForStatement(parent)) return parent.getCondition() === outer;
  if (Node.isConditionalExpression(parent)) return parent.getCondition() === outer;
  if (Node.isPrefixUnaryExpression(parent)) return parent.getOperatorToken() === SyntaxKind.ExclamationToken;
  if (Node.isExpressionStatement(parent)) return true;
  if (Node.isBinaryExpression(parent)) {
    const op = parent.getOperatorToken().getKind();
    if (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken) {
      // The left operand of && / || only decides which side is the result, unless the result is the left value itself.
      return isBooleanContext(parent);
    }
  }
  return false;
}

/** Whether the expression always yields a boolean, so `x && true` can become `x` anywhere. */
export function isSyntacticallyBoolean(node: Node): boolean {
  if (isBooleanBySyntax(node)) return true;
  // Cleanup runs rarely and on a type-aware project, so the checker may settle `isAdmin && true`.
  try {
    const type = unwrapExpression(node).getType();
    return type.isBoolean() || type.isBooleanLiteral();
  } catch {
    return false;
  }
}

function isBooleanBySyntax(node: Node): boolean {
  const inner = unwrapExpression(node);
  if (inner.getKind() === SyntaxKind.TrueKeyword || inner.getKind() === SyntaxKind.FalseKeyword) return true;
  if (Node.isPrefixUnaryExpression(inner)) return inner.getOperatorToken() === SyntaxKind.ExclamationToken;
  if (Node.isBinaryExpression(inner)) {
    const op = inner.getOperatorToken().getKind();
    if (
      [SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.EqualsEqualsToken, SyntaxKind.ExclamationEqualsToken,
        SyntaxKind.LessThanToken, SyntaxKind.LessThanEqualsToken, SyntaxKind.GreaterThanToken, SyntaxKind.GreaterThanEqualsToken,
        SyntaxKind.InstanceOfKeyword, SyntaxKind.InKeyword].includes(op)
    ) {
      return true;
    }
    if (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken) return isBooleanBySyntax(inner.getLeft()) && isBooleanBySyntax(inner.getRight());
  }
  return false;
}
