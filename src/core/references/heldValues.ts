// Values declared to hold an SDK client, followed where other modules hand them on: what a
// re-export, an import listed again or an `export default x` gives the name (see clientTypeExports).
import { ts } from '../util/typescript';
import type { Analyzer } from './analyzer';
import { declaredReturnOf, readingParsedFilesOnly, tooDeep, typeOfNode, unparsedNow, type DeclaredType } from './declaredTypes';
import { hasModifier } from './exportStatements';
import { unwrapExpression } from './scope';

/** What a variable's declaration says its value is: its annotation, or for a function it holds, the declared return type. */
export function declaredValueType(decl: ts.VariableDeclaration): ts.TypeNode | undefined {
  return decl.type && !ts.isFunctionTypeNode(decl.type) ? decl.type : declaredReturnOf(decl);
}

/**
 * What a module exports as `name` holds by its declaration, for a file handing it on
 * (`export { ctx as appCtx } from './getters'`): a variable's declared type (for a function it
 * holds, the declared return type), a function's declared return type. Followed through re-export
 * lists, imports handed on (`import { ctx } from …; export default ctx`) and `export *` as
 * `exportedType` follows types: a parsed-files-only lookup reads parsed files only.
 */
export function reexportedValueType(a: Analyzer, fromFile: string, specifier: string, name: string): DeclaredType | undefined {
  return valueThrough(a, fromFile, specifier, name, 1, new Set());
}

/** The same for a name a file declares or imports (`export { ctx }`, `export default ctx`). */
export function localValueType(a: Analyzer, sf: ts.SourceFile, local: string): DeclaredType | undefined {
  return localValue(a, sf, local, 1, new Set());
}

function valueThrough(a: Analyzer, fromFile: string, specifier: string, name: string, depth: number, seen: Set<string>): DeclaredType | undefined {
  const resolved = a.ws.resolve(fromFile, specifier);
  return resolved?.kind === 'file' && name !== '*' ? exportedValue(a, resolved.file, name, depth, seen) : undefined;
}

function exportedValue(a: Analyzer, file: string, name: string, depth: number, seen: Set<string>): DeclaredType | undefined {
  // Seen per name: a barrel met again under another name (`export * from './getters'` beside an alias of one of its names) is another question.
  const key = `${file}\0${name}`;
  if (tooDeep(depth) || seen.has(key) || unparsedNow(a, file)) return undefined;
  seen.add(key);
  if (!a.ws.mayExport(file, name)) return undefined;
  const sf = a.ws.sourceFile(file);
  if (!sf) return undefined;
  const index = valueStatementsOf(sf);
  for (const { statement, element } of index.exported.get(name) ?? []) {
    if (ts.isExportAssignment(statement)) {
      const expression = unwrapExpression(statement.expression);
      return ts.isIdentifier(expression) ? localValue(a, sf, expression.text, depth + 1, seen) : undefined;
    }
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const local = (element!.propertyName ?? element!.name).text;
      return from ? valueThrough(a, file, from, local, depth + 1, seen) : localValue(a, sf, local, depth + 1, seen);
    }
    if (ts.isFunctionDeclaration(statement) && name === 'default') return statement.type ? typeOfNode(a, statement.type, depth + 1) : undefined;
    const own = declaredValueIn(a, statement, name, depth);
    if (own !== notDeclared) return own;
  }
  if (name === 'default') return undefined;
  for (const from of index.stars) {
    // As for types: a module behind `export *` not parsed yet is passed over without a note.
    const peek = readingParsedFilesOnly() ? a.ws.resolver.resolve(file, from) : undefined;
    if (peek?.kind === 'file' && !a.ws.isLoaded(peek.file)) continue;
    const found = valueThrough(a, file, from, name, depth + 1, seen);
    if (found) return found;
  }
  return undefined;
}

/** A name a file declares at its top level or imports. */
function localValue(a: Analyzer, sf: ts.SourceFile, local: string, depth: number, seen: Set<string>): DeclaredType | undefined {
  if (tooDeep(depth)) return undefined;
  for (const { statement, element } of valueStatementsOf(sf).local.get(local) ?? []) {
    if (ts.isImportDeclaration(statement)) {
      const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
      // A default import has no element; a namespace import is not indexed (the whole module is no declared value).
      return valueThrough(a, sf.fileName, specifier, element ? (element.propertyName ?? element.name).text : 'default', depth + 1, seen);
    }
    const own = declaredValueIn(a, statement, local, depth);
    if (own !== notDeclared) return own;
  }
  return undefined;
}

/** A statement that bears on a name, with the list element naming it (`export { a as b }`, `import { a as b }`). */
interface ValueStatement {
  statement: ts.Statement;
  element?: ts.ExportSpecifier | ts.ImportSpecifier;
}

interface ValueStatements {
  /** Statements exporting a value under a name (a declaration, a list, `export default`), in order. */
  exported: Map<string, ValueStatement[]>;
  /** Statements declaring or importing a name at the top level, in order. */
  local: Map<string, ValueStatement[]>;
  /** `export * from` specifiers, in order. */
  stars: string[];
}

/** Per file, which statements bear on a name: a lookup per name through a module of thousands of exports reads only its own. */
const valueStatements = new WeakMap<ts.SourceFile, ValueStatements>();

function valueStatementsOf(sf: ts.SourceFile): ValueStatements {
  let index = valueStatements.get(sf);
  if (index) return index;
  index = { exported: new Map(), local: new Map(), stars: [] };
  const add = (map: Map<string, ValueStatement[]>, name: string, entry: ValueStatement): void => {
    const list = map.get(name);
    if (!list) map.set(name, [entry]);
    else if (list[list.length - 1]!.statement !== entry.statement) list.push(entry);
  };
  for (const statement of sf.statements) {
    if (ts.isExportAssignment(statement)) add(index.exported, 'default', { statement });
    else if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (!clause) {
        if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) index.stars.push(statement.moduleSpecifier.text);
      } else if (ts.isNamedExports(clause)) for (const element of clause.elements) add(index.exported, element.name.text, { statement, element });
    } else if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (!clause || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      if (clause.name) add(index.local, clause.name.text, { statement });
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) for (const element of clause.namedBindings.elements) add(index.local, element.name.text, { statement, element });
    } else if (ts.isVariableStatement(statement) || ts.isFunctionDeclaration(statement)) {
      const names = ts.isVariableStatement(statement)
        ? statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []))
        : statement.name
          ? [statement.name.text]
          : [];
      const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
      const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
      for (const name of names) add(index.local, name, { statement });
      if (exported && isDefault) add(index.exported, 'default', { statement });
      else if (exported) for (const name of names) add(index.exported, name, { statement });
    }
  }
  valueStatements.set(sf, index);
  return index;
}

const notDeclared = Symbol('notDeclared');

/** What a statement declaring `name` as a variable or function says it holds (see reexportedValueType); `notDeclared` when it declares no such name. */
function declaredValueIn(a: Analyzer, statement: ts.Statement, name: string, depth: number): DeclaredType | undefined | typeof notDeclared {
  if (ts.isVariableStatement(statement)) {
    const decl = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
    if (!decl) return notDeclared;
    const declared = declaredValueType(decl);
    return declared ? typeOfNode(a, declared, depth + 1) : undefined;
  }
  if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return statement.type ? typeOfNode(a, statement.type, depth + 1) : undefined;
  return notDeclared;
}
