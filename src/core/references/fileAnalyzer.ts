import * as path from 'node:path';
import { ts } from '../util/typescript';
import type { Analyzer } from './analyzer';
import type { Evaluation, SdkValue } from './analysisTypes';
import { exportsLeadingToClients } from './declaredTypes';
import { evaluationsAt } from './evaluations';
import { wrappedComponentFiles } from './ldConsumers';
import type { DynamicReference, EvaluationKind, FlagReference, ReferenceOrigin } from './model';
import { resolveKey } from './resolveKey';
import { objectMemberFunctions } from './returnedClosures';
import type { Target } from './symbols';
import { unwrapExpression, walkTree } from './scope';
import { classifyTarget, member } from './sdkValues';
import { nodeSpan } from './spans';
import { summarizeFunction, functionId, functionName, returnedMemberFunctions, returnedValue } from './wrappers';
import { lazy } from '../util/lazy';

export interface WrapperSite {
  /** `file#name` of the wrapper whose parameter is the key. */
  id: string;
  /** Reported when nobody calls the wrapper: the key then comes from nowhere. */
  dynamic: DynamicReference;
}

export interface FileAnalysis {
  file: string;
  references: FlagReference[];
  dynamic: DynamicReference[];
  wrapperSites: WrapperSite[];
  /** Wrapper ids this file calls, resolved or not. */
  wrapperUses: string[];
  /** Exported names that carry flags (clients, flags objects, wrappers, hooks): other files using them can matter. */
  exportedNames: string[];
  /** camelCased LaunchDarkly keys were mapped through the known keys: re-analyze when they change. */
  usesKnownKeys?: boolean;
  /** Other files whose components this file wraps with withLDConsumer()(…): they read flags from props. */
  consumerComponentFiles: string[];
}

const inspectedKinds = lazy(() => new Set<ts.SyntaxKind>([
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.PropertyAccessExpression,
  ts.SyntaxKind.ElementAccessExpression,
  ts.SyntaxKind.ObjectBindingPattern,
  ts.SyntaxKind.JsxOpeningElement,
  ts.SyntaxKind.JsxSelfClosingElement,
]));

function inferKind(kind: EvaluationKind, defaultNode: ts.Node | undefined): EvaluationKind {
  if (kind !== 'unknown' || !defaultNode) return kind;
  const node = ts.isExpression(defaultNode as ts.Expression) ? unwrapExpression(defaultNode as ts.Expression) : defaultNode;
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return 'boolean';
  if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) return 'string';
  if (ts.isNumericLiteral(node) || (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand))) return 'number';
  if (ts.isObjectLiteralExpression(node) || ts.isArrayLiteralExpression(node)) return 'object';
  return kind;
}

function toReference(file: string, e: Evaluation, key: string, via: FlagReference['via'], origin: ReferenceOrigin | undefined): FlagReference {
  const reference: FlagReference = {
    key,
    file,
    keySpan: nodeSpan(e.keyNode),
    callSpan: nodeSpan(e.callNode),
    sdk: e.sdk,
    pattern: e.pattern,
    kind: inferKind(e.kind, e.defaultNode),
    confidence: 'ast',
    via,
  };
  if (origin) reference.origin = origin;
  if (e.defaultNode) reference.defaultValue = e.defaultNode.getText();
  if (e.wrappers?.length) reference.wrappers = e.wrappers;
  if (e.valuePath) reference.valuePath = e.valuePath;
  if (e.negate) reference.negate = true;
  return reference;
}

/** The outermost wrapper, from its `file#name` id. */
function wrapperOrigin(id: string): ReferenceOrigin {
  const hash = id.lastIndexOf('#');
  return hash < 0 ? { name: id } : { name: id.slice(hash + 1), file: id.slice(0, hash) };
}

function dynamicOf(file: string, e: Evaluation, reason: string): DynamicReference {
  return { file, span: nodeSpan(e.keyNode), sdk: e.sdk, pattern: e.pattern, reason };
}

function record(a: Analyzer, file: string, e: Evaluation, out: FileAnalysis): void {
  if (e.wrappers) out.wrapperUses.push(...e.wrappers);
  if (e.missing) {
    out.dynamic.push(dynamicOf(file, e, e.missing));
    return;
  }
  let raw: string;
  let via: FlagReference['via'];
  let origin: ReferenceOrigin | undefined;
  if (e.keyName !== undefined) {
    raw = e.keyName;
    via = 'property';
    origin = { name: e.keyName };
  } else {
    const key = resolveKey(a, e.keyExpression!);
    if (key.kind === 'dynamic') {
      out.dynamic.push(dynamicOf(file, e, key.reason));
      return;
    }
    if (key.kind === 'param') {
      const summary = summarizeFunction(a, key.fn);
      const used = summary.wrappers.length > 0;
      const reason = `key comes from parameter '${key.name}' of ${used ? `wrapper '${summary.name}', which nothing calls with a constant` : `'${functionName(key.fn)}'`}`;
      if (used) out.wrapperSites.push({ id: functionId(key.fn), dynamic: dynamicOf(file, e, reason) });
      else out.dynamic.push(dynamicOf(file, e, reason));
      return;
    }
    raw = key.value;
    via = e.property ? 'property' : key.via;
    origin = key.origin;
  }
  if (e.wrappers?.length) {
    via = 'wrapper';
    origin = wrapperOrigin(e.wrappers[0]!);
  }
  let flagKey = e.prefix + raw + e.suffix;
  if (e.mapKey) {
    flagKey = e.mapKey(flagKey);
    if (e.sdk === 'launchdarkly') out.usesKnownKeys = true;
  }
  if (!flagKey) {
    out.dynamic.push(dynamicOf(file, e, 'the key is an empty string'));
    return;
  }
  out.references.push(toReference(file, e, flagKey, via, origin));
}

/** Exported names whose values carry flags, so files that use them get parsed too. */
function flagBearingExports(a: Analyzer, sf: ts.SourceFile, wrapperIds: ReadonlySet<string>): string[] {
  const names = new Set<string>();
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
  for (const name of exported) {
    // A name whose value cannot reach flags needs no look (a re-exported helper would be parsed for nothing).
    if (!a.mayCarryFlags(sf.fileName, name)) continue;
    const target = a.symbols.exportOf(sf.fileName, name);
    if (!target) continue;
    if (!valueCarriesFlags(a, classifyTarget(a, target, sf, 0), sf, wrapperIds, new Set()) && !objectCarriesFlags(a, target, sf, wrapperIds)) continue;
    if (name === 'default') {
      // Default imports take any local name; the module's file name is the best hint.
      const base = path.posix.basename(sf.fileName).replace(/\.[^.]+$/, '');
      names.add(base === 'index' ? path.posix.basename(path.posix.dirname(sf.fileName)) : base);
    } else names.add(name);
  }
  // Types whose properties are SDK clients (`interface RequestContext { flags?: GrowthBook }`), functions declared to return one.
  for (const name of exportsLeadingToClients(a, sf)) names.add(name);
  return [...names];
}

/** `export const featureService = { isOn: (flag) => … }`: an object written out whose members include a wrapper. */
function objectCarriesFlags(a: Analyzer, target: Target, sf: ts.SourceFile, wrapperIds: ReadonlySet<string>): boolean {
  const expression = target.kind === 'expression' ? target.expression : target.kind === 'binding' && target.binding.kind === 'variable' && target.binding.path.length === 0 ? target.binding.decl.initializer : undefined;
  if (!expression) return false;
  const seen = new Set<ts.Node>();
  return objectMemberFunctions(a, expression).some((fn) => carriesFlags(a, fn, sf, wrapperIds, seen));
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
 * Whether a value can lead to a flag evaluation: an SDK value, a wrapper, a function returning such a
 * value, or a class (or instance) with such a method or field. A factory that returns an instance
 * of a class without any (`createUserService()`) does not: every file importing it would be parsed.
 */
function valueCarriesFlags(a: Analyzer, value: SdkValue | undefined, sf: ts.SourceFile, wrapperIds: ReadonlySet<string>, seen: Set<ts.Node>): boolean {
  if (!value) return false;
  switch (value.kind) {
    case 'function':
      return carriesFlags(a, value.fn, sf, wrapperIds, seen);
    case 'class':
    case 'instance':
      return classCarriesFlags(a, value.cls, sf, wrapperIds, seen);
    case 'namespace':
      return false;
    default:
      return true;
  }
}

/**
 * Whether a function is a wrapper or returns a value that carries flags. For functions of the file
 * just walked, the walk already recorded every wrapper site, so only the return values need a look.
 */
function carriesFlags(a: Analyzer, fn: ts.SignatureDeclaration, sf: ts.SourceFile, wrapperIds: ReadonlySet<string>, seen: Set<ts.Node>): boolean {
  if (seen.has(fn)) return false;
  seen.add(fn);
  if (fn.getSourceFile() !== sf) {
    const summary = summarizeFunction(a, fn);
    return summary.wrappers.length > 0 || valueCarriesFlags(a, summary.returns, sf, wrapperIds, seen);
  }
  return wrapperIds.has(functionId(fn)) || valueCarriesFlags(a, returnedValue(a, fn), sf, wrapperIds, seen) || returnedMemberFunctions(a, fn).some((m) => carriesFlags(a, m, sf, wrapperIds, seen));
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

function classCarriesFlags(a: Analyzer, cls: ts.ClassLikeDeclaration, sf: ts.SourceFile, wrapperIds: ReadonlySet<string>, seen: Set<ts.Node>): boolean {
  if (seen.has(cls)) return false;
  seen.add(cls);
  if (cls.members.some((m) => (ts.isMethodDeclaration(m) || ts.isGetAccessor(m)) && carriesFlags(a, m, sf, wrapperIds, seen))) return true;
  // `this.client = init(…)` or `constructor(private flags: FlagService)`: callers read flags through the field.
  const instance: SdkValue = { kind: 'instance', cls };
  for (const name of fieldNames(cls)) {
    const field = member(a, instance, name, cls, 0);
    if (field && field.kind !== 'function' && valueCarriesFlags(a, field, sf, wrapperIds, seen)) return true;
  }
  return false;
}

const analysisFailurePrefix = 'could not be analyzed: ';

/** Why a file the analysis threw on is listed as skipped: dropped silently, its flags would read as unused. */
export function analysisFailureReason(error: unknown): string {
  return analysisFailurePrefix + (error instanceof Error ? error.message : String(error));
}

/** A skip reason from analysisFailureReason: a later analysis that succeeds clears it. */
export function isAnalysisFailure(reason: string | undefined): boolean {
  return reason?.startsWith(analysisFailurePrefix) ?? false;
}

/** Finds every flag reference, dynamic reference and wrapper in one parsed file. */
export function analyzeFile(a: Analyzer, sf: ts.SourceFile): FileAnalysis {
  a.startFile(sf.fileName);
  const file = sf.fileName;
  const out: FileAnalysis = { file, references: [], dynamic: [], wrapperSites: [], wrapperUses: [], exportedNames: [], consumerComponentFiles: [] };
  walkTree(sf, (node) => {
    if (inspectedKinds().has(node.kind)) for (const e of evaluationsAt(a, node)) record(a, file, e, out);
  });
  out.exportedNames = flagBearingExports(a, sf, new Set(out.wrapperSites.map((w) => w.id)));
  out.consumerComponentFiles = wrappedComponentFiles(a, sf);
  out.wrapperUses = [...new Set(out.wrapperUses)];
  const byPosition = (x: { span?: { start: number }; keySpan?: { start: number } }, y: typeof x) => (x.keySpan ?? x.span)!.start - (y.keySpan ?? y.span)!.start;
  out.references.sort(byPosition);
  out.dynamic.sort(byPosition);
  return out;
}
