/**
 * Bindings, imports and members whose last use the cleanup removed: which of them can go, and how.
 * A binding whose initializer may do something stays as the bare expression.
 */
import { Node, SyntaxKind, type BindingElement } from 'ts-morph';
import type { FileCleanup } from './cleanupContext';
import { memberKey } from './identifierUses';
import { removeListElement } from './inlineBindings';
import { hookRunsEffects, isPureValue } from './purity';
import { isPure } from './sideEffects';
import { removalRange } from './textRanges';

/** SDK accessors that only hand out a client or the flags object: dropping an unused result is safe. */
const sdkGetters = /(^|\.)(getClient|useOpenFeatureClient|useLDClient|useFlags|allFlags|useGrowthBook|useUnleashClient|useUnleashContext)$/;
/** SDK clients constructed only to evaluate flags: an unused one can go. */
const sdkClasses = /^(GrowthBook|GrowthBookClient|UnleashClient)$/;

/** Hooks and SDK getters return values and may be dropped with them; other calls run for their effects. */
export function droppable(initializer: Node | undefined): boolean {
  if (!initializer) return true;
  if (isPureValue(initializer)) return true;
  let inner = initializer;
  if (Node.isAwaitExpression(inner)) return false;
  while (Node.isParenthesizedExpression(inner) || Node.isAsExpression(inner)) inner = inner.getExpression();
  if (Node.isNewExpression(inner)) return sdkClasses.test(inner.getExpression().getText()) && (inner.getArguments() ?? []).every((a) => isPure(a));
  if (Node.isCallExpression(inner)) {
    const callee = inner.getExpression().getText();
    const isHook = /(^|\.)use[A-Z0-9]\w*$/.test(callee);
    if (isHook && hookRunsEffects(inner)) return false;
    return (isHook || sdkGetters.test(callee) || isLaunchDarklyInit(inner)) && inner.getArguments().every((a) => isPureValue(a));
  }
  return false;
}

/**
 * `init(sdkKey)` from a LaunchDarkly SDK only builds a client; unlike Unleash's `initialize`, which
 * also installs a global instance that module-level `isEnabled` reads, so that one stays.
 */
function isLaunchDarklyInit(call: Node): boolean {
  if (!Node.isCallExpression(call)) return false;
  const callee = call.getExpression();
  const root = Node.isPropertyAccessExpression(callee) ? callee.getExpression() : callee;
  const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : callee.getText();
  if (!Node.isIdentifier(root) || !/^(init|initialize|initLDClient)$/.test(name)) return false;
  return call
    .getSourceFile()
    .getImportDeclarations()
    .some((d) => /launchdarkly/i.test(d.getModuleSpecifierValue()) && [d.getDefaultImport(), d.getNamespaceImport(), ...d.getNamedImports().map((n) => n.getAliasNode() ?? n.getNameNode())].some((id) => id?.getText() === root.getText()));
}


export function removeUnusedImports(ctx: FileCleanup, now: Map<string, number>, before: Map<string, number>): void {
  const lostLastUse = (name: string) => (now.get(name) ?? 0) === 0 && (before.get(name) ?? 0) > 0;
  for (const declaration of ctx.sourceFile.getImportDeclarations()) {
    const clause = declaration.getImportClause();
    if (!clause) continue;
    const defaultImport = declaration.getDefaultImport();
    const namespace = declaration.getNamespaceImport();
    const named = declaration.getNamedImports();
    const dropDefault = !!defaultImport && lostLastUse(defaultImport.getText());
    const dropNamespace = !!namespace && lostLastUse(namespace.getText());
    const dropNamed = named.filter((n) => lostLastUse((n.getAliasNode() ?? n.getNameNode()).getText()));
    const keepsDefault = !!defaultImport && !dropDefault;
    const keepsNamespace = !!namespace && !dropNamespace;
    const keepsNamed = named.length - dropNamed.length;
    if (!dropDefault && !dropNamespace && dropNamed.length === 0) continue;
    if (!keepsDefault && !keepsNamespace && keepsNamed === 0) {
      const range = removalRange(declaration);
      ctx.edits.replace(range.start, range.end, '');
      continue;
    }
    const namedBindings = clause.getNamedBindings();
    if (keepsNamed === 0 && named.length > 0 && defaultImport && namedBindings) {
      ctx.edits.replace(defaultImport.getEnd(), namedBindings.getEnd(), '');
    } else {
      for (const specifier of dropNamed) removeListElement(ctx, specifier);
    }
    if (dropDefault && defaultImport && namedBindings) ctx.edits.replace(defaultImport.getStart(), namedBindings.getStart(), '');
  }
}

/** Variable statements with several declarators: each unused one goes on its own. */
export function removeUnusedDeclarators(ctx: FileCleanup, now: Map<string, number>, before: Map<string, number>): void {
  for (const statement of ctx.sourceFile.getDescendantsOfKind(SyntaxKind.VariableStatement)) {
    const declarations = statement.getDeclarations();
    if (declarations.length < 2 || statement.isExported()) continue;
    const dead = declarations.filter((d) => {
      const name = d.getNameNode();
      return Node.isIdentifier(name) && (before.get(name.getText()) ?? 0) > 0 && (now.get(name.getText()) ?? 0) === 0 && droppable(d.getInitializer());
    });
    if (dead.length === declarations.length) {
      const range = removalRange(statement);
      ctx.edits.replace(range.start, range.end, '');
    } else {
      for (const declaration of dead) removeListElement(ctx, declaration);
    }
  }
}

/** `const { a, b } = useFlags()`: destructured names whose last use went away. */
export function removeUnusedBindingElements(ctx: FileCleanup, now: Map<string, number>, before: Map<string, number>): void {
  for (const pattern of ctx.sourceFile.getDescendantsOfKind(SyntaxKind.ObjectBindingPattern)) {
    const declaration = pattern.getParent();
    if (!Node.isVariableDeclaration(declaration)) continue;
    const statement = declaration.getVariableStatement();
    if (!statement || statement.isExported()) continue;
    const elements = pattern.getElements();
    const lostLastUse = (name: string) => (before.get(name) ?? 0) > 0 && (now.get(name) ?? 0) === 0;
    const dead = elements.filter((element) => {
      const name = element.getNameNode();
      if (element.getDotDotDotToken()) return false;
      if (Node.isIdentifier(name)) return lostLastUse(name.getText());
      // `uiConfig: { resourceLimits }`: a nested pattern goes when every name it binds lost its last use.
      const leaves = name.getDescendantsOfKind(SyntaxKind.BindingElement);
      return leaves.length > 0 && leaves.every((leaf) => !leaf.getDotDotDotToken() && (Node.isIdentifier(leaf.getNameNode()) ? lostLastUse(leaf.getName()) : true));
    });
    if (dead.length === 0) continue;
    if (dead.length < elements.length) {
      for (const element of dead) removeListElement(ctx, element);
      continue;
    }
    const initializer = declaration.getInitializer();
    if (statement.getDeclarations().length === 1 && droppable(initializer)) {
      const range = removalRange(statement);
      ctx.edits.replace(range.start, range.end, '');
    } else if (statement.getDeclarations().length === 1 && initializer) {
      ctx.edits.replace(statement.getStart(), statement.getEnd(), { start: initializer.getStart(), end: initializer.getEnd() }, ';');
    }
  }
}

/** `const [open, setOpen] = useState(false)` whose names all lost their last use. */
export function removeUnusedArrayBindings(ctx: FileCleanup, now: Map<string, number>, before: Map<string, number>): void {
  for (const pattern of ctx.sourceFile.getDescendantsOfKind(SyntaxKind.ArrayBindingPattern)) {
    const declaration = pattern.getParent();
    if (!Node.isVariableDeclaration(declaration)) continue;
    const statement = declaration.getVariableStatement();
    if (!statement || statement.isExported() || statement.getDeclarations().length !== 1) continue;
    const names = pattern.getDescendantsOfKind(SyntaxKind.Identifier).filter((id) => Node.isBindingElement(id.getParent()) && (id.getParent() as BindingElement).getNameNode() === id);
    if (names.length === 0 || names.some((id) => (now.get(id.getText()) ?? 0) > 0) || !names.some((id) => (before.get(id.getText()) ?? 0) > 0)) continue;
    const initializer = declaration.getInitializer();
    if (droppable(initializer)) {
      const range = removalRange(statement);
      ctx.edits.replace(range.start, range.end, '');
    } else if (initializer) {
      ctx.edits.replace(statement.getStart(), statement.getEnd(), { start: initializer.getStart(), end: initializer.getEnd() }, ';');
    }
  }
}

/** `private` (or `#private`) class members whose last `this.member` read went away. */
export function removeUnusedPrivateMembers(ctx: FileCleanup, now: Map<string, number>, before: Map<string, number>): void {
  for (const cls of ctx.sourceFile.getDescendantsOfKind(SyntaxKind.ClassDeclaration)) {
    const className = cls.getName();
    if (!className) continue;
    for (const member of [...cls.getProperties(), ...cls.getMethods()]) {
      const nameNode = member.getNameNode();
      const isPrivate = member.hasModifier(SyntaxKind.PrivateKeyword) || Node.isPrivateIdentifier(nameNode);
      if (!isPrivate || member.isStatic()) continue;
      const key = memberKey(className, nameNode.getText());
      if ((before.get(key) ?? 0) === 0 || (now.get(key) ?? 0) > 0) continue;
      if (Node.isPropertyDeclaration(member) && !droppable(member.getInitializer())) continue;
      const range = removalRange(member);
      ctx.edits.replace(range.start, range.end, '');
    }
  }
}
