import { Node, SyntaxKind, type Project, type SourceFile } from 'ts-morph';
import { ts } from '../util/typescript';
import type { FileCleanup } from './cleanupContext';
import { mentionsName } from './identifierUses';
import { importCount, type ImportIndex } from './importIndex';
import { removeListElement } from './inlineBindings';
import { truthy, type FlagValue } from './knownValue';
import type { CleanupState } from './removeDeadCode';
import { removalRange } from './textRanges';
import { workspaceMentions } from './workspaceFiles';

/** The key's own entry in a constants map or enum, or its own constant, once nothing names it any more. */
export function removeKeyEntries(ctx: FileCleanup, key: string, project: Project, now: Map<string, number>, importsNow: ImportIndex): void {
  for (const statement of ctx.sourceFile.getVariableStatements()) {
    const declarations = statement.getDeclarations();
    const only = declarations[0];
    const initializer = only?.getInitializer();
    if (declarations.length !== 1 || !only || !initializer || !Node.isIdentifier(only.getNameNode())) continue;
    const literal = Node.isAsExpression(initializer) ? initializer.getExpression() : initializer;
    if (!(Node.isStringLiteral(literal) || Node.isNoSubstitutionTemplateLiteral(literal)) || literal.getLiteralValue() !== key) continue;
    const name = only.getName();
    if ((now.get(name) ?? 0) > 0 || importCount(importsNow, ctx.sourceFile.getFilePath(), name) > 0) continue;
    const range = removalRange(statement);
    ctx.edits.replace(range.start, range.end, '');
  }
  const entries = [...ctx.sourceFile.getDescendantsOfKind(SyntaxKind.PropertyAssignment), ...ctx.sourceFile.getDescendantsOfKind(SyntaxKind.EnumMember)];
  for (const entry of entries) {
    const initializer = entry.getInitializer();
    if (!initializer || !(Node.isStringLiteral(initializer) || Node.isNoSubstitutionTemplateLiteral(initializer)) || initializer.getLiteralValue() !== key) continue;
    const nameNode = entry.getNameNode();
    const name = Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : nameNode.getText();
    const stillNamed = project.getSourceFiles().some((sf: SourceFile) => mentionsName(sf, name, nameNode));
    if (!stillNamed) removeListElement(ctx, entry);
  }
}

const gateProperty = /^(flag|flagName|featureFlag|featureFlagName|feature|featureName|toggle|featureToggle|requiredFlag|requiresFlag)$/i;

/**
 * `{ path: '/requests', flag: 'globalChangeRequestList' }`: a config entry shown only while the flag
 * is on. Keeping it on, the gate goes (when the type lets it be absent); keeping it off needs a
 * person, since the whole entry would go.
 */
export function removeFlagGates(ctx: FileCleanup, key: string, keep: FlagValue | undefined): void {
  if (keep === undefined || !truthy(keep)) return;
  for (const property of ctx.sourceFile.getDescendantsOfKind(SyntaxKind.PropertyAssignment)) {
    const initializer = property.getInitializer();
    if (!initializer || !(Node.isStringLiteral(initializer) || Node.isNoSubstitutionTemplateLiteral(initializer)) || initializer.getLiteralValue() !== key) continue;
    const nameNode = property.getNameNode();
    if (!Node.isIdentifier(nameNode) || !gateProperty.test(nameNode.getText())) continue;
    const literal = property.getParent();
    if (!Node.isObjectLiteralExpression(literal)) continue;
    const contextual = literal.getContextualType();
    const member = contextual?.getProperty(nameNode.getText());
    if (member && (member.getFlags() & ts.SymbolFlags.Optional) === 0 && !contextual?.isAny()) continue;
    removeListElement(ctx, property);
  }
}

/**
 * `newCheckout?: boolean` in the type that lists the flags (`UiFlags`, `FeatureFlags`): once no file
 * names the key any more, its member goes too.
 */
export function removeKeyMembers(ctx: FileCleanup, key: string, state: CleanupState): void {
  for (const member of ctx.sourceFile.getDescendantsOfKind(SyntaxKind.PropertySignature)) {
    const nameNode = member.getNameNode();
    const name = Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : nameNode.getText();
    const holder = member.getParent();
    if (name !== key || !(Node.isInterfaceDeclaration(holder) || Node.isTypeLiteral(holder))) continue;
    if (workspaceMentions(state, key, member)) continue;
    const range = removalRange(member);
    ctx.edits.replace(range.start, range.end, '');
  }
}
