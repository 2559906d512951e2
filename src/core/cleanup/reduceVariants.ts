import { Node, SyntaxKind, type CaseClause, type DefaultClause, type SwitchStatement } from 'ts-morph';
import { literalValueOf, notLiteral, type FileCleanup } from './cleanupContext';
import type { EditPart } from './editSet';
import type { FlagValue, Known } from './knownValue';
import { indentAt } from './textRanges';
import { canSpliceInto, removeUnreachableAfter, replaceStatement, terminates } from './unwrapStatements';

/**
 * `switch (variant)` on a known value → the statements of the surviving case (following fall-through),
 * without its final `break`. Cases with non-literal labels, or a `break` nested elsewhere in the
 * kept statements, leave the switch in place with the literal discriminant.
 */
export function settleSwitch(ctx: FileCleanup, statement: SwitchStatement, discriminant: Node, known: Known): void {
  const value = known.value as FlagValue;
  const clauses = statement.getCaseBlock().getClauses();
  let chosenIndex = -1;
  for (const [i, clause] of clauses.entries()) {
    if (!Node.isCaseClause(clause)) continue;
    const label = literalValueOf(clause.getExpression());
    if (label === notLiteral) {
      ctx.emitValue(discriminant, known);
      return;
    }
    if (label === value && chosenIndex === -1) chosenIndex = i;
  }
  if (chosenIndex === -1) chosenIndex = clauses.findIndex((c) => Node.isDefaultClause(c));
  if (chosenIndex === -1) {
    replaceStatement(ctx, statement, undefined, known.effects);
    return;
  }
  const kept: Node[] = [];
  for (const clause of clauses.slice(chosenIndex)) {
    const statements = flattenClause(clause);
    const last = statements.at(-1);
    if (last && Node.isBreakStatement(last) && !last.getLabel()) {
      kept.push(...statements.slice(0, -1));
      break;
    }
    kept.push(...statements);
    if (terminates(last)) {
      break;
    }
  }
  if (kept.some(hasBreakForSwitch)) {
    ctx.emitValue(discriminant, known);
    return;
  }
  if (kept.length === 0) {
    replaceStatement(ctx, statement, undefined, known.effects);
    return;
  }
  const targetIndent = indentAt(ctx.text, statement.getStart());
  const parts: EditPart[] = [];
  for (const effect of known.effects) parts.push({ start: effect.getStart(), end: effect.getEnd() }, ';\n' + targetIndent);
  const splice = canSpliceInto(statement, kept);
  const innerIndent = splice ? targetIndent : targetIndent + '  ';
  if (!splice) parts.push('{\n' + innerIndent);
  kept.forEach((node, i) => {
    if (i > 0) parts.push('\n' + innerIndent);
    const dedent = Math.max(0, indentAt(ctx.text, node.getStart()).length - innerIndent.length);
    parts.push({ start: commentStart(node), end: node.getEnd(), dedent });
  });
  if (!splice) parts.push('\n' + targetIndent + '}');
  ctx.edits.replace(statement.getStart(), statement.getEnd(), ...parts);
  if (terminates(kept.at(-1))) removeUnreachableAfter(ctx, statement);
}

/** Statement start including comment lines that directly precede it inside the clause. */
function commentStart(node: Node): number {
  const leading = node.getLeadingCommentRanges();
  const first = leading[0];
  return first ? first.getPos() : node.getStart();
}

/** A clause's statements, looking through a single `{ … }` wrapper (`case 'a': { … }`). */
function flattenClause(clause: CaseClause | DefaultClause): Node[] {
  const statements = clause.getStatements();
  const only = statements[0];
  if (statements.length === 1 && only && Node.isBlock(only)) return only.getStatements();
  return statements;
}

function hasBreakForSwitch(node: Node): boolean {
  if (Node.isBreakStatement(node)) return !node.getLabel();
  let found = false;
  node.forEachChild((child) => {
    if (found) return;
    if (Node.isIterationStatement(child) || Node.isSwitchStatement(child) || Node.isFunctionLikeDeclaration(child) || child.getKind() === SyntaxKind.ClassDeclaration) return;
    if (hasBreakForSwitch(child)) found = true;
  });
  return found;
}
