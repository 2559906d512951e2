import { Node, SyntaxKind, type CallExpression, type JsxAttribute, type ObjectLiteralExpression, type PropertyAssignment, type SourceFile, type VariableDeclaration } from 'ts-morph';
import { FileCleanup, literalValueOf, notLiteral } from './cleanupContext';
import type { Seed } from './fixedWrappers';
import { removeListElement } from './inlineBindings';
import type { FlagValue } from './knownValue';
import type { CleanupState } from './removeDeadCode';
import { changedJsxAttributes, collapse } from './changedJsxAttributes';
import { rewriteFile } from './replaceReferences';
import { isTestFile } from './testMocks';
import { tidyBlankLines } from './textRanges';
import { workspaceMentionsOutsideProject } from './workspaceFiles';


interface ContextFold {
  /** The `k: <literal>` properties of the providers' values (tests' too), and of createContext's default. */
  entries: Node[];
  /** Where consumers read `k`: property accesses and destructured binding elements. */
  reads: Node[];
  value: FlagValue;
}

/** `const Ctx = createContext(…)` in the workspace: its declaration and the call. */
function contextDeclaration(tag: Node): { declaration: VariableDeclaration; call: CallExpression } | undefined {
  if (!Node.isIdentifier(tag)) return undefined;
  let symbol = tag.getSymbol();
  if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol();
  const declarations = symbol?.getDeclarations() ?? [];
  if (declarations.length !== 1) return undefined;
  const declaration = declarations[0]!;
  if (!Node.isVariableDeclaration(declaration) || declaration.getVariableStatement()?.getDeclarationKind() !== 'const' || !Node.isIdentifier(declaration.getNameNode())) return undefined;
  const file = declaration.getSourceFile();
  if (file.isDeclarationFile() || file.isInNodeModules()) return undefined;
  const call = declaration.getInitializer();
  if (!call || !Node.isCallExpression(call) || !/^(React\.)?createContext$/.test(call.getExpression().getText())) return undefined;
  return { declaration, call };
}

function isUseContext(call: Node, ref: Node): call is CallExpression {
  return Node.isCallExpression(call) && /^(React\.)?useContext$/.test(call.getExpression().getText()) && call.getArguments()[0] === ref;
}

/** The one `k` property of an object literal, when nothing is spread into it and it is written `k: <value>`. */
function propertyOf(literal: ObjectLiteralExpression, prop: string): PropertyAssignment | 'absent' | undefined {
  const properties = literal.getProperties();
  if (properties.some((p) => Node.isSpreadAssignment(p))) return undefined;
  const named = properties.filter((p) => 'getName' in p && (p as { getName(): string }).getName() === prop);
  if (named.length === 0) return 'absent';
  if (named.length !== 1 || !Node.isPropertyAssignment(named[0]!)) return undefined;
  return named[0];
}

/** The object literal a provider element passes as `value={{ … }}`. */
function providerValue(element: Node): ObjectLiteralExpression | undefined {
  if (!Node.isJsxOpeningElement(element) && !Node.isJsxSelfClosingElement(element)) return undefined;
  const attributes = element.getAttributes();
  if (attributes.some((a) => Node.isJsxSpreadAttribute(a))) return undefined;
  const value = attributes.find((a): a is JsxAttribute => Node.isJsxAttribute(a) && a.getNameNode().getText() === 'value');
  const initializer = value?.getInitializer();
  const expression = initializer && Node.isJsxExpression(initializer) ? initializer.getExpression() : undefined;
  return expression && Node.isObjectLiteralExpression(expression) ? expression : undefined;
}

/**
 * A whole-context use that cannot pass `k` on: a truthiness test (`ctx && …`, `!ctx`, `if (ctx)`).
 * Anything else (passed to a function, spread, returned) may read `k` where this cleanup cannot see.
 */
function isTruthinessTest(ref: Node): boolean {
  const parent = ref.getParent();
  if (!parent) return false;
  if (Node.isPrefixUnaryExpression(parent) && parent.getOperatorToken() === SyntaxKind.ExclamationToken) return true;
  if (Node.isBinaryExpression(parent) && parent.getLeft() === ref && parent.getOperatorToken().getKind() === SyntaxKind.AmpersandAmpersandToken) return true;
  if (Node.isIfStatement(parent) && parent.getExpression() === ref) return true;
  return Node.isConditionalExpression(parent) && parent.getCondition() === ref;
}

function isAssigned(node: Node): boolean {
  const parent = node.getParent();
  return !!parent && Node.isBinaryExpression(parent) && parent.getLeft() === node && parent.getOperatorToken().getKind() >= SyntaxKind.FirstAssignment && parent.getOperatorToken().getKind() <= SyntaxKind.LastAssignment;
}

/** Where one `useContext(Ctx)` reads `prop`, or undefined when the context object may go where `prop` is read unseen. */
function consumerReads(call: CallExpression, prop: string): Node[] | undefined {
  const parent = call.getParent();
  if (!parent) return undefined;
  if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === call) return parent.getName() === prop ? (isAssigned(parent) ? undefined : [parent]) : [];
  if (!Node.isVariableDeclaration(parent) || parent.getInitializer() !== call) return Node.isExpressionStatement(parent) ? [] : undefined;
  const name = parent.getNameNode();
  if (Node.isObjectBindingPattern(name)) {
    const elements = name.getElements();
    if (elements.some((e) => e.getDotDotDotToken())) return undefined;
    const element = elements.find((e) => (e.getPropertyNameNode()?.getText() ?? e.getName()) === prop);
    if (!element) return [];
    return Node.isIdentifier(element.getNameNode()) ? [element] : undefined;
  }
  if (!Node.isIdentifier(name)) return undefined;
  const reads: Node[] = [];
  for (const ref of name.findReferencesAsNodes()) {
    if (ref === name) continue;
    if (ref.getSourceFile() !== call.getSourceFile()) return undefined;
    const access = ref.getParent();
    if (access && Node.isPropertyAccessExpression(access) && access.getExpression() === ref) {
      if (access.getName() !== prop) continue;
      if (isAssigned(access)) return undefined;
      reads.push(access);
      continue;
    }
    if (!isTruthinessTest(ref)) return undefined;
  }
  return reads;
}

/** Everything one context's `prop` takes: every provider passing `value`, every consumer's read. */
function contextFold(state: CleanupState, tag: Node, prop: string, value: FlagValue): ContextFold | undefined {
  const context = contextDeclaration(tag);
  if (!context) return undefined;
  const name = context.declaration.getNameNode();
  if (!Node.isIdentifier(name)) return undefined;
  // Providers or consumers the project does not hold could pass or read another value.
  if (workspaceMentionsOutsideProject(state, name.getText())) {
    (state.wantedNames ??= new Set()).add(name.getText());
    return undefined;
  }
  // A typed context (`createContext<Flags>(…)`) would need its type changed too: left to the person.
  if (context.call.getTypeArguments().length > 0) return undefined;
  const entries: Node[] = [];
  const fallback = context.call.getArguments()[0];
  if (fallback) {
    if (!Node.isObjectLiteralExpression(fallback)) return undefined;
    const entry = propertyOf(fallback, prop);
    if (!entry) return undefined;
    if (entry !== 'absent') entries.push(entry);
  }
  const reads: Node[] = [];
  let providers = 0;
  for (const ref of name.findReferencesAsNodes()) {
    if (ref === name) continue;
    const parent = ref.getParent();
    if (!parent) return undefined;
    const file = ref.getSourceFile().getFilePath();
    if (state.deleted.has(file)) continue;
    if (Node.isImportSpecifier(parent) || Node.isImportClause(parent) || Node.isExportSpecifier(parent)) continue;
    if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === ref && parent.getName() === 'Provider') {
      const element = parent.getParent();
      if (element && Node.isJsxClosingElement(element)) continue;
      const literal = element ? providerValue(element) : undefined;
      // Tests render the provider with whatever values they exercise; once no code reads `prop` those are moot.
      if (isTestFile(file)) {
        const entry = literal?.getProperties().find((p) => (Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p)) && p.getName() === prop);
        if (entry) entries.push(entry);
        continue;
      }
      const entry = literal ? propertyOf(literal, prop) : undefined;
      if (!entry || entry === 'absent' || literalValueOf(entry.getInitializerOrThrow()) !== value) return undefined;
      entries.push(entry);
      providers++;
      continue;
    }
    if (isUseContext(parent, ref)) {
      const found = consumerReads(parent, prop);
      if (!found) return undefined;
      reads.push(...found);
      continue;
    }
    return undefined;
  }
  return providers > 0 ? { entries, reads, value } : undefined;
}

function findContextFold(state: CleanupState): ContextFold | undefined {
  const seen = new Set<string>();
  for (const { attribute, original } of changedJsxAttributes(state)) {
    if (attribute.getNameNode().getText() !== 'value') continue;
    const element = attribute.getParent()?.getParent();
    const tag = element && (Node.isJsxOpeningElement(element) || Node.isJsxSelfClosingElement(element)) ? element.getTagNameNode() : undefined;
    if (!tag || !Node.isPropertyAccessExpression(tag) || tag.getName() !== 'Provider') continue;
    const literal = providerValue(element!);
    if (!literal) continue;
    for (const property of literal.getProperties()) {
      if (!Node.isPropertyAssignment(property) || !Node.isIdentifier(property.getNameNode())) continue;
      const value = literalValueOf(property.getInitializerOrThrow());
      // Only a literal this cleanup wrote: one the code always provided is a refactoring of its own.
      if (value === notLiteral || (typeof value === 'object' && value !== null) || original.includes(collapse(property.getText()))) continue;
      const id = `${tag.getExpression().getText()}:${property.getName()}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const fold = contextFold(state, tag.getExpression(), property.getName(), value);
      if (fold) return fold;
    }
  }
  return undefined;
}

/**
 * Flag values provided through React context are folded into the consumers: when a provider's
 * `value={{ isNew: true }}` holds a literal this cleanup wrote, every workspace provider (tests
 * aside) passes that literal and every consumer reads the context as `useContext(Ctx).isNew`,
 * `const { isNew } = useContext(Ctx)` or `ctx.isNew` on a local, the reads become the literal and
 * are simplified there, and the property leaves the providers (and createContext's default).
 * One level: a consumer that passes the whole context on, a `Ctx.Consumer` or a typed context stops it.
 * It assumes what React code assumes: the consumers render under a provider.
 */
export function foldContextValues(state: CleanupState): boolean {
  const fold = findContextFold(state);
  if (!fold) return false;
  const byFile = new Map<SourceFile, { reads: Node[]; entries: Node[] }>();
  const slot = (sourceFile: SourceFile) => {
    let entry = byFile.get(sourceFile);
    if (!entry) byFile.set(sourceFile, (entry = { reads: [], entries: [] }));
    return entry;
  };
  for (const read of fold.reads) slot(read.getSourceFile()).reads.push(read);
  for (const entry of fold.entries) slot(entry.getSourceFile()).entries.push(entry);
  const texts = new Map<SourceFile, string>();
  for (const [sourceFile, { reads, entries }] of byFile) {
    const removeEntries = (ctx: FileCleanup) => {
      for (const entry of entries) removeListElement(ctx, entry);
    };
    if (reads.length === 0) {
      const ctx = new FileCleanup(sourceFile, sourceFile.getFilePath());
      removeEntries(ctx);
      texts.set(sourceFile, tidyBlankLines(ctx.text, ctx.render()));
      continue;
    }
    const seeds: Seed[] = reads.map((node) => ({ node, known: { value: fold.value, effects: [] }, pattern: 'context' }));
    texts.set(sourceFile, rewriteFile(sourceFile, sourceFile.getFilePath(), seeds, removeEntries).text);
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
