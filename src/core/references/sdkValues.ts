import { ts } from '../util/typescript';
import type { Analyzer } from './analyzer';
import type { SdkValue } from './analysisTypes';
import { exportIsApi, exportProduct, methodProduct, typeIsClient, type SdkModule, type SdkProduct } from './sdkPatterns';
import { isSdkMethodReceiver, receiverThroughTypes } from './typedReceivers';
import { lookupIdentifier, propertyNameText, unwrapExpression, walkTree, type Binding, type PathStep } from './scope';
import { fileOf, requireSpecifier, type Target } from './symbols';
import { summarizeFunction } from './wrappers';
import { isLdConsumerComponent } from './ldConsumers';
import { isReactMemoHook } from './returnedClosures';
import { lazy } from '../util/lazy';
import { skipSpaceAndComments, standaloneWords } from './wordSearch';

const maxDepth = 40;
const assignmentOperators = lazy((): ReadonlySet<ts.SyntaxKind> => new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]));

function product(a: Analyzer, module: SdkModule, what: SdkProduct, at: ts.Node): SdkValue {
  if (what === 'client') return { kind: 'client', module };
  if (what === 'api') return { kind: 'api', module };
  return { kind: 'flags', module, camel: !a.camelCaseDisabled(fileOf(at)) };
}

function unwrapValue(raw: ts.Expression): ts.Expression {
  let current = unwrapExpression(raw);
  while (ts.isAwaitExpression(current)) current = unwrapExpression(current.expression);
  return current;
}

/** What an expression is in SDK terms: an SDK module, export, client, flags object, or a local function. */
export function classify(a: Analyzer, raw: ts.Expression, depth = 0): SdkValue | undefined {
  if (depth > maxDepth) return undefined;
  const expression = unwrapValue(raw);
  const memo = a.memo.values;
  let value: SdkValue | undefined;
  if (memo.has(expression)) value = memo.get(expression) ?? undefined;
  else {
    memo.set(expression, null); // cycle guard
    value = classifyUncached(a, expression, depth);
    memo.set(expression, value ?? null);
  }
  // Receivers of SDK-named calls get a second look through declared types (and the checker): even in
  // files FlagReach answers "no SDK value" for, as an imported interface carries none by its rules.
  return value ?? (isSdkMethodReceiver(a, raw) ? receiverThroughTypes(a, raw) : undefined);
}

function classifyUncached(a: Analyzer, expression: ts.Expression, depth: number): SdkValue | undefined {
  if (ts.isIdentifier(expression)) {
    const binding = lookupIdentifier(expression);
    if (!binding) return undefined;
    return classifyBinding(a, binding, expression, depth + 1);
  }
  if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) return { kind: 'function', fn: expression };
  if (expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(expression);
    return cls ? { kind: 'instance', cls } : undefined;
  }
  if (ts.isClassExpression(expression)) return { kind: 'class', cls: expression };
  if (ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) {
    const name = ts.isPropertyAccessExpression(expression) ? expression.name.text : ts.isStringLiteralLike(expression.argumentExpression) ? expression.argumentExpression.text : undefined;
    if (name === undefined) return undefined;
    if (expression.expression.kind === ts.SyntaxKind.ThisKeyword) return classifyThisMember(a, expression, name, depth + 1);
    return member(a, classify(a, expression.expression, depth + 1), name, expression, depth + 1);
  }
  if (ts.isCallExpression(expression)) return classifyCall(a, expression, depth + 1);
  if (ts.isNewExpression(expression)) {
    const callee = classify(a, expression.expression, depth + 1);
    if (callee?.kind === 'export') {
      const made = exportProduct(callee.module, callee.name);
      return made ? product(a, callee.module, made, expression) : undefined;
    }
    if (callee?.kind === 'class') return { kind: 'instance', cls: callee.cls };
    return undefined;
  }
  if (ts.isConditionalExpression(expression)) return classify(a, expression.whenTrue, depth + 1) ?? classify(a, expression.whenFalse, depth + 1);
  if (ts.isBinaryExpression(expression)) {
    const op = expression.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
      return classify(a, expression.right, depth + 1) ?? classify(a, expression.left, depth + 1);
    }
    if (op === ts.SyntaxKind.EqualsToken) return classify(a, expression.right, depth + 1);
  }
  return undefined;
}

function classifyCall(a: Analyzer, call: ts.CallExpression, depth: number): SdkValue | undefined {
  const specifier = requireSpecifier(call);
  if (specifier !== undefined) {
    const resolved = a.ws.resolve(fileOf(call), specifier);
    if (resolved?.kind === 'sdk') return { kind: 'module', module: resolved.module };
    if (resolved?.kind === 'file') return moduleValue(a, resolved.file, call, depth);
    return undefined;
  }
  const callee = unwrapValue(call.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const receiver = classify(a, callee.expression, depth + 1);
    const method = callee.name.text;
    if (receiver?.kind === 'instance') {
      const method = classMethod(receiver.cls, callee.name.text);
      return method ? summarizeFunction(a, method).returns : undefined;
    }
    if (receiver?.kind === 'api' || receiver?.kind === 'client') {
      const made = methodProduct(receiver.module, receiver.kind, method);
      if (!made) return undefined;
      // allFlags() keys are the real flag keys, never camelCased.
      return made === 'flags' ? { kind: 'flags', module: receiver.module, camel: false, allFlags: true } : product(a, receiver.module, made, call);
    }
  }
  // `useMemo(() => flags, [flags])`: the value its factory returns.
  if (call.arguments[0] && isReactMemoHook(callee, 'useMemo')) {
    const factory = classify(a, call.arguments[0], depth + 1);
    return factory?.kind === 'function' ? summarizeFunction(a, factory.fn).returns : undefined;
  }
  const value = classify(a, callee, depth + 1);
  if (!value) return undefined;
  if (value.kind === 'export') {
    const made = exportProduct(value.module, value.name);
    return made ? product(a, value.module, made, call) : undefined;
  }
  if (value.kind === 'function') return summarizeFunction(a, value.fn).returns;
  return undefined;
}

/** `value.name` */
export function member(a: Analyzer, value: SdkValue | undefined, name: string, at: ts.Node, depth: number): SdkValue | undefined {
  if (!value) return undefined;
  switch (value.kind) {
    case 'module':
      return exportIsApi(value.module, name) ? { kind: 'api', module: value.module } : { kind: 'export', module: value.module, name };
    case 'namespace': {
      const target = a.symbols.exportOf(value.file, name);
      return target ? classifyTarget(a, target, at, depth + 1) : undefined;
    }
    case 'instance': {
      const method = classMethod(value.cls, name);
      if (method) return { kind: 'function', fn: method };
      return classField(a, value.cls, name, depth + 1);
    }
    case 'props':
      if (name === 'flags') return { kind: 'flags', module: value.module, camel: !a.camelCaseDisabled(fileOf(at)) };
      if (name === 'ldClient') return { kind: 'client', module: value.module };
      return undefined;
    default:
      return undefined;
  }
}

/** A workspace module as a value: what `export =` / `module.exports =` assigned to it when that is an SDK value, else its namespace. */
function moduleValue(a: Analyzer, file: string, at: ts.Node, depth: number): SdkValue {
  const whole = a.symbols.wholeModule(file);
  return (whole && classifyTarget(a, whole, at, depth + 1)) ?? { kind: 'namespace', file };
}

export function classifyTarget(a: Analyzer, target: Target, at: ts.Node, depth: number): SdkValue | undefined {
  switch (target.kind) {
    case 'sdkModule':
      return { kind: 'module', module: target.module };
    case 'sdkExport':
      return exportIsApi(target.module, target.name) ? { kind: 'api', module: target.module } : { kind: 'export', module: target.module, name: target.name };
    case 'namespace':
      return moduleValue(a, target.file, at, depth);
    case 'expression':
      return classify(a, target.expression, depth + 1);
    case 'binding':
      return classifyBinding(a, target.binding, at, depth + 1);
  }
}

function applyPath(a: Analyzer, value: SdkValue | undefined, path: readonly PathStep[], at: ts.Node, depth: number): SdkValue | undefined {
  let current = value;
  for (const step of path) {
    if (!('property' in step)) return undefined;
    current = member(a, current, step.property, at, depth + 1);
  }
  return current;
}

export function classifyBinding(a: Analyzer, binding: Binding, at: ts.Node, depth: number): SdkValue | undefined {
  switch (binding.kind) {
    case 'import': {
      const target = a.symbols.binding(binding, 0);
      return target ? classifyTarget(a, target, at, depth + 1) : undefined;
    }
    case 'function':
      return { kind: 'function', fn: binding.node };
    case 'class':
      return { kind: 'class', cls: binding.node };
    case 'variable': {
      const decl = binding.decl;
      let value: SdkValue | undefined;
      if (decl.initializer) value = classify(a, decl.initializer, depth + 1);
      if (!value && binding.path.length === 0) {
        value = classifyTypeAnnotation(a, decl.type);
        // `let client; … client = init()`: only declarations without a real initializer are assigned later.
        if (!value && (!decl.initializer || isEmptyValue(decl.initializer))) value = classifyAssignments(a, binding.name, depth + 1);
      }
      return decl.initializer ? applyPath(a, value, binding.path, at, depth + 1) : value;
    }
    case 'parameter': {
      if (binding.path.length === 0) {
        const typed = classifyTypeAnnotation(a, binding.decl.type);
        if (typed) return typed;
      }
      if (binding.index === 0 && isLdConsumerComponent(a, binding.fn)) {
        const props = a.ldConsumerModule(binding.fn);
        return props ? applyPath(a, { kind: 'props', module: props }, binding.path, at, depth + 1) : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `client: LDClient` where `LDClient` is imported from an SDK. */
export function classifyTypeAnnotation(a: Analyzer, type: ts.TypeNode | undefined): SdkValue | undefined {
  if (type && (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type))) {
    for (const member of type.types) {
      const value = classifyTypeAnnotation(a, member);
      if (value) return value;
    }
    return undefined;
  }
  if (type && ts.isParenthesizedTypeNode(type)) return classifyTypeAnnotation(a, type.type);
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const typeName = type.typeName;
  let target: Target | undefined;
  if (ts.isIdentifier(typeName)) target = a.symbols.identifier(typeName);
  else if (ts.isIdentifier(typeName.left)) {
    // `LD.LDClient` through a namespace import of the SDK.
    const left = a.symbols.identifier(typeName.left);
    if (left?.kind === 'sdkModule') target = { kind: 'sdkExport', module: left.module, name: typeName.right.text };
  }
  if (target?.kind === 'sdkExport' && typeIsClient(target.module, target.name)) return { kind: 'client', module: target.module };
  // `constructor(private flags: FlagService)`: an instance of a workspace class.
  if (target?.kind === 'binding' && target.binding.kind === 'class') return { kind: 'instance', cls: target.binding.node };
  return undefined;
}

/**
 * `let client; … client = init(key)`: the first assignment that is an SDK value. Once per
 * declaration: every use of the name asks, and each answer walks the declaring scope (a test file's
 * module-level `let app;` used hundreds of times made this quadratic).
 */
function classifyAssignments(a: Analyzer, name: ts.Identifier, depth: number): SdkValue | undefined {
  const memo = a.memo.assignments;
  if (memo.has(name)) return memo.get(name) ?? undefined;
  memo.set(name, null); // cycle guard: `x = f(x)`
  const found = firstAssignedValue(a, name, depth);
  memo.set(name, found ?? null);
  return found;
}

/**
 * Whether the text of `scope` holds `name =`, `name ??=` or `name ||=` (comments and line breaks
 * between allowed): without one the walk below finds nothing. A `\u` escape could spell the name
 * another way: then the walk decides.
 */
function mayAssign(scope: ts.Node, name: string): boolean {
  const text = scope.getSourceFile().text;
  const escape = text.indexOf('\\u', scope.pos);
  if (escape >= 0 && escape < scope.end) return true;
  for (const at of standaloneWords(text, name, scope.pos, scope.end)) {
    const i = skipSpaceAndComments(text, at + name.length, scope.end);
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c === 61 /* = */ && next !== 61 && next !== 62 /* > */) return true;
    if ((c === 63 /* ? */ && next === 63) || (c === 124 /* | */ && next === 124)) {
      if (text.charCodeAt(i + 2) === 61) return true;
    }
  }
  return false;
}

function firstAssignedValue(a: Analyzer, name: ts.Identifier, depth: number): SdkValue | undefined {
  const scope = name.parent?.parent?.parent?.parent ?? name.getSourceFile();
  if (!mayAssign(scope, name.text)) return undefined;
  let found: SdkValue | undefined;
  walkTree(scope, (node) => {
    if (ts.isBinaryExpression(node) && assignmentOperators().has(node.operatorToken.kind) && ts.isIdentifier(node.left) && node.left.text === name.text) {
      const binding = lookupIdentifier(node.left);
      if (binding && binding.kind === 'variable' && binding.name === name) found = classify(a, node.right, depth + 1);
    }
    return found ? 'stop' : undefined;
  });
  return found;
}

/** A method (or arrow-function field) of a class, by name. */
export function classMethod(cls: ts.ClassLikeDeclaration, name: string): ts.SignatureDeclaration | undefined {
  for (const m of cls.members) {
    if (propertyNameText(m.name) !== name) continue;
    if (ts.isMethodDeclaration(m) && m.body) return m;
    if (ts.isPropertyDeclaration(m) && m.initializer) {
      const init = unwrapExpression(m.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
    }
  }
  return undefined;
}

function isEmptyValue(expression: ts.Expression): boolean {
  const inner = unwrapExpression(expression);
  return inner.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(inner) && inner.text === 'undefined');
}

/** `this.name = value` assignments anywhere in a class, collected once per class. */
function thisAssignments(a: Analyzer, cls: ts.ClassLikeDeclaration): Map<string, ts.Expression[]> {
  let found = a.memo.thisAssignments.get(cls);
  if (found) return found;
  const map = new Map<string, ts.Expression[]>();
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      assignmentOperators().has(node.operatorToken.kind) &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.expression.kind === ts.SyntaxKind.ThisKeyword
    ) {
      const list = map.get(node.left.name.text);
      if (list) list.push(node.right);
      else map.set(node.left.name.text, [node.right]);
    }
  };
  for (const m of cls.members) walkTree(m, visit);
  found = map;
  a.memo.thisAssignments.set(cls, found);
  return found;
}

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
  }
  return undefined;
}

/** `this.client`: a class field's initializer, type, or assignments in the class body. */
function classifyThisMember(a: Analyzer, access: ts.Expression, name: string, depth: number): SdkValue | undefined {
  const cls = enclosingClass(access);
  if (!cls) return undefined;
  if (name === 'props' && isLdConsumerComponent(a, cls)) {
    const module = a.ldConsumerModule(cls);
    return module ? { kind: 'props', module } : undefined;
  }
  const method = classMethod(cls, name);
  if (method) return { kind: 'function', fn: method };
  return classField(a, cls, name, depth);
}

/** A class field's SDK value: its initializer, its type, a getter's return, a constructor parameter property, or assignments. */
function classField(a: Analyzer, cls: ts.ClassLikeDeclaration, name: string, depth: number): SdkValue | undefined {
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && propertyNameText(m.name) === name) {
      const value = (m.initializer && classify(a, m.initializer, depth + 1)) || classifyTypeAnnotation(a, m.type);
      if (value) return value;
    }
    // `get sdk() { return this.client; }`: reading the property runs the getter.
    if (ts.isGetAccessorDeclaration(m) && m.body && propertyNameText(m.name) === name) {
      const value = summarizeFunction(a, m).returns ?? classifyTypeAnnotation(a, m.type);
      if (value) return value;
    }
    if (ts.isConstructorDeclaration(m)) {
      for (const p of m.parameters) {
        if (ts.isIdentifier(p.name) && p.name.text === name && ts.getModifiers(p)?.length) {
          const value = classifyTypeAnnotation(a, p.type);
          if (value) return value;
        }
      }
    }
  }
  for (const expression of thisAssignments(a, cls).get(name) ?? []) {
    const value = classify(a, expression, depth + 1);
    if (value) return value;
  }
  return undefined;
}
