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

/** The key under which `this.member` reads inside class `name` are counted. */
export function memberKey(className: string, member: string): string {
  return `${className}#${member}`;
}

/**
 * How often each name is used (read, called, rendered, exported) in a file, by spelling; plus
 * `Class#member` for `this.member` reads inside a named class (private members die with their last read).
 */
export function identifierUseCounts(sourceFile: SourceFile): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const id of sourceFile.getDescendantsOfKind(SyntaxKind.Identifier)) {
    const parent = id.getParent();
    if (parent && Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id && parent.getExpression().getKind() === SyntaxKind.ThisKeyword) {
      const className = parent.getFirstAncestorByKind(SyntaxKind.ClassDeclaration)?.getName();
      if (className) bump(memberKey(className, id.getText()));
    }
    if (isNamingPosition(id)) continue;
    bump(id.getText());
  }
  for (const id of sourceFile.getDescendantsOfKind(SyntaxKind.PrivateIdentifier)) {
    const parent = id.getParent();
    const className = id.getFirstAncestorByKind(SyntaxKind.ClassDeclaration)?.getName();
    if (className && parent && Node.isPropertyAccessExpression(parent)) bump(memberKey(className, id.getText()));
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
