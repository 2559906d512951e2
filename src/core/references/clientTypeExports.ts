// Which exported types, functions and values of a parsed file lead other files to SDK clients: the
// triggers that make files typing a receiver with them candidates (see exportReach.typeTriggers).
import { ts } from '../util/typescript';
import type { Analyzer } from './analyzer';
import { exportedType, fileLevelType, importedType, typeDeclarationsIn, typeLeadsToClient, typeOfNode, withParsedFilesOnly, type DeclaredType } from './declaredTypes';
import { declaredValueType, localValueType, reexportedValueType } from './heldValues';
import { hasModifier } from './exportStatements';
import { clientTypeNames } from './sdkPatterns';
import { unwrapExpression } from './scope';

/** Whether a file imports anything from an SDK (its types included). */
function importsSdk(a: Analyzer, sf: ts.SourceFile): boolean {
  return sf.statements.some((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && a.ws.resolve(sf.fileName, s.moduleSpecifier.text)?.kind === 'sdk');
}

/**
 * Exported types and functions of a file that lead other files to SDK clients: interfaces, type
 * aliases and classes whose properties are clients (`interface RequestContext { flags?: GrowthBook }`),
 * functions declared to return one (`getClient(): Promise<LDClient>`). Exported by their declaration,
 * in a list (`export { RequestContext }`, also one re-exporting from another module under any name),
 * as the default (`'default'`), or by `export *` from an SDK (its client types). In a file that
 * imports an SDK, also types the syntax cannot read (`typeof gb`, a mapped type): files typing a
 * receiver with them are worth a look, and the checker may answer there. Only files parsed already
 * are read; `unparsedMet` gets the ones passed over, whose parse may change the answer.
 */
export function exportsLeadingToClients(a: Analyzer, sf: ts.SourceFile, unparsedMet?: (readonly string[])[]): string[] {
  return withParsedFilesOnly(unparsedMet, () => exportsLeadingToClientsOf(a, sf));
}

function exportsLeadingToClientsOf(a: Analyzer, sf: ts.SourceFile): string[] {
  const names = new Set<string>();
  let sdk: boolean | undefined;
  const consider = (exported: string, leads: boolean | undefined): void => {
    if (leads === undefined) leads = sdk ??= importsSdk(a, sf);
    if (leads) names.add(exported);
  };
  for (const statement of sf.statements) {
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      if (!statement.exportClause) {
        // `export * from '@growthbook/growthbook'`: the SDK's client types under their own names (those other code does not use too).
        const resolved = from === undefined ? undefined : a.ws.resolve(sf.fileName, from);
        if (resolved?.kind === 'sdk') for (const name of clientTypeNames(resolved.module)) names.add(name);
        continue;
      }
      if (!ts.isNamedExports(statement.exportClause)) continue;
      // A package outside the workspace is neither an SDK nor read here: what it exports is no type of this file's.
      const target = from === undefined ? undefined : a.ws.resolve(sf.fileName, from);
      if (from !== undefined && !target) continue;
      for (const element of statement.exportClause.elements) {
        const local = (element.propertyName ?? element.name).text;
        // Re-exported from another module, the name may differ from the one that module's analysis gives (`export { Ctx as AppCtx } from`),
        // and so may a value declared to hold a client (`export { ctx as appCtx } from`).
        if (from !== undefined) consider(element.name.text, orHeldValue(a, typeLeadsToClient(a, importedType(a, sf.fileName, from, local, 1)), () => reexportedValueType(a, sf.fileName, from, local)));
        else consider(element.name.text, orHeldValue(a, localLeadsToClient(a, sf, local), () => localValueType(a, sf, local)));
      }
    } else if (ts.isExportAssignment(statement)) {
      // `export default Ctx`, `export default (Ctx)`, `export = Ctx`: importers take it as the module's default.
      const expression = unwrapExpression(statement.expression);
      if (ts.isIdentifier(expression)) consider('default', orHeldValue(a, localLeadsToClient(a, sf, expression.text), () => localValueType(a, sf, expression.text)));
    } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
      if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isClassDeclaration(statement)) {
        const name = isDefault ? 'default' : statement.name?.text;
        if (name) consider(name, typeLeadsToClient(a, exportedType(a, sf.fileName, name)));
      } else if (ts.isFunctionDeclaration(statement) && statement.type && (isDefault || statement.name)) {
        consider(isDefault ? 'default' : statement.name!.text, typeLeadsToClient(a, typeOfNode(a, statement.type)));
      } else if (ts.isVariableStatement(statement)) {
        // `export let ctx: Ctx`, `export declare const ctx: Ctx`, `export const getCtx = (): Ctx => …`. Only
        // types read to the end count: `export const Page: FC = …` in a file that imports an SDK is no client holder.
        for (const decl of statement.declarationList.declarations) {
          const type = declaredValueType(decl);
          if (type && ts.isIdentifier(decl.name) && typeLeadsToClient(a, typeOfNode(a, type)) === true) names.add(decl.name.text);
        }
      }
    }
  }
  return [...names];
}

/**
 * A name handed on that is no type leading to a client may be a value declared to hold one (an
 * imported `declare const ctx: Ctx`): only a type read to the end counts, as for a value exported by
 * its declaration.
 */
function orHeldValue(a: Analyzer, asType: boolean | undefined, heldType: () => DeclaredType | undefined): boolean | undefined {
  return asType === true || typeLeadsToClient(a, heldType()) === true ? true : asType;
}

/** Whether what a file declares (or imports) as `local` leads to an SDK client: a type, or a function by its declared return type. */
function localLeadsToClient(a: Analyzer, sf: ts.SourceFile, local: string): boolean | undefined {
  if (typeDeclarationsIn(sf.statements, local).length === 0) {
    // Every overload counts, as for a function exported by its declaration.
    const signatures = sf.statements.filter((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === local && s.type !== undefined);
    if (signatures.length > 0) {
      const answers = signatures.map((fn) => typeLeadsToClient(a, typeOfNode(a, fn.type)));
      return answers.includes(true) ? true : answers.includes(undefined) ? undefined : false;
    }
    for (const statement of sf.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      const decl = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === local);
      const type = decl && declaredValueType(decl);
      if (type) return typeLeadsToClient(a, typeOfNode(a, type)) === true;
    }
  }
  return typeLeadsToClient(a, fileLevelType(a, sf, local, 0));
}

