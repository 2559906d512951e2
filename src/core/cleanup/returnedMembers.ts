import { Node, SyntaxKind, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import type { FileCleanup } from './cleanupContext';
import { removeListElement } from './inlineBindings';
import type { CleanupState } from './removeDeadCode';
import { workspaceMentions } from './workspaceFiles';

/** Top-level functions of the file (declarations and `const f = () => …`) with the node that spans each. */
function topLevelFunctions(sourceFile: SourceFile): { body: Node; span: Node }[] {
  const out: { body: Node; span: Node }[] = [];
  for (const statement of sourceFile.getStatements()) {
    if (Node.isFunctionDeclaration(statement)) {
      const body = statement.getBody();
      if (body) out.push({ body, span: statement });
    } else if (Node.isVariableStatement(statement)) {
      for (const declaration of statement.getDeclarations()) {
        const initializer = declaration.getInitializer();
        if (Node.isArrowFunction(initializer) || Node.isFunctionExpression(initializer)) out.push({ body: initializer.getBody(), span: statement });
      }
    }
  }
  return out;
}

function ownFunctionOf(node: Node): Node | undefined {
  return node.getFirstAncestor((a) => Node.isFunctionDeclaration(a) || Node.isArrowFunction(a) || Node.isFunctionExpression(a) || Node.isMethodDeclaration(a));
}

/** The object literals the function hands back: `return { … }` in its own body, or an arrow's `({ … })`. */
function returnedObjects(body: Node): ObjectLiteralExpression[] {
  const unwrap = (node: Node | undefined): Node | undefined => {
    let inner = node;
    while (inner && (Node.isParenthesizedExpression(inner) || Node.isAsExpression(inner) || Node.isSatisfiesExpression(inner))) inner = inner.getExpression();
    return inner;
  };
  if (!Node.isBlock(body)) {
    const expression = unwrap(body);
    return Node.isObjectLiteralExpression(expression) ? [expression] : [];
  }
  const owner = body.getParent();
  const out: ObjectLiteralExpression[] = [];
  for (const statement of body.getDescendantsOfKind(SyntaxKind.ReturnStatement)) {
    if (ownFunctionOf(statement) !== owner) continue;
    const expression = unwrap(statement.getExpression());
    if (Node.isObjectLiteralExpression(expression)) out.push(expression);
  }
  return out;
}

function memberName(property: Node): string | undefined {
  if (Node.isShorthandPropertyAssignment(property)) return property.getName();
  if (Node.isPropertyAssignment(property) || Node.isMethodDeclaration(property)) {
    const nameNode = property.getNameNode();
    return Node.isIdentifier(nameNode) ? nameNode.getText() : undefined;
  }
  return undefined;
}

function wordPattern(name: string): RegExp {
  return new RegExp(`(?<![\\w$])${name}(?![\\w$])`);
}

/**
 * `return { setFrontendSettings, setCors }` in a hook or factory whose callers destructured
 * `setFrontendSettings` only in the branch the cleanup removed: once no script in the workspace
 * names the member outside the function, it leaves the returned object (and its local, then unused,
 * goes next round). Only members a changed file named before the cleanup are considered, so what
 * the flag did not touch stays; a type, a mock or any other mention of the name keeps the member.
 */
export function removeUnreadReturnedMembers(ctx: FileCleanup, state: CleanupState): void {
  const namedBefore = (name: string): boolean => {
    const word = wordPattern(name);
    for (const file of state.changed) {
      if (file === ctx.file) continue;
      const original = state.originals.get(file);
      if (original !== undefined && original.includes(name) && word.test(original)) return true;
    }
    return false;
  };
  for (const { body, span } of topLevelFunctions(ctx.sourceFile)) {
    for (const literal of returnedObjects(body)) {
      const properties = literal.getProperties();
      if (properties.some((p) => Node.isSpreadAssignment(p))) continue;
      for (const property of properties) {
        const name = memberName(property);
        if (!name || !namedBefore(name)) continue;
        if (workspaceMentions(state, name, span)) continue;
        removeListElement(ctx, property);
      }
    }
  }
}
