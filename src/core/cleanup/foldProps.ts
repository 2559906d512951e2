import { Node, SyntaxKind, type CallExpression, type JsxAttribute, type PropertyAssignment, type ShorthandPropertyAssignment, type SourceFile } from 'ts-morph';
import { FileCleanup, literalValueOf, notLiteral } from './cleanupContext';
import type { Seed } from './fixedWrappers';
import { callsOf } from './foldParameters';
import { removeListElement } from './inlineBindings';
import type { FlagValue } from './knownValue';
import type { CleanupState } from './removeDeadCode';
import { changedJsxAttributes, collapse } from './changedJsxAttributes';
import { rewriteFile } from './replaceReferences';
import { removalRange, tidyBlankLines } from './textRanges';
import { isEntryPointFile, workspaceMentionsOutsideProject } from './workspaceFiles';


type ComponentNode = Node & { getParameters(): Node[] };

/** What a component's first parameter makes of one prop: where it is read, and what declares it. */
interface PropShape {
  reads: Node[];
  /** Edits of the component's own file that remove the prop from its signature, types and propTypes. */
  remove: (ctx: FileCleanup) => void;
}

interface PropFold {
  component: ComponentNode;
  prop: string;
  value: FlagValue;
  shape: PropShape;
  /** Where each caller passes the prop: a JSX attribute or an options-object property. */
  usages: { site: Node; remove: (ctx: FileCleanup, site: Node) => void }[];
}

function attributeValue(attribute: JsxAttribute): FlagValue | typeof notLiteral {
  const initializer = attribute.getInitializer();
  // `<Menu showNew />` passes true.
  if (!initializer) return true;
  if (Node.isStringLiteral(initializer)) return initializer.getLiteralValue();
  if (Node.isJsxExpression(initializer)) {
    const expression = initializer.getExpression();
    return expression ? literalValueOf(expression) : notLiteral;
  }
  return notLiteral;
}

function attributeName(attribute: JsxAttribute): string {
  return attribute.getNameNode().getText();
}

/** The workspace component a tag names: a function declaration or a `const` arrow/function expression. */
function componentOf(tag: Node): { component: ComponentNode; name: Node } | undefined {
  if (!Node.isIdentifier(tag)) return undefined;
  let symbol = tag.getSymbol();
  if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol();
  // `Menu.propTypes = …` adds the expando's identifier to the component's declarations.
  const declarations = (symbol?.getDeclarations() ?? []).filter((d) => !Node.isIdentifier(d));
  if (declarations.length !== 1) return undefined;
  const declaration = declarations[0]!;
  const file = declaration.getSourceFile();
  if (file.isDeclarationFile() || file.isInNodeModules()) return undefined;
  if (Node.isFunctionDeclaration(declaration) && declaration.getNameNode() && declaration.getBody()) return { component: declaration, name: declaration.getNameNode()! };
  if (Node.isVariableDeclaration(declaration) && declaration.getVariableStatement()?.getDeclarationKind() === 'const' && Node.isIdentifier(declaration.getNameNode())) {
    const initializer = declaration.getInitializer();
    if (Node.isArrowFunction(initializer) || Node.isFunctionExpression(initializer)) return { component: initializer, name: declaration.getNameNode() };
  }
  return undefined;
}

/** Every element rendering the component, or undefined when it is used any other way (passed on, wrapped, read). */
function elementsOf(name: Node, component: Node): Node[] | undefined {
  if (!Node.isIdentifier(name)) return undefined;
  const elements: Node[] = [];
  for (const ref of name.findReferencesAsNodes()) {
    if (ref === name) continue;
    const parent = ref.getParent();
    if (!parent) return undefined;
    if (Node.isImportSpecifier(parent) || Node.isImportClause(parent) || Node.isExportSpecifier(parent) || Node.isExportAssignment(parent)) continue;
    if (Node.isJsxClosingElement(parent)) continue;
    if ((Node.isJsxOpeningElement(parent) || Node.isJsxSelfClosingElement(parent)) && parent.getTagNameNode() === ref) {
      if (parent.getFirstAncestor((a) => a === component)) return undefined;
      elements.push(parent);
      continue;
    }
    // `Menu.propTypes = …`, `Menu.defaultProps = …`: the component's own declarations, handled with it.
    if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === ref && /^(propTypes|defaultProps|displayName)$/.test(parent.getName())) continue;
    return undefined;
  }
  return elements;
}

/** The `prop` member of a props type written in the workspace, when only this component uses the type. */
function propTypeMember(component: ComponentNode, parameter: Node, prop: string): { member?: Node; ok: boolean } {
  if (!Node.isParameterDeclaration(parameter)) return { ok: false };
  const typeNode = parameter.getTypeNode();
  if (!typeNode) return { ok: true };
  let members: Node[] | undefined;
  if (Node.isTypeLiteral(typeNode)) members = typeNode.getMembers();
  else if (Node.isTypeReference(typeNode) && Node.isIdentifier(typeNode.getTypeName())) {
    const typeName = typeNode.getTypeName();
    const declarations = (typeName.getSymbol()?.getDeclarations() ?? []).filter((d) => Node.isInterfaceDeclaration(d) || Node.isTypeAliasDeclaration(d));
    if (declarations.length !== 1) return { ok: false };
    const declaration = declarations[0]!;
    if (declaration.getSourceFile() !== component.getSourceFile()) return { ok: false };
    // Shared with other components or exported: its member is not this component's alone.
    if (Node.isExportable(declaration) && declaration.isExported()) return { ok: false };
    const uses = (Node.isIdentifier(typeName) ? typeName.findReferencesAsNodes() : []).filter((r) => r.getParent() !== declaration);
    if (uses.length !== 1) return { ok: false };
    if (Node.isInterfaceDeclaration(declaration)) {
      if (declaration.getExtends().length > 0) return { ok: false };
      members = declaration.getMembers();
    } else {
      const aliased = declaration.getTypeNode();
      if (!Node.isTypeLiteral(aliased)) return { ok: false };
      members = aliased.getMembers();
    }
  } else return { ok: false };
  const member = members.find((m) => Node.isPropertySignature(m) && m.getName() === prop);
  return { ok: true, ...(member ? { member } : {}) };
}

/** A member of a props type: its lines when it has them to itself, else it and one separator (`{ a: string; b: boolean }`). */
function removeTypeMember(ctx: FileCleanup, member: Node): void {
  const text = ctx.text;
  const lineStart = text.lastIndexOf('\n', member.getStart() - 1) + 1;
  const lineEnd = text.indexOf('\n', member.getEnd());
  if (/^[ \t]*$/.test(text.slice(lineStart, member.getStart())) && /^[ \t]*$/.test(text.slice(member.getEnd(), lineEnd === -1 ? text.length : lineEnd))) {
    const range = removalRange(member);
    ctx.edits.replace(range.start, range.end, '');
    return;
  }
  const next = member.getNextSibling();
  if (next) {
    ctx.edits.replace(member.getStart(), next.getStart(), '');
    return;
  }
  const previous = member.getPreviousSibling();
  const previousText = previous?.getText() ?? '';
  const from = previous && /[;,]$/.test(previousText) ? previous.getEnd() - 1 : member.getStart();
  ctx.edits.replace(from, member.getEnd(), '');
}

/** `Menu.propTypes = { showNew: PropTypes.bool }` (and defaultProps): the prop's entries. */
function staticPropEntries(sourceFile: SourceFile, componentName: string, prop: string): Node[] {
  const out: Node[] = [];
  for (const statement of sourceFile.getStatements()) {
    if (!Node.isExpressionStatement(statement)) continue;
    const expression = statement.getExpression();
    if (!Node.isBinaryExpression(expression) || expression.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue;
    const left = expression.getLeft();
    const right = expression.getRight();
    if (!Node.isPropertyAccessExpression(left) || left.getExpression().getText() !== componentName || !/^(propTypes|defaultProps)$/.test(left.getName())) continue;
    if (!Node.isObjectLiteralExpression(right)) continue;
    for (const property of right.getProperties()) {
      if ((Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property)) && property.getName() === prop) out.push(property);
    }
  }
  return out;
}

/** How the component receives `prop`: destructured (`({ showNew })`) or read from `props.showNew`. */
function propShape(component: ComponentNode, componentName: string, prop: string, index = 0): PropShape | undefined {
  const parameters = component.getParameters();
  const parameter = parameters[index];
  if (!parameter || !Node.isParameterDeclaration(parameter)) return undefined;
  const typed = propTypeMember(component, parameter, prop);
  if (!typed.ok) return undefined;
  const statics = staticPropEntries(component.getSourceFile(), componentName, prop);
  const removeDeclarations = (ctx: FileCleanup) => {
    if (typed.member) removeTypeMember(ctx, typed.member);
    for (const entry of statics) removeListElement(ctx, entry);
  };
  const name = parameter.getNameNode();
  if (Node.isObjectBindingPattern(name)) {
    const elements = name.getElements();
    if (elements.some((e) => e.getDotDotDotToken())) return undefined;
    const element = elements.find((e) => (e.getPropertyNameNode()?.getText() ?? e.getName()) === prop);
    if (!element) return undefined;
    const binding = element.getNameNode();
    if (!Node.isIdentifier(binding)) return undefined;
    const initializer = element.getInitializer();
    if (initializer && literalValueOf(initializer) === notLiteral) return undefined;
    const reads: Node[] = [];
    for (const ref of binding.findReferencesAsNodes()) {
      if (ref === binding) continue;
      const parent = ref.getParent();
      // The language service also lists the prop's other spellings: the type's member, the elements' attributes.
      if (parent && (Node.isJsxAttribute(parent) || Node.isPropertySignature(parent) || (Node.isPropertyAssignment(parent) && parent.getNameNode() === ref) || (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === ref))) continue;
      if (ref.getSourceFile() !== component.getSourceFile() || !ref.getFirstAncestor((a) => a === component)) return undefined;
      if (parent && Node.isBinaryExpression(parent) && parent.getLeft() === ref && parent.getOperatorToken().getKind() >= SyntaxKind.FirstAssignment && parent.getOperatorToken().getKind() <= SyntaxKind.LastAssignment) return undefined;
      if (parent && Node.isShorthandPropertyAssignment(parent)) return undefined;
      reads.push(ref);
    }
    return {
      reads,
      remove: (ctx) => {
        removeListElement(ctx, element);
        removeDeclarations(ctx);
      },
    };
  }
  if (Node.isIdentifier(name)) {
    // `props` used only as `props.x`: a props object passed on whole could carry the prop further.
    const reads: Node[] = [];
    for (const ref of name.findReferencesAsNodes()) {
      if (ref === name) continue;
      const parent = ref.getParent();
      if (!parent || !Node.isPropertyAccessExpression(parent) || parent.getExpression() !== ref) return undefined;
      if (parent.getName() !== prop) continue;
      const outer = parent.getParent();
      if (outer && Node.isBinaryExpression(outer) && outer.getLeft() === parent && outer.getOperatorToken().getKind() >= SyntaxKind.FirstAssignment && outer.getOperatorToken().getKind() <= SyntaxKind.LastAssignment) return undefined;
      reads.push(parent);
    }
    return { reads, remove: removeDeclarations };
  }
  return undefined;
}

function attributesOf(element: Node): Node[] {
  if (Node.isJsxOpeningElement(element) || Node.isJsxSelfClosingElement(element)) return element.getAttributes();
  return [];
}

/** The one attribute named `prop` on an element, or undefined when it is missing, repeated or may come from a spread. */
function attributeOn(element: Node, prop: string): JsxAttribute | undefined {
  const attributes = attributesOf(element);
  if (attributes.some((a) => Node.isJsxSpreadAttribute(a))) return undefined;
  const named = attributes.filter((a): a is JsxAttribute => Node.isJsxAttribute(a) && attributeName(a) === prop);
  return named.length === 1 ? named[0] : undefined;
}

function findPropFold(state: CleanupState): PropFold | undefined {
  const seen = new Set<string>();
  for (const { attribute, original } of changedJsxAttributes(state)) {
    const value = attributeValue(attribute);
    // Only a literal this cleanup wrote: one the code always passed is a refactoring of its own.
    if (value === notLiteral || !attribute.getInitializer() || original.includes(collapse(attribute.getText()))) continue;
    const element = attribute.getParent()?.getParent();
    if (!element || !(Node.isJsxOpeningElement(element) || Node.isJsxSelfClosingElement(element))) continue;
    const target = componentOf(element.getTagNameNode());
    const prop = attributeName(attribute);
    if (!target) continue;
    if (!firstFoldableVisit(state, seen, target, prop)) continue;
    const elements = elementsOf(target.name, target.component);
    if (!elements || elements.length === 0) continue;
    const usages: PropFold['usages'] = [];
    for (const usage of elements) {
      const on = attributeOn(usage, prop);
      const passed = on ? attributeValue(on) : notLiteral;
      if (!on || passed === notLiteral || passed !== value) break;
      usages.push({ site: on, remove: removeAttribute });
    }
    if (usages.length !== elements.length) continue;
    const shape = propShape(target.component, target.name.getText(), prop);
    if (!shape) continue;
    return { component: target.component, prop, value, shape, usages };
  }
  return findOptionFold(state);
}

/**
 * The first time a (component or function, parameter slot) is met, and only if folding it can be
 * seen whole: its file stays, is no entry point, and no file outside the project names it.
 */
function firstFoldableVisit(state: CleanupState, seen: Set<string>, target: NonNullable<ReturnType<typeof componentOf>>, slot: string): boolean {
  const file = target.component.getSourceFile().getFilePath();
  const id = `${file}:${target.component.getStart()}:${slot}`;
  if (seen.has(id)) return false;
  seen.add(id);
  if (state.deleted.has(file) || isEntryPointFile(state, file)) return false;
  return !workspaceMentionsOutsideProject(state, target.name.getText());
}

/** The one `prop` property of a call's object-literal argument, or undefined when missing, repeated or possibly spread in. */
function optionOn(call: CallExpression, index: number, prop: string): PropertyAssignment | ShorthandPropertyAssignment | undefined {
  const args = call.getArguments();
  if (args.slice(0, index).some((a) => Node.isSpreadElement(a))) return undefined;
  const argument = args[index];
  if (!argument || !Node.isObjectLiteralExpression(argument)) return undefined;
  const properties = argument.getProperties();
  if (properties.some((p) => Node.isSpreadAssignment(p))) return undefined;
  const named = properties.filter((p): p is PropertyAssignment => Node.isPropertyAssignment(p) && Node.isIdentifier(p.getNameNode()) && p.getName() === prop);
  return named.length === 1 && properties.filter((p) => !Node.isPropertyAssignment(p) && 'getName' in p && (p as { getName(): string }).getName() === prop).length === 0 ? named[0] : undefined;
}

/** `getWizardSteps({ isNewFlowEnabled: true })` at every call: the same fold for an options object. */
function findOptionFold(state: CleanupState): PropFold | undefined {
  const seen = new Set<string>();
  for (const file of state.changed) {
    if (state.deleted.has(file)) continue;
    const sourceFile = state.project.getSourceFile(file);
    if (!sourceFile) continue;
    const original = collapse(state.originals.get(file) ?? '');
    for (const property of sourceFile.getDescendantsOfKind(SyntaxKind.PropertyAssignment)) {
      const initializer = property.getInitializer();
      if (!initializer || !Node.isIdentifier(property.getNameNode())) continue;
      const value = literalValueOf(initializer);
      if (value === notLiteral || (typeof value === 'object' && value !== null) || original.includes(collapse(property.getText()))) continue;
      const literal = property.getParent();
      const call = literal?.getParent();
      if (!literal || !call || !Node.isCallExpression(call)) continue;
      const index = call.getArguments().indexOf(literal as Node);
      if (index < 0) continue;
      const target = componentOf(call.getExpression());
      const prop = property.getName();
      if (!target) continue;
      if (!firstFoldableVisit(state, seen, target, `${index}:${prop}`)) continue;
      const calls = callsOf(target.name, target.component);
      if (!calls || calls.length === 0) continue;
      const usages: PropFold['usages'] = [];
      for (const usage of calls) {
        const on = optionOn(usage, index, prop);
        const passed = on && Node.isPropertyAssignment(on) ? literalValueOf(on.getInitializer()!) : notLiteral;
        if (!on || passed === notLiteral || passed !== value) break;
        usages.push({ site: on, remove: removeListElement });
      }
      if (usages.length !== calls.length) continue;
      const shape = propShape(target.component, target.name.getText(), prop, index);
      if (!shape) continue;
      return { component: target.component, prop, value, shape, usages };
    }
  }
  return undefined;
}

/** Removes a JSX attribute with the space before it, or its whole line when it stands alone. */
function removeAttribute(ctx: FileCleanup, attribute: Node): void {
  const text = ctx.text;
  const start = attribute.getStart();
  const end = attribute.getEnd();
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*$/.test(text.slice(end, lineEnd === -1 ? text.length : lineEnd))) {
    ctx.edits.replace(lineStart, lineEnd === -1 ? text.length : lineEnd + 1, '');
    return;
  }
  const spaces = /[ \t]*$/.exec(text.slice(0, start))?.[0].length ?? 0;
  ctx.edits.replace(start - spaces, end, '');
}

/**
 * Flag values passed to components are folded into them: when the cleanup leaves every element of a
 * workspace component passing the same literal for one prop (`<Menu showNew={true} />`), the
 * literal replaces the prop's reads inside the component and is simplified there, and the prop goes
 * from the signature, its props type (when only this component uses it), propTypes/defaultProps and
 * every element. A component rendered any other way (passed as a value, wrapped, spread props) stays.
 */
export function foldLiteralProps(state: CleanupState): boolean {
  const fold = findPropFold(state);
  if (!fold) return false;
  const componentFile = fold.component.getSourceFile();
  const byFile = new Map<SourceFile, PropFold['usages']>();
  for (const usage of fold.usages) byFile.set(usage.site.getSourceFile(), [...(byFile.get(usage.site.getSourceFile()) ?? []), usage]);
  const seeds: Seed[] = fold.shape.reads.map((node) => ({ node, known: { value: fold.value, effects: [] }, pattern: 'prop' }));
  const texts = new Map<SourceFile, string>();
  const own = rewriteFile(componentFile, componentFile.getFilePath(), seeds, (ctx) => {
    fold.shape.remove(ctx);
    for (const usage of byFile.get(componentFile) ?? []) usage.remove(ctx, usage.site);
  });
  texts.set(componentFile, own.text);
  for (const [sourceFile, usages] of byFile) {
    if (sourceFile === componentFile) continue;
    const ctx = new FileCleanup(sourceFile, sourceFile.getFilePath());
    for (const usage of usages) usage.remove(ctx, usage.site);
    texts.set(sourceFile, tidyBlankLines(ctx.text, ctx.render()));
  }
  let changed = false;
  for (const [sourceFile, text] of texts) {
    if (text === sourceFile.getFullText()) continue;
    sourceFile.replaceWithText(text);
    state.changed.add(sourceFile.getFilePath());
    changed = true;
  }
  return changed;
}
