import { Node, SyntaxKind, type Identifier, type SourceFile, type VariableDeclaration } from 'ts-morph';
import type { FileCleanup } from './cleanupContext';
import { blockContentPart, blockScopedNames, canSpliceInto, isStatementList } from './unwrapStatements';
import { removalRange } from './textRanges';

const collapse = (text: string) => text.replace(/\s+/g, '');

/** Bare `{ … }` statements of a file, whitespace-insensitive: those the code had on purpose. */
export function bareBlocks(sourceFile: SourceFile): Set<string> {
  const out = new Set<string>();
  for (const block of sourceFile.getDescendantsOfKind(SyntaxKind.Block)) if (isStatementList(block.getParent())) out.add(collapse(block.getText()));
  return out;
}

/**
 * A branch kept as a bare block because one of its names clashed with a declaration outside (that
 * the cleanup then deleted as unused): now that nothing clashes, its statements join the enclosing
 * list. Blocks the original code had stay.
 */
export function unwrapSettledBlocks(ctx: FileCleanup, original: ReadonlySet<string>): void {
  for (const block of ctx.sourceFile.getDescendantsOfKind(SyntaxKind.Block)) {
    if (!isStatementList(block.getParent()) || original.has(collapse(block.getText()))) continue;
    if (ctx.edits.covers(block.getStart(), block.getEnd())) continue;
    const statements = block.getStatements();
    if (statements.length === 0 || !canSpliceInto(block, statements)) continue;
    const body = blockContentPart(ctx, block, block);
    if (body) ctx.edits.replace(block.getStart(), block.getEnd(), body);
  }
}

/** Whether a scope between `from` and `until` declares `name` (so `name` at `from` is another binding). */
function shadowed(from: Node, until: Node, name: string): boolean {
  for (let current = from.getParent(); current && current !== until; current = current.getParent()) {
    if (isStatementList(current) && blockScopedNames((current as unknown as { getStatements(): Node[] }).getStatements()).has(name)) return true;
    if (Node.isFunctionLikeDeclaration(current) || Node.isArrowFunction(current) || Node.isFunctionExpression(current)) {
      for (const parameter of current.getParameters()) {
        const nameNode = parameter.getNameNode();
        if ([nameNode, ...nameNode.getDescendantsOfKind(SyntaxKind.Identifier)].some((id) => Node.isIdentifier(id) && id.getText() === name)) return true;
      }
    }
    if (Node.isCatchClause(current) && current.getVariableDeclaration()?.getName() === name) return true;
    if ((Node.isForStatement(current) || Node.isForOfStatement(current) || Node.isForInStatement(current)) && current.getInitializer()?.getText().match(new RegExp(`\\b${name}\\b`))) return true;
  }
  return false;
}

/** The binding an identifier initializer names is one that cannot change: const, import, function, class, enum. */
function isStableBinding(identifier: Identifier): boolean {
  const symbol = identifier.getSymbol();
  const declarations = symbol?.getDeclarations() ?? [];
  if (declarations.length === 0) return false;
  return declarations.every((d) => {
    if (Node.isImportSpecifier(d) || Node.isImportClause(d) || Node.isNamespaceImport(d) || Node.isFunctionDeclaration(d) || Node.isClassDeclaration(d) || Node.isEnumDeclaration(d)) return true;
    if (Node.isVariableDeclaration(d)) return d.getVariableStatement()?.getDeclarationKind() === 'const';
    return false;
  });
}

/**
 * `const Dashboard = NewDashboard;`, left by the cleanup where a flag chose between two components:
 * every read of the alias becomes the name it stands for, and the declaration goes.
 */
export function inlineAliases(ctx: FileCleanup, originalText: string): void {
  const original = collapse(originalText);
  for (const declaration of ctx.sourceFile.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    const alias = declaration.getNameNode();
    const target = declaration.getInitializer();
    const statement = declaration.getVariableStatement();
    if (!Node.isIdentifier(alias) || !target || !Node.isIdentifier(target) || !statement || statement.getDeclarations().length !== 1) continue;
    if (statement.getDeclarationKind() !== 'const' || statement.isExported() || declaration.getTypeNode() || original.includes(collapse(statement.getText()))) continue;
    if (!isStableBinding(target) || ctx.edits.covers(statement.getStart(), statement.getEnd())) continue;
    const reads = readsOf(declaration, alias);
    const scope = statement.getParent();
    if (!reads || reads.length === 0 || !scope || reads.some((read) => shadowed(read, scope, target.getText()))) continue;
    const range = removalRange(statement);
    ctx.edits.replace(range.start, range.end, '');
    for (const read of reads) {
      const parent = read.getParent();
      if (parent && Node.isShorthandPropertyAssignment(parent)) ctx.edits.replace(read.getStart(), read.getEnd(), `${read.getText()}: ${target.getText()}`);
      else ctx.edits.replace(read.getStart(), read.getEnd(), target.getText());
    }
  }
}

function readsOf(declaration: VariableDeclaration, alias: Identifier): Node[] | undefined {
  const reads: Node[] = [];
  for (const ref of alias.findReferencesAsNodes()) {
    if (ref === alias) continue;
    if (ref.getSourceFile() !== declaration.getSourceFile()) return undefined;
    const parent = ref.getParent();
    if (!parent || Node.isExportSpecifier(parent) || Node.isExportAssignment(parent) || Node.isTypeQuery(parent)) return undefined;
    if (Node.isBinaryExpression(parent) && parent.getLeft() === ref) return undefined;
    reads.push(ref);
  }
  return reads;
}

/** Printed width past which formatters (Prettier's default) break a line; a joined line must fit. */
const printWidth = 80;

/**
 * `const show =\n    isEnterprise();`: an initializer the cleanup shortened that now fits on the line of its
 * name moves up beside it, as a formatter would print it. Declarations the cleanup did not change stay.
 */
export function joinShortInitializers(ctx: FileCleanup, originalText: string): void {
  const original = collapse(originalText);
  const text = ctx.text;
  for (const node of [...ctx.sourceFile.getDescendantsOfKind(SyntaxKind.VariableDeclaration), ...ctx.sourceFile.getDescendantsOfKind(SyntaxKind.PropertyAssignment)]) {
    const initializer = node.getInitializer();
    if (!initializer) continue;
    const separator = Node.isVariableDeclaration(node) ? '=' : ':';
    const operator = text.lastIndexOf(separator, initializer.getStart());
    if (operator < node.getStart() || !/^[ \t]*\r?\n[ \t]*$/.test(text.slice(operator + 1, initializer.getStart()))) continue;
    const owner = Node.isVariableDeclaration(node) ? (node.getVariableStatement() ?? node) : node;
    if (initializer.getText().includes('\n') || original.includes(collapse(owner.getText())) || ctx.edits.covers(operator, initializer.getStart())) continue;
    const lineStart = text.lastIndexOf('\n', operator) + 1;
    const lineEnd = text.indexOf('\n', initializer.getEnd());
    const joined = text.slice(lineStart, operator + 1).length + 1 + text.slice(initializer.getStart(), lineEnd === -1 ? text.length : lineEnd).length;
    if (joined > printWidth) continue;
    ctx.edits.replace(operator + 1, initializer.getStart(), ' ');
  }
}

/** The parenthesised lists a formatter prints on one line whenever they fit: parameters and arguments. */
function parenthesisedLists(sourceFile: SourceFile): { items: Node[]; open: number; close: number; owner: Node }[] {
  const out: { items: Node[]; open: number; close: number; owner: Node }[] = [];
  for (const node of sourceFile.getDescendants()) {
    let items: Node[];
    if (Node.isArrowFunction(node) || Node.isFunctionDeclaration(node) || Node.isFunctionExpression(node) || Node.isMethodDeclaration(node)) items = node.getParameters();
    else if (Node.isCallExpression(node) || Node.isNewExpression(node)) items = node.getArguments();
    else continue;
    const open = node.getFirstChildByKind(SyntaxKind.OpenParenToken);
    const close = node.getFirstChildByKind(SyntaxKind.CloseParenToken);
    if (items.length === 0 || !open || !close) continue;
    out.push({ items, open: open.getStart(), close: close.getStart(), owner: node });
  }
  return out;
}

/**
 * `(\n  selectedSize,\n  selected,\n) => {`: a parameter or argument list the cleanup shortened
 * (a folded parameter, a removed argument) that now fits on one line is printed on one, as a
 * formatter would. Lists the cleanup did not change, or holding comments or multi-line items, stay.
 */
export function joinShortLists(ctx: FileCleanup, originalText: string): void {
  const original = collapse(originalText);
  const text = ctx.text;
  for (const { items, open, close, owner } of parenthesisedLists(ctx.sourceFile)) {
    const inside = text.slice(open + 1, close);
    if (!inside.includes('\n') || items.some((i) => i.getText().includes('\n'))) continue;
    // Comments stay where their author put them.
    if (inside.replace(/\s|,/g, '').length !== items.reduce((n, i) => n + collapse(i.getText()).length, 0)) continue;
    if (original.includes(collapse(text.slice(owner.getStart(), close + 1)))) continue;
    const lineStart = text.lastIndexOf('\n', open) + 1;
    const lineEnd = text.indexOf('\n', close);
    const joined = items.map((i) => i.getText()).join(', ');
    const width = open + 1 - lineStart + joined.length + (lineEnd === -1 ? text.length : lineEnd) - close;
    if (width > printWidth) continue;
    ctx.edits.replace(open + 1, close, joined);
  }
}

/**
 * Expressions a formatter prints on one line whenever they fit: names, member reads, calls with such
 * arguments, operators, conditionals, literals. Functions, objects, arrays and JSX keep their own
 * layout (formatters keep them broken, or hug them), so an expression holding one is left alone.
 */
function isFlatExpression(node: Node): boolean {
  if (Node.isIdentifier(node) || Node.isStringLiteral(node) || Node.isNumericLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return true;
  if ([SyntaxKind.TrueKeyword, SyntaxKind.FalseKeyword, SyntaxKind.NullKeyword, SyntaxKind.ThisKeyword].includes(node.getKind())) return true;
  if (Node.isTemplateExpression(node)) return !node.getText().includes('\n') && node.getTemplateSpans().every((s) => isFlatExpression(s.getExpression()));
  if (Node.isPropertyAccessExpression(node) || Node.isNonNullExpression(node) || Node.isParenthesizedExpression(node) || Node.isAwaitExpression(node)) return isFlatExpression(node.getExpression());
  if (Node.isElementAccessExpression(node)) return isFlatExpression(node.getExpression()) && isFlatExpression(node.getArgumentExpressionOrThrow());
  if (Node.isPrefixUnaryExpression(node)) return isFlatExpression(node.getOperand());
  if (Node.isBinaryExpression(node)) return isFlatExpression(node.getLeft()) && isFlatExpression(node.getRight());
  if (Node.isConditionalExpression(node)) return isFlatExpression(node.getCondition()) && isFlatExpression(node.getWhenTrue()) && isFlatExpression(node.getWhenFalse());
  if (Node.isCallExpression(node)) return node.getTypeArguments().length === 0 && isFlatExpression(node.getExpression()) && node.getArguments().every(isFlatExpression);
  // `() => setFilters(initial)`: an arrow returning a flat expression, with plain untyped parameters.
  if (Node.isArrowFunction(node)) {
    const body = node.getBody();
    return !node.getReturnTypeNode() && node.getParameters().every((p) => Node.isIdentifier(p.getNameNode()) && !p.getTypeNode() && !p.getInitializer()) && !Node.isBlock(body) && isFlatExpression(body);
  }
  return false;
}

/** `{\n  a,\n  b,\n}` as a destructuring pattern a formatter prints on one line: plain names, no nested pattern. */
function isFlatPattern(node: Node): boolean {
  if (!Node.isObjectBindingPattern(node)) return false;
  return node.getElements().every((e) => {
    const property = e.getPropertyNameNode();
    const initializer = e.getInitializer();
    return Node.isIdentifier(e.getNameNode()) && (!property || Node.isIdentifier(property)) && (!initializer || isFlatExpression(initializer));
  });
}

/** The one-line form of a flat expression or pattern: line breaks become spaces, none inside brackets' edges, no trailing comma. */
function oneLine(text: string): string {
  return text
    .replace(/,\s*\n\s*([)\]])/g, '$1')
    .replace(/([([])\s*\n\s*/g, '$1')
    .replace(/\s*\n\s*([)\]])/g, '$1')
    .replace(/\{\s*\n\s*/g, '{ ')
    .replace(/,?\s*\n\s*\}/g, ' }')
    .replace(/\s*\n\s*/g, ' ');
}

/**
 * `const show =\n  isEnterprise() &&\n  canManage;`, `return hasEdge\n  ? a\n  : b;`, `const {\n  a,\n  b,\n} = f();`,
 * `load: (q) =>\n  load(q, chrome),`: a declaration, return or property the cleanup shortened that now fits on one line is printed on one, as a
 * formatter (Prettier) prints it. Statements the cleanup did not change, or holding comments, stay.
 */
export function joinShortStatements(ctx: FileCleanup, originalText: string): void {
  const original = collapse(originalText);
  const text = ctx.text;
  const statements = [...ctx.sourceFile.getDescendantsOfKind(SyntaxKind.VariableStatement), ...ctx.sourceFile.getDescendantsOfKind(SyntaxKind.ReturnStatement), ...ctx.sourceFile.getDescendantsOfKind(SyntaxKind.PropertyAssignment)];
  for (const statement of statements) {
    const own = statement.getText();
    if (!own.includes('\n') || /\/[/*]/.test(own) || original.includes(collapse(own)) || ctx.edits.covers(statement.getStart(), statement.getEnd())) continue;
    if (Node.isVariableStatement(statement)) {
      const declarations = statement.getDeclarations();
      if (declarations.length !== 1) continue;
      const declaration = declarations[0]!;
      const initializer = declaration.getInitializer();
      const name = declaration.getNameNode();
      if (!initializer || declaration.getTypeNode() || !isFlatExpression(initializer) || !(Node.isIdentifier(name) || isFlatPattern(name))) continue;
    } else if (Node.isPropertyAssignment(statement)) {
      const initializer = statement.getInitializer();
      if (!initializer || !Node.isIdentifier(statement.getNameNode()) || !isFlatExpression(initializer)) continue;
    } else {
      const expression = statement.getExpression();
      if (!expression || !isFlatExpression(expression)) continue;
    }
    const joined = oneLine(own);
    const lineStart = text.lastIndexOf('\n', statement.getStart() - 1) + 1;
    const lineEnd = text.indexOf('\n', statement.getEnd());
    const width = statement.getStart() - lineStart + joined.length + (lineEnd === -1 ? text.length : lineEnd) - statement.getEnd();
    if (width > printWidth || collapse(joined) !== collapse(own).replace(/,([)\]}])/g, '$1')) continue;
    ctx.edits.replace(statement.getStart(), statement.getEnd(), joined);
  }
}
