import { Node, SyntaxKind, type SourceFile } from 'ts-morph';

/** Whether an identifier only names something (a declaration, a property key) rather than using a binding. */
export function isNamingPosition(id: Node): boolean {
  const parent = id.getParent();
  if (!parent) return false;
  if (
    Node.isVariableDeclaration(parent) ||
    Node.isFunctionDeclaration(parent) ||
    Node.isClassDeclaration(parent) ||
    Node.isInterfaceDeclaration(parent) ||
    Node.isTypeAliasDeclaration(parent) ||
    Node.isEnumDeclaration(parent) ||
    Node.isEnumMember(parent) ||
    Node.isPropertyAssignment(parent) ||
    Node.isPropertyDeclaration(parent) ||
    Node.isPropertySignature(parent) ||
    Node.isMethodDeclaration(parent) ||
    Node.isMethodSignature(parent) ||
    Node.isGetAccessorDeclaration(parent) ||
    Node.isSetAccessorDeclaration(parent) ||
    Node.isParameterDeclaration(parent) ||
    Node.isTypeParameterDeclaration(parent) ||
    Node.isJsxAttribute(parent) ||
    Node.isImportSpecifier(parent) ||
    Node.isImportClause(parent) ||
    Node.isNamespaceImport(parent) ||
    Node.isLabeledStatement(parent)
  ) {
    return (parent as unknown as { getNameNode?: () => Node }).getNameNode?.() === id || Node.isImportSpecifier(parent) || Node.isImportClause(parent) || Node.isNamespaceImport(parent);
  }
  if (Node.isPropertyAccessExpression(parent)) return parent.getNameNode() === id;
  if (Node.isQualifiedName(parent)) return parent.getRight() === id;
  if (Node.isBindingElement(parent)) return parent.getPropertyNameNode() === id || (parent.getNameNode() === id);
  return false;
}

/** How often each name is used (read, called, rendered, exported) in a file, by spelling. */
export function identifierUseCounts(sourceFile: SourceFile): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of sourceFile.getDescendantsOfKind(SyntaxKind.Identifier)) {
    if (isNamingPosition(id)) continue;
    counts.set(id.getText(), (counts.get(id.getText()) ?? 0) + 1);
  }
  return counts;
}

/** Every spelling of a name anywhere in a file, in any position (for property and enum member keys). */
export function mentionsName(sourceFile: SourceFile, name: string, except: Node): boolean {
  for (const id of sourceFile.getDescendantsOfKind(SyntaxKind.Identifier)) {
    if (id !== except && id.getText() === name) return true;
  }
  for (const literal of sourceFile.getDescendantsOfKind(SyntaxKind.StringLiteral)) {
    if (literal !== except && literal.getLiteralValue() === name) return true;
  }
  return false;
}
