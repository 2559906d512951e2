import { ts } from '../util/typescript';
import type { Analyzer } from './analyzer';
import type { SdkValue } from './analysisTypes';
import { exportsLeadingToClients } from './clientTypeExports';
import { defaultExportName, type ExportTrigger } from './exportTriggers';
import { objectMemberFunctions } from './returnedClosures';
import { propertyNameText, walkTree } from './scope';
import { classifyTarget, member } from './sdkValues';
import type { Target } from './symbols';
import { functionId, returnedMemberFunctions, returnedValue, summarizeFunction } from './wrappers';

/**
 * How a value reaches flags: not at all, through any use of it, or only through these members of a
 * class or its instances (an importer must name one of them, or may hand the value on).
 */
type Reach = false | 'any' | ReadonlySet<string>;

function widen(a: Reach, b: Reach): Reach {
  if (a === 'any' || b === 'any') return 'any';
  if (a === false) return b;
  if (b === false) return a;
  return new Set([...a, ...b]);
}

interface ReachContext {
  a: Analyzer;
  sf: ts.SourceFile;
  /** Wrappers the walk of `sf` found (its own functions need no summary for that). */
  wrapperIds: ReadonlySet<string>;
  /** Answers so far: each member of a class is asked on its own, and may have been reached through another. */
  known: Map<ts.Node, Reach>;
  /** Being answered: met again, it is a cycle and adds nothing on that path. */
  active: Set<ts.Node>;
  /** Set when an answer met a cycle: it holds for that path only and is not kept (see `once`). */
  cut: boolean;
  /** Questions left for the whole file: answers not kept can be asked again, and classes that hold each other must not make that quadratic. */
  budget: { left: number };
}

/** Questions one file's exports may ask before every further answer is "any use" (more files looked at, none missed). */
const reachBudget = 20000;

function contextFor(a: Analyzer, sf: ts.SourceFile, wrapperIds: ReadonlySet<string>, budget: { left: number }): ReachContext {
  return { a, sf, wrapperIds, known: new Map(), active: new Set(), cut: false, budget };
}

function once(cx: ReachContext, node: ts.Node, answer: () => Reach): Reach {
  const known = cx.known.get(node);
  if (known !== undefined) return known;
  if (cx.active.has(node)) {
    cx.cut = true;
    return false;
  }
  if (--cx.budget.left < 0) return 'any';
  const outerCut = cx.cut;
  cx.cut = false;
  cx.active.add(node);
  try {
    const reach = answer();
    // An answer that met a cycle lacks what the node on the cycle adds: asked again from elsewhere, it is worked out again.
    if (!cx.cut) cx.known.set(node, reach);
    return reach;
  } finally {
    cx.active.delete(node);
    cx.cut ||= outerCut;
  }
}

/** Exported names whose values carry flags, so files that use them get parsed too. */
export function flagBearingExports(a: Analyzer, sf: ts.SourceFile, wrapperIds: ReadonlySet<string>, typesAwaiting?: (readonly string[])[]): ExportTrigger[] {
  const reaches = new Map<string, Reach>();
  // Names that stand only for a default export (the module's file name): importers are tested for a default import.
  const hinted = new Set<string>();
  const named = new Set<string>();
  const budget = { left: reachBudget };
  for (const name of exportedNamesOf(sf)) {
    // A name whose value cannot reach flags needs no look (a re-exported helper would be parsed for nothing).
    if (!a.mayCarryFlags(sf.fileName, name)) continue;
    const target = a.symbols.exportOf(sf.fileName, name);
    if (!target) continue;
    let reach = budget.left > 0 ? valueReach(contextFor(a, sf, wrapperIds, budget), classifyTarget(a, target, sf, 0)) : 'any';
    if (reach !== 'any' && objectCarriesFlags(a, target, sf, wrapperIds, budget)) reach = 'any';
    if (reach === false) continue;
    // Default imports take any local name; the module's file name, and the packages naming it, are the best hints.
    for (const as of name === 'default' ? defaultHints(a, sf.fileName) : [name]) {
      (name === 'default' ? hinted : named).add(as);
      reaches.set(as, widen(reaches.get(as) ?? false, reach));
    }
  }
  for (const { name, defaultHint } of typeTriggers(a, sf, typesAwaiting)) {
    (defaultHint ? hinted : named).add(name);
    reaches.set(name, 'any');
  }
  const triggers: ExportTrigger[] = [];
  for (const [name, reach] of reaches) {
    if (reach === 'any') triggers.push(hinted.has(name) && !named.has(name) ? { name, defaultHint: true, origin: sf.fileName } : { name });
    else if (reach !== false) triggers.push({ name, members: [...reach].sort() });
  }
  return triggers;
}

/**
 * Types whose properties are SDK clients (`interface RequestContext { flags?: GrowthBook }`) and
 * functions declared to return one, as triggers; read from parsed files only (`typesAwaiting` gets
 * the unparsed ones passed over).
 */
export function typeTriggers(a: Analyzer, sf: ts.SourceFile, typesAwaiting?: (readonly string[])[]): ExportTrigger[] {
  return exportsLeadingToClients(a, sf, typesAwaiting).flatMap((name) => (name === 'default' ? defaultHints(a, sf.fileName).map((hint) => ({ name: hint, defaultHint: true, origin: sf.fileName })) : [{ name }]));
}

/**
 * The names importers of a module's default most likely give it: the module's file name (its
 * folder's, for an index), and each workspace package specifier that names the file whole
 * (`@acme/flags` for `packages/flags/src/index.ts`, whose own hint is `src`). Not its last segment:
 * `@acme/ui/react` would make every `import React from 'react'` a candidate.
 */
function defaultHints(a: Analyzer, file: string): string[] {
  return [...new Set([defaultExportName(file), ...a.ws.resolver.specifiersNaming(file)])];
}

function exportedNamesOf(sf: ts.SourceFile): string[] {
  const exported: string[] = [];
  for (const statement of sf.statements) {
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
    const isExported = modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (isExported && isDefault) exported.push('default');
    else if (isExported && ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        const visit = (name: ts.BindingName) => {
          if (ts.isIdentifier(name)) exported.push(name.text);
          else for (const element of name.elements) if (!ts.isOmittedExpression(element)) visit(element.name);
        };
        visit(decl.name);
      }
    } else if (isExported && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) exported.push(statement.name.text);
    else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) exported.push(element.name.text);
    } else if (ts.isExportAssignment(statement)) exported.push('default');
    else if (ts.isExpressionStatement(statement) && /^(module\.)?exports\b/.test(statement.expression.getText(sf))) {
      const match = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)/.exec(statement.expression.getText(sf));
      if (match) exported.push(match[1]!);
      else exported.push(...wholeModuleExports(statement.expression));
    }
  }
  return exported;
}

/** `export const featureService = { isOn: (flag) => … }`: an object written out whose members include a wrapper. */
function objectCarriesFlags(a: Analyzer, target: Target, sf: ts.SourceFile, wrapperIds: ReadonlySet<string>, budget: { left: number }): boolean {
  const expression = target.kind === 'expression' ? target.expression : target.kind === 'binding' && target.binding.kind === 'variable' && target.binding.path.length === 0 ? target.binding.decl.initializer : undefined;
  if (!expression) return false;
  const cx = contextFor(a, sf, wrapperIds, budget);
  return objectMemberFunctions(a, expression).some((fn) => functionReach(cx, fn) !== false);
}

/** `module.exports = { a, b: c }` exports a and b; `module.exports = client` makes the module itself the value (`require` of it, a default import). */
function wholeModuleExports(expression: ts.Expression): string[] {
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return [];
  const left = expression.left;
  if (!ts.isPropertyAccessExpression(left) || !ts.isIdentifier(left.expression) || left.expression.text !== 'module' || left.name.text !== 'exports') return [];
  if (!ts.isObjectLiteralExpression(expression.right)) return ['default'];
  return expression.right.properties.flatMap((p) => (ts.isShorthandPropertyAssignment(p) ? [p.name.text] : ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) ? [p.name.text] : []));
}

/**
 * How a value can lead to a flag evaluation: an SDK value, a wrapper, a function returning such a
 * value, or a class (or instance) with such a method or field. A factory that returns an instance
 * of a class without any (`createUserService()`) does not: every file importing it would be parsed.
 */
function valueReach(cx: ReachContext, value: SdkValue | undefined): Reach {
  if (!value) return false;
  switch (value.kind) {
    case 'function':
      return functionReach(cx, value.fn);
    case 'class':
    case 'instance':
      return classReach(cx, value.cls);
    case 'namespace':
      return false;
    default:
      return 'any';
  }
}

/**
 * A wrapper reaches flags through any call; a function returning a value reaches them as that value
 * does. For functions of the file just walked, the walk already recorded every wrapper site, so
 * only the return values need a look.
 */
function functionReach(cx: ReachContext, fn: ts.SignatureDeclaration): Reach {
  return once(cx, fn, () => functionReachUncached(cx, fn));
}

function functionReachUncached(cx: ReachContext, fn: ts.SignatureDeclaration): Reach {
  if (fn.getSourceFile() !== cx.sf) {
    const summary = summarizeFunction(cx.a, fn);
    return summary.wrappers.length > 0 ? 'any' : valueReach(cx, summary.returns);
  }
  if (cx.wrapperIds.has(functionId(fn))) return 'any';
  const returned = valueReach(cx, returnedValue(cx.a, fn));
  if (returned === 'any') return returned;
  return returnedMemberFunctions(cx.a, fn).some((m) => functionReach(cx, m) !== false) ? 'any' : returned;
}

/**
 * The members through which flags are reached from a class or its instances: methods and getters
 * that are wrappers or return SDK values, fields holding them (`this.client = init(…)`,
 * `constructor(private flags: FlagService)`). Through a member holding another such class, the
 * members that count are that class's: a file reaches the flags only by naming the last member on
 * the way (`api.frontend.client`). ECMAScript `#private` members are left out: nothing outside the
 * class body can name them. TypeScript's `private` ones stay: `service['client']` compiles.
 */
function classReach(cx: ReachContext, cls: ts.ClassLikeDeclaration): Reach {
  return once(cx, cls, () => classReachUncached(cx, cls));
}

function classReachUncached(cx: ReachContext, cls: ts.ClassLikeDeclaration): Reach {
  let reach: Reach = false;
  const through = (name: string | undefined, value: Reach) => {
    if (value === false || (name !== undefined && name.startsWith('#'))) return;
    // `[key]() {…}`: a member no text search can name.
    reach = widen(reach, value !== 'any' ? value : name === undefined ? 'any' : new Set([name]));
  };
  for (const m of cls.members) {
    if (ts.isMethodDeclaration(m) || ts.isGetAccessor(m)) through(propertyNameText(m.name), functionReach(cx, m));
  }
  const instance: SdkValue = { kind: 'instance', cls };
  for (const name of fieldNames(cls)) {
    const field = member(cx.a, instance, name, cls, 0);
    if (field && field.kind !== 'function') through(name, valueReach(cx, field));
  }
  return reach;
}

/** Field names of a class: declared properties, constructor parameter properties and `this.x = …` assignments. */
function fieldNames(cls: ts.ClassLikeDeclaration): Set<string> {
  const names = new Set<string>();
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && (ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name) || ts.isStringLiteral(m.name))) names.add(m.name.text);
    if (ts.isConstructorDeclaration(m)) for (const p of m.parameters) if (ts.isIdentifier(p.name) && ts.getModifiers(p)?.length) names.add(p.name.text);
    walkTree(m, (node) => {
      if (ts.isBinaryExpression(node) && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword) names.add(node.left.name.text);
    });
  }
  return names;
}
