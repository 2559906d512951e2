import { ts } from '../util/typescript';
import { lazy } from '../util/lazy';
import { standaloneWords } from './wordSearch';

/** One step from a destructured value to the bound name: `{ a: x }` is property 'a', `[x]` is index 0. */
export type PathStep = { property: string } | { computed: ts.Expression } | { index: number } | { rest: true };

/** What a name refers to, found syntactically (no type checker). */
export type Binding =
  | { kind: 'variable'; decl: ts.VariableDeclaration; name: ts.Identifier; path: PathStep[]; isConst: boolean }
  | { kind: 'parameter'; fn: ts.SignatureDeclaration; decl: ts.ParameterDeclaration; index: number; name: ts.Identifier; path: PathStep[] }
  | { kind: 'function'; node: ts.FunctionDeclaration }
  | { kind: 'class'; node: ts.ClassDeclaration | ts.ClassExpression }
  | { kind: 'enum'; node: ts.EnumDeclaration }
  | { kind: 'import'; decl: ts.ImportDeclaration | ts.ImportEqualsDeclaration; specifier: string; importName: string; name: ts.Identifier }
  | { kind: 'other'; node: ts.Node };

type ScopeTable = Map<string, Binding>;

/** Adds every name a binding pattern introduces, with the path from the initializer to it. */
function addBindingNames(
  name: ts.BindingName,
  path: PathStep[],
  add: (id: ts.Identifier, path: PathStep[]) => void,
): void {
  if (ts.isIdentifier(name)) {
    add(name, path);
    return;
  }
  if (ts.isObjectBindingPattern(name)) {
    for (const element of name.elements) {
      let step: PathStep;
      if (element.dotDotDotToken) step = { rest: true };
      else {
        const prop = element.propertyName ?? element.name;
        if (ts.isIdentifier(prop) || ts.isStringLiteral(prop) || ts.isNumericLiteral(prop)) step = { property: prop.text };
        else if (ts.isComputedPropertyName(prop)) step = { computed: prop.expression };
        else continue;
      }
      addBindingNames(element.name, [...path, step], add);
    }
    return;
  }
  name.elements.forEach((element, index) => {
    if (ts.isOmittedExpression(element)) return;
    addBindingNames(element.name, [...path, element.dotDotDotToken ? { rest: true } : { index }], add);
  });
}

function addVariableList(table: ScopeTable, list: ts.VariableDeclarationList): void {
  const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
  for (const decl of list.declarations) {
    addBindingNames(decl.name, [], (id, path) => {
      if (!table.has(id.text)) table.set(id.text, { kind: 'variable', decl, name: id, path, isConst });
    });
  }
}

function addStatement(table: ScopeTable, statement: ts.Statement): void {
  if (ts.isVariableStatement(statement)) addVariableList(table, statement.declarationList);
  else if (ts.isFunctionDeclaration(statement) && statement.name) {
    // Overloads: keep the implementation (the one with a body).
    const existing = table.get(statement.name.text);
    if (!existing || (existing.kind === 'function' && !existing.node.body)) table.set(statement.name.text, { kind: 'function', node: statement });
  } else if (ts.isClassDeclaration(statement) && statement.name) table.set(statement.name.text, { kind: 'class', node: statement });
  else if (ts.isEnumDeclaration(statement)) table.set(statement.name.text, { kind: 'enum', node: statement });
  else if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
    const clause = statement.importClause;
    if (!clause) return;
    const specifier = statement.moduleSpecifier.text;
    if (clause.name) table.set(clause.name.text, { kind: 'import', decl: statement, specifier, importName: 'default', name: clause.name });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) table.set(bindings.name.text, { kind: 'import', decl: statement, specifier, importName: '*', name: bindings.name });
    else if (bindings)
      for (const element of bindings.elements) {
        table.set(element.name.text, { kind: 'import', decl: statement, specifier, importName: (element.propertyName ?? element.name).text, name: element.name });
      }
  } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
    table.set(statement.name.text, { kind: 'import', decl: statement, specifier: statement.moduleReference.expression.text, importName: '*', name: statement.name });
  } else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) table.set(statement.name.text, { kind: 'other', node: statement });
  else if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) return;
  else if (ts.isLabeledStatement(statement)) addStatement(table, statement.statement);
}

/** What a tree walk does after visiting a node: go into its children (nothing returned), skip them, or end. */
export type WalkStep = void | 'skipChildren' | 'stop';

/**
 * Visits `root` and its descendants in the order nested `ts.forEachChild` calls would, with an explicit
 * stack instead of recursion: a 5,000-term `"a" + "a" + …` chain is a tree 5,000 levels deep, and a
 * recursive walk runs out of call stack on it.
 */
export function walkTree(root: ts.Node, visit: (node: ts.Node) => WalkStep): void {
  const stack: ts.Node[] = [root];
  // forEachChild stops at the first truthy return; Array#push returns the new length.
  const push = (child: ts.Node): undefined => void stack.push(child);
  while (stack.length > 0) {
    const node = stack.pop()!;
    const step = visit(node);
    if (step === 'stop') return;
    if (step === 'skipChildren') continue;
    const first = stack.length;
    ts.forEachChild(node, push);
    // Children arrive in source order; reversed, the first one is popped next (pre-order, as before).
    for (let i = first, j = stack.length - 1; i < j; i++, j--) {
      const child = stack[i]!;
      stack[i] = stack[j]!;
      stack[j] = child;
    }
  }
}

/** Hoisted `var` declarations in nested blocks belong to the function scope. */
function addHoistedVars(table: ScopeTable, node: ts.Node): void {
  walkTree(node, (child) => {
    if (ts.isFunctionLike(child) || ts.isClassLike(child)) return 'skipChildren';
    if (ts.isVariableDeclarationList(child) && (child.flags & ts.NodeFlags.BlockScoped) === 0) addVariableList(table, child);
  });
}

/**
 * `var` is rare in TypeScript: skip the hoisting walk unless the keyword occurs in the node's text
 * as a word (`variant`, `isVariable` and `vars` walked whole functions in flag code).
 */
function mayDeclareVar(node: ts.Node): boolean {
  return !standaloneWords(node.getSourceFile().text, 'var', node.pos, node.end).next().done;
}

/** Node kinds that can declare names; every other ancestor is skipped without a table lookup. */
const scopeKinds = lazy((): ReadonlySet<ts.SyntaxKind> => new Set([
  ts.SyntaxKind.SourceFile,
  ts.SyntaxKind.Block,
  ts.SyntaxKind.ModuleBlock,
  ts.SyntaxKind.CaseBlock,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
  ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.ForInStatement,
  ts.SyntaxKind.CatchClause,
  ts.SyntaxKind.ClassExpression,
]));

const tables = new WeakMap<ts.Node, ScopeTable | null>();

function buildTable(node: ts.Node): ScopeTable | null {
  const table: ScopeTable = new Map();
  if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node)) {
    for (const statement of node.statements) addStatement(table, statement);
    if ((ts.isSourceFile(node) || (ts.isBlock(node) && node.parent && ts.isFunctionLike(node.parent))) && mayDeclareVar(node)) addHoistedVars(table, node);
  } else if (ts.isCaseBlock(node)) {
    for (const clause of node.clauses) for (const statement of clause.statements) addStatement(table, statement);
  } else if (ts.isFunctionLike(node)) {
    node.parameters.forEach((decl, index) => {
      addBindingNames(decl.name, [], (id, path) => table.set(id.text, { kind: 'parameter', fn: node, decl, index, name: id, path }));
    });
    if ((ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) && node.name && !table.has(node.name.text)) {
      table.set(node.name.text, ts.isFunctionDeclaration(node) ? { kind: 'function', node } : { kind: 'other', node });
    }
  } else if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) {
    if (node.initializer && ts.isVariableDeclarationList(node.initializer)) addVariableList(table, node.initializer);
  } else if (ts.isCatchClause(node)) {
    if (node.variableDeclaration) addBindingNames(node.variableDeclaration.name, [], (id) => table.set(id.text, { kind: 'other', node: id }));
  } else if (ts.isClassExpression(node) && node.name) {
    table.set(node.name.text, { kind: 'class', node });
  } else return null;
  return table.size ? table : null;
}

function tableOf(node: ts.Node): ScopeTable | null {
  let table = tables.get(node);
  if (table === undefined) {
    table = buildTable(node);
    tables.set(node, table);
  }
  return table;
}

/** Finds the declaration a name refers to at `from`, walking outwards through enclosing scopes. */
export function lookupName(from: ts.Node, name: string): Binding | undefined {
  for (let node: ts.Node | undefined = from; node; node = node.parent) {
    if (!scopeKinds().has(node.kind)) continue;
    const binding = tableOf(node)?.get(name);
    if (binding) {
      // A parameter's default value cannot see later parameters, but that never matters for flag keys.
      return binding;
    }
  }
  return undefined;
}

export function lookupIdentifier(id: ts.Identifier): Binding | undefined {
  return lookupName(id, id.text);
}

/** The file-level declaration of `name`, for export lookups. */
export function lookupTopLevel(sourceFile: ts.SourceFile, name: string): Binding | undefined {
  return tableOf(sourceFile)?.get(name);
}

/** Removes wrappers that do not change a value: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
export function unwrapExpression(expression: ts.Expression): ts.Expression {
  let current = expression;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current) || ts.isTypeAssertionExpression(current) || ts.isSatisfiesExpression(current)) {
      current = current.expression;
    } else return current;
  }
}

export function propertyNameText(name: ts.PropertyName | ts.MemberName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}
