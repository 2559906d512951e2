import { ts } from '../util/typescript';
import type { Analyzer } from './analyzer';
import type { FunctionSummary, SdkValue, WrapperParam } from './analysisTypes';
import { evaluationsAt } from './evaluations';
import { resolveKey } from './resolveKey';
import { closureOf, returnedExpressions } from './returnedClosures';

export { returnedMemberFunctions } from './returnedClosures';
import { lookupIdentifier, propertyNameText, unwrapExpression, walkTree } from './scope';
import { classify } from './sdkValues';
import { positionInFile } from './spans';
import { fileOf } from './symbols';

/** A readable name for a function: its declaration name, the variable or property it is assigned to, or Class.method. */
export function functionName(fn: ts.SignatureDeclaration): string {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if (ts.isMethodDeclaration(fn) || ts.isGetAccessor(fn)) {
    const owner = ts.isClassLike(fn.parent) && fn.parent.name ? `${fn.parent.name.text}.` : '';
    return owner + (propertyNameText(fn.name) ?? 'method');
  }
  let parent = fn.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent))) parent = parent.parent;
  // `const useX = memo((k) => ...)`, `export const check = (k) => ...`
  if (parent && ts.isCallExpression(parent) && parent.parent && ts.isVariableDeclaration(parent.parent)) parent = parent.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) return propertyNameText(parent.name) ?? 'property';
  if (parent && ts.isExportAssignment(parent)) return 'default';
  // A closure a hook or factory returns is known by the call that makes it: `useGetFlag()`.
  const maker = closureMaker(fn);
  if (maker) return `${functionName(maker)}()`;
  const { line } = positionInFile(fn.getSourceFile(), fn.getStart());
  return `<anonymous@${line + 1}>`;
}

/** The function that returns this closure: as its expression body, a `return`, or through useCallback/useMemo. */
function closureMaker(fn: ts.SignatureDeclaration): ts.SignatureDeclaration | undefined {
  let node: ts.Node = fn;
  for (let hops = 0; hops < 8 && node.parent; hops++) {
    const parent: ts.Node = node.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent)) node = parent;
    else if (ts.isCallExpression(parent) && parent.arguments[0] === node && isMemoHookCall(parent)) node = parent;
    else if (ts.isArrowFunction(parent) && parent.body === node) {
      // `useMemo(() => (k) => …)`: the factory is not the maker, the hook around it is.
      if (parent.parent && ts.isCallExpression(parent.parent) && isMemoHookCall(parent.parent)) node = parent.parent;
      else return parent;
    } else if (ts.isReturnStatement(parent)) {
      let enclosing: ts.Node | undefined = parent.parent;
      while (enclosing && !ts.isFunctionLike(enclosing)) enclosing = enclosing.parent;
      if (!enclosing) return undefined;
      const around = enclosing.parent;
      if (around && ts.isCallExpression(around) && around.arguments[0] === enclosing && isMemoHookCall(around)) node = around;
      else return enclosing as ts.SignatureDeclaration;
    } else return undefined;
  }
  return undefined;
}

function isMemoHookCall(call: ts.CallExpression): boolean {
  const callee = unwrapExpression(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name === 'useCallback' || name === 'useMemo';
}

export function functionId(fn: ts.SignatureDeclaration): string {
  return `${fileOf(fn)}#${functionName(fn)}`;
}

/**
 * An SDK value, or a closure the classification does not follow (`useCallback(fn)`, `useMemo(() => fn)`,
 * a local name bound to one): `const isOn = useFlagCallback(); isOn(k)` calls it as a wrapper.
 */
function returnedExpressionValue(a: Analyzer, expression: ts.Expression): SdkValue | undefined {
  const value = classify(a, expression);
  if (value) return value;
  const closure = closureOf(expression);
  return closure ? { kind: 'function', fn: closure } : undefined;
}

/** The first SDK value (or closure) among what the function returns, in source order. */
export function returnedValue(a: Analyzer, fn: ts.SignatureDeclaration): SdkValue | undefined {
  for (const returned of returnedExpressions(fn)) {
    const found = returnedExpressionValue(a, returned);
    if (found) return found;
  }
  return undefined;
}

/**
 * What a function does with flags: the SDK client or flags object it returns (hooks, factories),
 * and which parameters flow into a key position (wrappers), through any number of wrapper levels.
 */
export function summarizeFunction(a: Analyzer, fn: ts.SignatureDeclaration): FunctionSummary {
  const cached = a.memo.summaries.get(fn);
  if (cached) return cached;
  const summary: FunctionSummary = { id: functionId(fn), name: functionName(fn), wrappers: [] };
  a.memo.summaries.set(fn, summary); // recursion guard: a function calling itself is not a wrapper of itself
  const returns = returnedValue(a, fn);
  if (returns) summary.returns = returns;
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return summary;
  const wrappers: WrapperParam[] = [];
  walkTree(body, (node) => {
    for (const evaluation of evaluationsAt(a, node)) {
      if (!evaluation.keyExpression) continue;
      const key = resolveKey(a, evaluation.keyExpression);
      if (key.kind !== 'param' || key.fn !== fn) continue;
      const wrapper: WrapperParam = {
        index: key.index,
        ...(key.property !== undefined ? { property: key.property } : {}),
        paramName: key.name,
        prefix: evaluation.prefix + key.prefix,
        suffix: key.suffix + evaluation.suffix,
        inner: evaluation,
      };
      const parameter = fn.parameters[key.index];
      if (key.property !== undefined) {
        if (key.propertyDefault) wrapper.defaultKey = key.propertyDefault;
      } else if (parameter?.initializer) wrapper.defaultKey = parameter.initializer;
      const defaultNode = evaluation.defaultNode && ts.isExpression(evaluation.defaultNode as ts.Expression) ? unwrapExpression(evaluation.defaultNode as ts.Expression) : undefined;
      if (defaultNode && ts.isIdentifier(defaultNode)) {
        const binding = lookupIdentifier(defaultNode);
        if (binding?.kind === 'parameter' && binding.fn === fn && binding.path.length === 0) {
          wrapper.defaultParamIndex = binding.index;
          const fallback = fn.parameters[binding.index]?.initializer;
          if (fallback) wrapper.defaultValueFallback = fallback;
        }
      }
      wrappers.push(wrapper);
    }
  });
  summary.wrappers = wrappers;
  return summary;
}
