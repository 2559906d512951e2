import { Node, SyntaxKind, type BindingElement, type PropertyDeclaration, type VariableDeclaration } from 'ts-morph';
import type { FileCleanup } from './cleanupContext';
import { isNamingPosition } from './identifierUses';
import { isHolder, type FlagValue, type Known } from './knownValue';
import { lineEndOf, lineStartOf, onlyWhitespaceAfter, onlyWhitespaceBefore, removalRange } from './textRanges';

/** Reads of a local name, or undefined when one of its uses is not a plain read in this file. */
function localReads(ctx: FileCleanup, name: Node): Node[] | undefined {
  if (!Node.isIdentifier(name)) return undefined;
  const reads: Node[] = [];
  for (const ref of name.findReferencesAsNodes()) {
    // Destructured names also find the property they came from (in a type, maybe in another file).
    if (ref === name || ref.getSourceFile() !== ctx.sourceFile || isNamingPosition(ref)) continue;
    if (isWrite(ref)) return undefined;
    const parent = ref.getParent();
    if (parent && (Node.isExportSpecifier(parent) || Node.isExportAssignment(parent))) return undefined;
    reads.push(ref);
  }
  return reads;
}

function isWrite(ref: Node): boolean {
  let node = ref;
  while (node.getParent() && Node.isParenthesizedExpression(node.getParentOrThrow())) node = node.getParentOrThrow();
  const parent = node.getParent();
  if (!parent) return false;
  if (Node.isBinaryExpression(parent) && parent.getLeft() === node) {
    const kind = parent.getOperatorToken().getKind();
    return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
  }
  if (Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) {
    const op = parent.getOperatorToken();
    return op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken;
  }
  return false;
}

/** A holder (details object) bound to a name can only be inlined when every use reads one of its value fields. */
function readsOnlyHolderFields(reads: readonly Node[], known: Known): boolean {
  if (!isHolder(known.value)) return true;
  const fields = known.value.fields;
  return reads.every((read) => {
    const parent = read.getParent();
    return !!parent && Node.isPropertyAccessExpression(parent) && parent.getExpression() === read && Object.hasOwn(fields, parent.getName());
  });
}

/**
 * `const on = <flag>` → every read of `on` gets the value and the declaration goes. Exported,
 * reassigned or otherwise escaping bindings keep their declaration with the literal.
 */
export function settleVariableInitializer(ctx: FileCleanup, declaration: VariableDeclaration, initializer: Node, known: Known): void {
  const nameNode = declaration.getNameNode();
  const statement = declaration.getVariableStatement();
  const exported = statement?.hasExportKeyword() ?? false;
  if (Node.isObjectBindingPattern(nameNode)) {
    settleObjectPattern(ctx, declaration, known);
    return;
  }
  const reads = exported ? undefined : localReads(ctx, nameNode);
  if (!reads || !readsOnlyHolderFields(reads, known)) {
    ctx.emitValue(initializer, known);
    return;
  }
  for (const read of reads) ctx.known.set(read, { value: known.value, effects: [] });
  removeDeclaration(ctx, declaration, known.effects);
  for (const read of reads) ctx.settle(read, { value: known.value, effects: [] });
}

/** `const { value } = client.getBooleanDetails(…)` / `const { enabled } = useFlag(k)`: the value fields are inlined. */
function settleObjectPattern(ctx: FileCleanup, declaration: VariableDeclaration, known: Known): void {
  const pattern = declaration.getNameNode();
  if (!Node.isObjectBindingPattern(pattern)) return;
  const fields = isHolder(known.value) ? known.value.fields : typeof known.value === 'object' && known.value !== null && !Array.isArray(known.value) ? (known.value as Record<string, FlagValue>) : undefined;
  if (!fields) {
    ctx.report(declaration, 'the flag value is destructured in an unsupported way; not rewritten');
    return;
  }
  const elements = pattern.getElements();
  const consumed: { element: BindingElement; reads: Node[]; value: FlagValue }[] = [];
  for (const element of elements) {
    const property = element.getPropertyNameNode()?.getText() ?? element.getName();
    if (!Object.hasOwn(fields, property) || element.getDotDotDotToken() || element.getInitializer()) continue;
    const reads = localReads(ctx, element.getNameNode());
    if (!reads) continue;
    consumed.push({ element, reads, value: fields[property] });
  }
  if (consumed.length === 0) {
    ctx.report(declaration, 'the flag result is destructured without a value field; not rewritten');
    return;
  }
  if (consumed.length === elements.length) removeDeclaration(ctx, declaration, []);
  else for (const { element } of consumed) removeListElement(ctx, element);
  for (const { reads, value } of consumed) {
    for (const read of reads) ctx.known.set(read, { value, effects: [] });
  }
  for (const { reads, value } of consumed) for (const read of reads) ctx.settle(read, { value, effects: [] });
}

/** `const { newCheckout } = useFlags()`: one destructured flag of a flags object. */
export function settleBindingElement(ctx: FileCleanup, element: BindingElement, known: Known): void {
  const reads = localReads(ctx, element.getNameNode());
  if (!reads) {
    ctx.report(element, 'the destructured flag is reassigned or exported; not rewritten');
    return;
  }
  const pattern = element.getParentOrThrow();
  const declaration = pattern.getParent();
  if (Node.isObjectBindingPattern(pattern) && pattern.getElements().length === 1 && declaration && Node.isVariableDeclaration(declaration)) {
    removeDeclaration(ctx, declaration, []);
  } else {
    removeListElement(ctx, element);
  }
  for (const read of reads) ctx.known.set(read, { value: known.value, effects: [] });
  for (const read of reads) ctx.settle(read, { value: known.value, effects: [] });
}

/** Class field `readonly on = <flag>` read only as `this.on` → reads inlined, field removed. */
export function settleFieldInitializer(ctx: FileCleanup, field: PropertyDeclaration, initializer: Node, known: Known): void {
  const reads: Node[] = [];
  const nameNode = field.getNameNode();
  if (!Node.isIdentifier(nameNode)) {
    ctx.emitValue(initializer, known);
    return;
  }
  for (const ref of nameNode.findReferencesAsNodes()) {
    if (ref === nameNode) continue;
    const access = ref.getParent();
    if (!access || !Node.isPropertyAccessExpression(access) || access.getExpression().getKind() !== SyntaxKind.ThisKeyword || ref.getSourceFile() !== ctx.sourceFile || isWrite(access)) {
      ctx.emitValue(initializer, known);
      return;
    }
    reads.push(access);
  }
  if (!readsOnlyHolderFields(reads, known)) {
    ctx.emitValue(initializer, known);
    return;
  }
  const range = removalRange(field);
  ctx.edits.replace(range.start, range.end, '');
  for (const read of reads) ctx.known.set(read, { value: known.value, effects: [] });
  for (const read of reads) ctx.settle(read, { value: known.value, effects: [] });
}

/** Removes one declarator (or its whole statement), keeping initializer side effects as statements. */
function removeDeclaration(ctx: FileCleanup, declaration: VariableDeclaration, effects: readonly Node[]): void {
  const list = declaration.getParentOrThrow();
  const statement = declaration.getVariableStatement();
  if (Node.isVariableDeclarationList(list) && list.getDeclarations().length > 1) {
    removeListElement(ctx, declaration);
    return;
  }
  if (!statement) {
    ctx.emitValue(declaration, { value: undefined, effects: [] });
    return;
  }
  if (effects.length > 0) {
    const parts = effects.flatMap((effect, i) => [...(i > 0 ? ['; '] : []), { start: effect.getStart(), end: effect.getEnd() }]);
    ctx.edits.replace(statement.getStart(), statement.getEnd(), ...parts, ';');
    return;
  }
  const range = removalRange(statement);
  ctx.edits.replace(range.start, range.end, '');
}

/** Removes an element from a comma-separated list together with one adjoining comma (whole lines when it owns them). */
export function removeListElement(ctx: FileCleanup, element: Node): void {
  const text = ctx.text;
  let start = element.getStart();
  let end = element.getEnd();
  const after = /^[ \t]*,/.exec(text.slice(end));
  if (onlyWhitespaceBefore(text, start)) {
    const endWithComma = after ? end + after[0].length : end;
    if (onlyWhitespaceAfter(text, endWithComma) && (after || /^\s*[}\]]/.test(text.slice(endWithComma)))) {
      // A last element without a comma leaves the previous one's comma behind: a valid trailing comma.
      ctx.edits.replace(lineStartOf(text, start), Math.min(text.length, lineEndOf(text, endWithComma) + 1), '');
      return;
    }
  }
  const afterSpaced = /^\s*,[ \t]*/.exec(text.slice(end));
  if (afterSpaced) {
    end += afterSpaced[0].length;
    // `const first = …,\n  second = …`: the next declarator moves up beside `const`, which must not dangle.
    const lineBreak = /^\r?\n[ \t]*/.exec(text.slice(end));
    if (lineBreak && !onlyWhitespaceBefore(text, start)) end += lineBreak[0].length;
  } else {
    const before = /,\s*$/.exec(text.slice(0, start));
    if (before) start -= before[0].length;
  }
  ctx.edits.replace(start, end, '');
}
