import { type Node, SyntaxKind, type BinaryExpression, type PrefixUnaryExpression } from 'ts-morph';
import { literalValueOf, notLiteral, type FileCleanup } from './cleanupContext';
import { replaceResidual } from './foldedContainers';
import { compareValues, isHolder, truthy, type FlagValue, type Known } from './knownValue';
import { isPureValue } from './purity';
import { isBooleanContext, isSyntacticallyBoolean } from './sideEffects';
import { lazy } from '../util/lazy';

const comparisonOperators = lazy((): ReadonlyMap<SyntaxKind, string> => new Map([
  [SyntaxKind.EqualsEqualsEqualsToken, '==='],
  [SyntaxKind.ExclamationEqualsEqualsToken, '!=='],
  [SyntaxKind.EqualsEqualsToken, '=='],
  [SyntaxKind.ExclamationEqualsToken, '!='],
  [SyntaxKind.LessThanToken, '<'],
  [SyntaxKind.LessThanEqualsToken, '<='],
  [SyntaxKind.GreaterThanToken, '>'],
  [SyntaxKind.GreaterThanEqualsToken, '>='],
]));

/** `!on`, `-n`: folds unary operators applied to a known value. */
export function settlePrefixUnary(ctx: FileCleanup, unary: PrefixUnaryExpression, known: Known): void {
  const value = known.value as FlagValue;
  switch (unary.getOperatorToken()) {
    case SyntaxKind.ExclamationToken:
      ctx.settle(unary, { value: !truthy(value), effects: known.effects });
      return;
    case SyntaxKind.MinusToken:
      if (typeof value === 'number') {
        ctx.settle(unary, { value: -value, effects: known.effects });
        return;
      }
      break;
  }
  ctx.emitValue(unary.getOperand(), known);
}

/**
 * Folds `&&`, `||`, `??` and comparisons where one operand is the introduced value. The other
 * operand survives when it decides the result (`x && on` with `on` true is `x` where only truthiness
 * matters), and operands with side effects are kept even when their value no longer matters.
 */
export function settleBinary(ctx: FileCleanup, binary: BinaryExpression, operand: Node, known: Known): void {
  const operator = binary.getOperatorToken().getKind();
  const isLeft = binary.getLeft() === operand;
  const other = isLeft ? binary.getRight() : binary.getLeft();
  const otherKnown = ctx.knownOf(other);
  if (!isLeft && otherKnown && !isHolder(otherKnown.value)) {
    // Evaluate in source order: the left side is the one that decides short-circuiting.
    settleBinary(ctx, binary, other, otherKnown);
    return;
  }
  const value = known.value as FlagValue;
  const comparison = comparisonOperators().get(operator);
  if (comparison) {
    const otherValue = otherKnown && !isHolder(otherKnown.value) ? otherKnown.value : literalValueOf(other);
    if (otherValue === notLiteral) {
      ctx.emitValue(operand, known);
      return;
    }
    const result = isLeft ? compareValues(value, otherValue as FlagValue, comparison) : compareValues(otherValue as FlagValue, value, comparison);
    if (result === undefined) {
      ctx.emitValue(operand, known);
      return;
    }
    ctx.settle(binary, { value: result, effects: [...known.effects, ...(otherKnown?.effects ?? [])] });
    return;
  }
  if (operator === SyntaxKind.AmpersandAmpersandToken || operator === SyntaxKind.BarBarToken || operator === SyntaxKind.QuestionQuestionToken) {
    if (isLeft) settleDecidingLeft(ctx, binary, operator, known, otherKnown);
    else settleDecidingRight(ctx, binary, operator, known);
    return;
  }
  ctx.emitValue(operand, known);
}

function settleDecidingLeft(ctx: FileCleanup, binary: BinaryExpression, operator: SyntaxKind, known: Known, rightKnown: Known | undefined): void {
  const value = known.value as FlagValue;
  const shortCircuits =
    operator === SyntaxKind.AmpersandAmpersandToken ? !truthy(value) : operator === SyntaxKind.BarBarToken ? truthy(value) : value !== null && value !== undefined;
  if (shortCircuits) {
    ctx.settle(binary, known);
    return;
  }
  if (rightKnown && !isHolder(rightKnown.value)) {
    ctx.settle(binary, { value: rightKnown.value, effects: [...known.effects, ...rightKnown.effects] });
    return;
  }
  replaceResidual(ctx, binary, binary.getRight(), known.effects);
}

function settleDecidingRight(ctx: FileCleanup, binary: BinaryExpression, operator: SyntaxKind, known: Known): void {
  const value = known.value as FlagValue;
  const left = binary.getLeft();
  if (operator === SyntaxKind.QuestionQuestionToken || known.effects.length > 0) {
    ctx.emitValue(binary.getRight(), known);
    return;
  }
  const onlyTruthiness = isBooleanContext(binary);
  const leftIsBoolean = isSyntacticallyBoolean(left);
  // `x && true` / `x || false` is `x` when the result is only tested, or when x is a boolean anyway.
  const neutral = operator === SyntaxKind.AmpersandAmpersandToken ? truthy(value) : !truthy(value);
  if (neutral) {
    if (onlyTruthiness || leftIsBoolean) replaceResidual(ctx, binary, left, []);
    else ctx.emitValue(binary.getRight(), known);
    return;
  }
  // `x && false` is falsy and `x || true` truthy whatever x is; x still runs if it has effects.
  if (onlyTruthiness || (leftIsBoolean && isPureValue(left))) {
    ctx.settle(binary, { value: leftIsBoolean || onlyTruthiness ? truthy(value) : value, effects: isPureValue(left, undefined, new Set(ctx.known.keys())) ? [] : [left] });
    return;
  }
  ctx.emitValue(binary.getRight(), known);
}
