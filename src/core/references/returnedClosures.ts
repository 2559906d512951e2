import { ts } from '../util/typescript';
import type { Analyzer } from './analyzer';
import { lookupIdentifier, propertyNameText, unwrapExpression, walkTree } from './scope';
import { classify } from './sdkValues';
import { fileOf } from './symbols';

/** A hook returning a memoized closure is two or three steps deep; a longer chain is not a closure anyone calls. */
const maxHops = 8;

/** `useCallback(…)` / `React.useCallback(…)` (same for useMemo): React's memo hooks hand back what they are given. */
export function isReactMemoHook(callee: ts.Expression, name: 'useCallback' | 'useMemo'): boolean {
  const inner = unwrapExpression(callee);
  if (ts.isIdentifier(inner)) return inner.text === name;
  return ts.isPropertyAccessExpression(inner) && inner.name.text === name && ts.isIdentifier(inner.expression) && inner.expression.text === 'React';
}

/** Per function, for its syntax tree's life: wrapper summaries, closures and factories all ask. */
const returnedMemo = new WeakMap<ts.SignatureDeclaration, readonly ts.Expression[]>();

/** What a function returns: its expression body, or each `return x` outside nested functions, in source order. */
export function returnedExpressions(fn: ts.SignatureDeclaration): readonly ts.Expression[] {
  let out = returnedMemo.get(fn);
  if (out) return out;
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) out = [];
  else if (!ts.isBlock(body)) out = [body];
  else {
    const found: ts.Expression[] = [];
    walkTree(body, (node) => {
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return 'skipChildren';
      if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
      return undefined;
    });
    out = found;
  }
  returnedMemo.set(fn, out);
  return out;
}

/**
 * The function an expression evaluates to when it is written right here, in a form the SDK value
 * classification does not follow: `useCallback(fn, deps)`, `useMemo(() => fn, deps)`, or a local
 * name bound to either. Arrows and function expressions are included so callers can use one answer.
 */
export function closureOf(expression: ts.Expression, hops = 0): ts.SignatureDeclaration | undefined {
  if (hops > maxHops) return undefined;
  const inner = unwrapExpression(expression);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return inner;
  if (ts.isCallExpression(inner)) {
    const first = inner.arguments[0];
    if (!first) return undefined;
    if (isReactMemoHook(inner.expression, 'useCallback')) return closureOf(first, hops + 1);
    if (isReactMemoHook(inner.expression, 'useMemo')) {
      const factory = closureOf(first, hops + 1);
      if (!factory) return undefined;
      for (const returned of returnedExpressions(factory)) {
        const found = closureOf(returned, hops + 1);
        if (found) return found;
      }
    }
    return undefined;
  }
  if (ts.isIdentifier(inner)) {
    const binding = lookupIdentifier(inner);
    if (binding?.kind === 'function') return binding.node;
    // Only an unreassigned local: `let check = …; check = other` could be anything by the time it is returned.
    if (binding?.kind === 'variable' && binding.isConst && binding.path.length === 0 && binding.decl.initializer) return closureOf(binding.decl.initializer, hops + 1);
  }
  return undefined;
}

/** Object literals an expression is: `{ isOn }`, `useMemo(() => ({ isOn }), deps)`, or a const bound to one. */
function objectLiterals(expression: ts.Expression, hops: number): ts.ObjectLiteralExpression[] {
  if (hops > maxHops) return [];
  const inner = unwrapExpression(expression);
  if (ts.isObjectLiteralExpression(inner)) return [inner];
  if (ts.isCallExpression(inner) && inner.arguments[0] && isReactMemoHook(inner.expression, 'useMemo')) {
    const factory = closureOf(inner.arguments[0], hops + 1);
    return factory ? returnedExpressions(factory).flatMap((e) => objectLiterals(e, hops + 1)) : [];
  }
  if (ts.isIdentifier(inner)) {
    const binding = lookupIdentifier(inner);
    if (binding?.kind === 'variable' && binding.isConst && binding.path.length === 0 && binding.decl.initializer) return objectLiterals(binding.decl.initializer, hops + 1);
  }
  return [];
}

/** A workspace function an expression names or is, for an object member written `{ isOn }` or `{ isOn: check }`. */
function functionValue(a: Analyzer, expression: ts.Expression): ts.SignatureDeclaration | undefined {
  const closure = closureOf(expression);
  if (closure) return closure;
  const value = classify(a, expression);
  return value?.kind === 'function' ? value.fn : undefined;
}

function propertyFunction(a: Analyzer, object: ts.ObjectLiteralExpression, name: string): ts.SignatureDeclaration | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === name) return functionValue(a, property.initializer);
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return functionValue(a, property.name);
    if (ts.isMethodDeclaration(property) && propertyNameText(property.name) === name) return property;
  }
  return undefined;
}

/** The member `name` of what a call to a workspace function returns, when that is an object literal. */
function returnedMember(a: Analyzer, call: ts.Expression, name: string): ts.SignatureDeclaration | undefined {
  let inner = unwrapExpression(call);
  while (ts.isAwaitExpression(inner)) inner = unwrapExpression(inner.expression);
  if (!ts.isCallExpression(inner)) return undefined;
  const callee = classify(a, inner.expression);
  if (callee?.kind !== 'function') return undefined;
  for (const returned of returnedExpressions(callee.fn)) {
    for (const object of objectLiterals(returned, 0)) {
      const found = propertyFunction(a, object, name);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The closure a callee names when a hook or factory returned it inside an object:
 * `const { isOn } = useFlagTools(); isOn(k)`, `const tools = useFlagTools(); tools.isOn(k)` and
 * `useFlagTools().isOn(k)`; or when it is a member of an object literal bound to a constant, here or
 * imported: `featureService.isOn(k)`. The SDK value classification has no value for an object literal, so
 * these members are looked up here, only for callees it could not place.
 */
export function memberClosure(a: Analyzer, callee: ts.Expression): ts.SignatureDeclaration | undefined {
  const inner = unwrapExpression(callee);
  if (ts.isIdentifier(inner)) {
    const binding = lookupIdentifier(inner);
    if (binding?.kind !== 'variable' || !binding.decl.initializer || binding.path.length !== 1) return undefined;
    const step = binding.path[0]!;
    return 'property' in step ? returnedMember(a, binding.decl.initializer, step.property) : undefined;
  }
  if (!ts.isPropertyAccessExpression(inner)) return undefined;
  const object = unwrapExpression(inner.expression);
  if (ts.isCallExpression(object) || ts.isAwaitExpression(object)) return returnedMember(a, object, inner.name.text);
  if (!ts.isIdentifier(object)) return undefined;
  // The object may be imported: `export const featureService = { isOn: (flag) => … }` in a module of
  // its own. That module is parsed only when its text names the member: `featureSchema.validate()`
  // would otherwise parse every schema and helper module a file calls into.
  const local = lookupIdentifier(object);
  if (local?.kind === 'import') {
    const resolved = a.ws.resolve(fileOf(local.decl), local.specifier);
    if (resolved?.kind !== 'file') return undefined;
    // Through a barrel (`export { featureService } from './featureService'`), the module that declares it.
    const declaring = a.declaringFiles(resolved.file, local.importName);
    a.ws.touch([resolved.file, ...declaring]);
    if (!declaring.some((file) => a.ws.mayExport(file, inner.name.text) && a.mayDeclareFlagValues(file))) return undefined;
  }
  const target = a.symbols.identifier(object);
  const binding = target?.kind === 'binding' ? target.binding : undefined;
  // `export default { isOn(flag) { … } }` imported by default: the object is the export's expression.
  const value = target?.kind === 'expression' ? target.expression : binding?.kind === 'variable' && binding.isConst && binding.path.length === 0 ? binding.decl.initializer : undefined;
  if (!value) return undefined;
  // `const featureService = { isOn(flag) { … } }`: a member of an object literal written out.
  for (const literal of objectLiterals(value, 0)) {
    const found = propertyFunction(a, literal, inner.name.text);
    if (found) return found;
  }
  return target?.kind === 'expression' ? undefined : returnedMember(a, value, inner.name.text);
}

/** The functions among the members of the object literals an expression is (`{ isOn: (k) => … }`, a constant bound to one). */
export function objectMemberFunctions(a: Analyzer, expression: ts.Expression): ts.SignatureDeclaration[] {
  const out: ts.SignatureDeclaration[] = [];
  for (const object of objectLiterals(expression, 0)) {
    for (const property of object.properties) {
      const name = propertyNameText(property.name);
      const member = name === undefined ? undefined : propertyFunction(a, object, name);
      if (member) out.push(member);
    }
  }
  return out;
}

/**
 * The functions among the members of object literals a function returns (`return { isOn: (k) => … }`):
 * a hook returning one that is a wrapper carries flags, so files importing the hook are read.
 */
export function returnedMemberFunctions(a: Analyzer, fn: ts.SignatureDeclaration): ts.SignatureDeclaration[] {
  return returnedExpressions(fn).flatMap((returned) => objectMemberFunctions(a, returned));
}
