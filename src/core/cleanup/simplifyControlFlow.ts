import { Node, type ConditionalExpression, type ExpressionStatement, type IfStatement } from 'ts-morph';
import type { FileCleanup } from './cleanupContext';
import { replaceResidual } from './foldedContainers';
import { truthy, type FlagValue, type Known } from './knownValue';
import { replaceStatement } from './unwrapStatements';

/** `if (known) A else B` → the chosen branch, spliced into the enclosing block; `else if` chains keep their tail. */
export function settleIfCondition(ctx: FileCleanup, statement: IfStatement, known: Known): void {
  const chosen = truthy(known.value as FlagValue) ? statement.getThenStatement() : statement.getElseStatement();
  replaceStatement(ctx, statement, chosen, known.effects);
}

/** `known ? a : b` → the chosen branch. */
export function settleConditional(ctx: FileCleanup, conditional: ConditionalExpression, known: Known): void {
  const chosen = truthy(known.value as FlagValue) ? conditional.getWhenTrue() : conditional.getWhenFalse();
  replaceResidual(ctx, conditional, chosen, known.effects);
}

/** `while (false) …` never runs; a loop whose condition is now always true keeps the literal. */
export function settleLoopCondition(ctx: FileCleanup, loop: Node, condition: Node, known: Known): void {
  if (!truthy(known.value as FlagValue) && (Node.isWhileStatement(loop) || Node.isForStatement(loop))) {
    const initializer = Node.isForStatement(loop) ? loop.getInitializer() : undefined;
    if (!initializer) {
      replaceStatement(ctx, loop, undefined, known.effects);
      return;
    }
  }
  ctx.emitValue(condition, known);
}

/** A statement whose whole expression folded to a value does nothing but its side effects. */
export function settleExpressionStatement(ctx: FileCleanup, statement: ExpressionStatement, known: Known): void {
  replaceStatement(ctx, statement, undefined, known.effects);
}
