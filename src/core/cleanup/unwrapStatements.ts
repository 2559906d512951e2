import { Node, SyntaxKind, type Statement } from 'ts-morph';
import type { FileCleanup } from './cleanupContext';
import type { EditPart } from './editSet';
import { indentAt, lineStartOf, removalRange } from './textRanges';

/** Containers whose statements can be spliced in place of one of them. */
export function isStatementList(node: Node | undefined): boolean {
  return !!node && (Node.isBlock(node) || Node.isSourceFile(node) || Node.isCaseClause(node) || Node.isDefaultClause(node) || Node.isModuleBlock(node));
}

/** Names a block declares at its top level with block scope (let/const/class/function/enum). */
export function blockScopedNames(statements: readonly Node[]): Set<string> {
  const names = new Set<string>();
  for (const statement of statements) {
    if (Node.isVariableStatement(statement)) {
      if (statement.getDeclarationKind() === 'var') continue;
      for (const declaration of statement.getDeclarations()) {
        const nameNode = declaration.getNameNode();
        for (const id of [nameNode, ...nameNode.getDescendantsOfKind(SyntaxKind.Identifier)]) if (Node.isIdentifier(id)) names.add(id.getText());
      }
    } else if (Node.isFunctionDeclaration(statement) || Node.isClassDeclaration(statement) || Node.isEnumDeclaration(statement) || Node.isInterfaceDeclaration(statement) || Node.isTypeAliasDeclaration(statement)) {
      const name = statement.getName();
      if (name) names.add(name);
    }
  }
  return names;
}

/**
 * Whether moving `statements` out of their block into the list that holds `replaced` keeps every
 * name meaning the same: no name they declare may appear anywhere else in the receiving scope
 * (a redeclaration, or a use that would now see the moved declaration).
 */
export function canSpliceInto(replaced: Node, statements: readonly Node[]): boolean {
  const names = blockScopedNames(statements);
  if (names.size === 0) return true;
  let container = replaced.getParent();
  if (container && (Node.isCaseClause(container) || Node.isDefaultClause(container))) container = container.getParent();
  if (!container) return false;
  const start = replaced.getStart();
  const end = replaced.getEnd();
  for (const id of container.getDescendantsOfKind(SyntaxKind.Identifier)) {
    if (id.getStart() >= start && id.getEnd() <= end) continue;
    if (names.has(id.getText())) return false;
  }
  return true;
}

/** The text between a block's braces, trimmed, as a part re-indented to `target`'s column. */
export function blockContentPart(ctx: FileCleanup, block: Node, target: Node): EditPart | undefined {
  const text = ctx.text;
  let start = block.getStart() + 1;
  let end = block.getEnd() - 1;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (start >= end) return undefined;
  const sameLine = lineStartOf(text, start) === lineStartOf(text, block.getStart());
  const dedent = sameLine ? 0 : Math.max(0, indentAt(text, start).length - indentAt(text, target.getStart()).length);
  return { start, end, dedent };
}

/** Statements that leave the enclosing list unconditionally. */
export function terminates(statement: Node | undefined): boolean {
  if (!statement) return false;
  if (Node.isReturnStatement(statement) || Node.isThrowStatement(statement) || Node.isBreakStatement(statement) || Node.isContinueStatement(statement)) return true;
  if (Node.isBlock(statement)) return terminates(statement.getStatements().at(-1));
  if (Node.isIfStatement(statement)) return terminates(statement.getThenStatement()) && terminates(statement.getElseStatement());
  return false;
}

/** Statements after `statement` in its list are unreachable once it always exits: delete them (hoisted declarations stay). */
export function removeUnreachableAfter(ctx: FileCleanup, statement: Node): void {
  const parent = statement.getParent();
  if (!isStatementList(parent)) return;
  const siblings = (parent as unknown as { getStatements(): Statement[] }).getStatements();
  const index = siblings.findIndex((s) => s === statement);
  for (const sibling of siblings.slice(index + 1)) {
    if (Node.isFunctionDeclaration(sibling) || Node.isInterfaceDeclaration(sibling) || Node.isTypeAliasDeclaration(sibling)) continue;
    if (Node.isVariableStatement(sibling) && sibling.getDeclarationKind() === 'var') continue;
    const range = removalRange(sibling);
    ctx.edits.replace(range.start, range.end, '');
  }
}

/**
 * Replaces a statement by what survives of it: the statements of the chosen branch (spliced in
 * when safe, else kept as a block) preceded by side effects that must still run.
 */
export function replaceStatement(ctx: FileCleanup, statement: Node, chosen: Node | undefined, effects: readonly Node[]): void {
  const parent = statement.getParent();
  const chosenIsEmptyBlock = !!chosen && Node.isBlock(chosen) && chosen.getStatements().length === 0 && !/\/[/*]/.test(chosen.getText());
  const kept = chosenIsEmptyBlock ? undefined : chosen;
  const indent = indentAt(ctx.text, statement.getStart());
  const effectParts: EditPart[] = [];
  for (const effect of effects) {
    // As a statement of its own, `(await load())` needs no parentheses.
    const bare = Node.isParenthesizedExpression(effect) ? effect.getExpression() : effect;
    effectParts.push({ start: bare.getStart(), end: bare.getEnd() }, ';\n' + indent);
  }

  if (parent && Node.isIfStatement(parent) && parent.getElseStatement() === statement && effects.length === 0) {
    // `else if (cond) …` whose condition is now known.
    if (!kept) ctx.edits.replace(parent.getThenStatement().getEnd(), statement.getEnd(), '');
    else ctx.edits.replace(statement.getStart(), statement.getEnd(), { start: kept.getStart(), end: kept.getEnd(), dedent: ctx.dedentBetween(statement, kept) });
    return;
  }
  if (!isStatementList(parent)) {
    if (!kept && effects.length === 0) ctx.edits.replace(statement.getStart(), statement.getEnd(), '{}');
    else if (effects.length === 0 && kept) ctx.edits.replace(statement.getStart(), statement.getEnd(), { start: kept.getStart(), end: kept.getEnd(), dedent: ctx.dedentBetween(statement, kept) });
    else ctx.edits.replace(statement.getStart(), statement.getEnd(), '{ ', ...effectParts, ...(kept ? [{ start: kept.getStart(), end: kept.getEnd() }] : []), ' }');
    return;
  }
  if (!kept) {
    if (effects.length === 0) {
      const range = removalRange(statement);
      ctx.edits.replace(range.start, range.end, '');
    } else {
      const parts = effectParts.slice(0, -1);
      ctx.edits.replace(statement.getStart(), statement.getEnd(), ...parts, ';');
    }
    return;
  }
  let body: EditPart | undefined;
  if (Node.isBlock(kept) && canSpliceInto(statement, kept.getStatements())) {
    body = blockContentPart(ctx, kept, statement);
  } else {
    body = { start: kept.getStart(), end: kept.getEnd(), dedent: ctx.dedentBetween(statement, kept) };
  }
  if (!body) {
    const range = removalRange(statement);
    ctx.edits.replace(range.start, range.end, '');
    return;
  }
  ctx.edits.replace(statement.getStart(), statement.getEnd(), ...effectParts, body);
  if (terminates(kept)) removeUnreachableAfter(ctx, statement);
}
