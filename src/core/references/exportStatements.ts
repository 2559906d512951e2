import { ts } from '../util/typescript';

/**
 * Which top-level statements can answer "what does this file export as NAME": built once per parsed
 * file, so looking up every export of a file with thousands of them is linear, not quadratic.
 * Statements that may export any name (`export *`, `export * as ns`, CommonJS assignments) are
 * candidates for every name; the order of the statements is kept, so the first match still wins.
 */
interface ExportStatementIndex {
  byName: Map<string, number[]>;
  anyName: number[];
}

const indexes = new WeakMap<ts.SourceFile, ExportStatementIndex>();

/** Whether a statement carries a modifier (`export`, `default`, `declare`…). */
export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

function bindingNames(name: ts.BindingName, out: string[]): void {
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, out);
}

/** The names a statement may export under (`undefined`: any name; empty: none). */
function namesOf(statement: ts.Statement): string[] | undefined {
  if (ts.isExportDeclaration(statement)) {
    const clause = statement.exportClause;
    if (!clause || ts.isNamespaceExport(clause)) return undefined;
    return clause.elements.map((element) => element.name.text);
  }
  if (ts.isExportAssignment(statement)) return ['default'];
  if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
    if (hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) return ['default'];
    const names: string[] = [];
    if (ts.isVariableStatement(statement)) for (const decl of statement.declarationList.declarations) bindingNames(decl.name, names);
    else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) names.push(statement.name.text);
    return names;
  }
  return ts.isExpressionStatement(statement) ? undefined : [];
}

function indexOf(sf: ts.SourceFile): ExportStatementIndex {
  let index = indexes.get(sf);
  if (index) return index;
  index = { byName: new Map(), anyName: [] };
  sf.statements.forEach((statement, i) => {
    const names = namesOf(statement);
    if (names === undefined) {
      index!.anyName.push(i);
      return;
    }
    for (const name of new Set(names)) {
      const list = index!.byName.get(name);
      if (list) list.push(i);
      else index!.byName.set(name, [i]);
    }
  });
  indexes.set(sf, index);
  return index;
}

/** The statements that can export `name`, in source order. */
export function exportCandidates(sf: ts.SourceFile, name: string): ts.Statement[] {
  const index = indexOf(sf);
  const named = index.byName.get(name) ?? [];
  const out: ts.Statement[] = [];
  let i = 0;
  let j = 0;
  while (i < named.length || j < index.anyName.length) {
    const takeNamed = j >= index.anyName.length || (i < named.length && named[i]! < index.anyName[j]!);
    out.push(sf.statements[takeNamed ? named[i++]! : index.anyName[j++]!]!);
  }
  return out;
}
