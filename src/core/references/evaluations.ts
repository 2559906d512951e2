import { ts } from '../util/typescript';
import type { Analyzer } from './analyzer';
import type { Evaluation, SdkValue, WrapperParam } from './analysisTypes';
import { customAccessEvaluation, customCallEvaluations, customDestructuringEvaluations, destructuredKeys } from './customPatterns';
import { keyPropertyExpression } from './keyProperty';
import { ldConsumerModuleOf } from './ldConsumers';
import { clientMethodShape, exportCallShape, jsxShape, type CallShape, type SdkModule } from './sdkPatterns';
import { handedFlags } from './propsFlow';
import { memberClosure } from './returnedClosures';
import { propertyNameText, unwrapExpression } from './scope';
import { classify, classifyTarget, classifyTypeAnnotation, member } from './sdkValues';
import { summarizeFunction } from './wrappers';

function fromShape(module: SdkModule, shape: CallShape, call: ts.CallExpression): Evaluation {
  const keyExpression = call.arguments[shape.keyArg];
  const defaultNode = shape.defaultArg !== undefined ? call.arguments[shape.defaultArg] : undefined;
  return {
    sdk: module.sdk,
    pattern: shape.pattern,
    kind: shape.kind,
    keyNode: keyExpression ?? call,
    ...(keyExpression ? { keyExpression } : { missing: 'called without a key argument' }),
    callNode: call,
    ...(defaultNode ? { defaultNode } : {}),
    ...(shape.negate ? { negate: true } : {}),
    prefix: '',
    suffix: '',
  };
}

function flagsMapper(a: Analyzer, value: Extract<SdkValue, { kind: 'flags' }>): ((key: string) => string) | undefined {
  return value.camel ? (key) => a.ldKeyFromCamel(key) : undefined;
}

function flagsEvaluation(a: Analyzer, value: Extract<SdkValue, { kind: 'flags' }>, fields: Pick<Evaluation, 'keyNode' | 'callNode'> & Partial<Evaluation>): Evaluation {
  const mapKey = flagsMapper(a, value);
  const pattern = value.allFlags ? 'launchdarkly.allFlags' : 'launchdarkly.react.useFlags';
  return { sdk: 'launchdarkly', pattern, kind: 'unknown', prefix: '', suffix: '', property: true, ...(mapKey ? { mapKey } : {}), ...fields };
}

/**
 * No person writes a wrapper of a wrapper 64 levels deep; each level copies the chain into its
 * evaluations, so a generated (or hostile) file of thousands of nested wrappers would cost
 * quadratic time (16,000 levels: half a minute) without a bound.
 */
const maxWrapperDepth = 64;

function callEvaluations(a: Analyzer, call: ts.CallExpression): Evaluation[] {
  // A provable SDK call wins over a custom pattern of the same name: it knows kind and default.
  const callee = unwrapExpression(call.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const receiver = classify(a, callee.expression);
    if (receiver?.kind === 'client') {
      const shape = clientMethodShape(receiver.module, callee.name.text);
      if (shape) return [fromShape(receiver.module, shape, call)];
    }
  }
  const value = classify(a, callee);
  if (value?.kind === 'export') {
    const shape = exportCallShape(value.module, value.name);
    if (shape) return [fromShape(value.module, shape, call)];
  }
  const custom = customCallEvaluations(a, call);
  if (custom.length > 0) return custom;
  // `require('./m')(k)`: a module of named helpers whose whole value is also a function (`module.exports = isOn`).
  const called = value?.kind === 'namespace' ? defaultExportValue(a, value.file, call) : value;
  // `const { isOn } = useFlagTools(); isOn(k)`: a closure the hook returned inside an object.
  const fn = called?.kind === 'function' ? called.fn : value === undefined ? memberClosure(a, callee) : undefined;
  if (!fn) return [];
  const summary = summarizeFunction(a, fn);
  return summary.wrappers.map((wrapper) => {
    const inner = wrapper.inner;
    if ((inner.wrappers?.length ?? 0) >= maxWrapperDepth) {
      // The site is reported (as dynamic) instead of dropped, and the chain stops here.
      const missing = `wrapper chain deeper than ${maxWrapperDepth} levels`;
      return { sdk: inner.sdk, pattern: inner.pattern, kind: inner.kind, keyNode: call.arguments[wrapper.index] ?? call, missing, callNode: call, prefix: '', suffix: '' };
    }
    const { keyExpression, keyNode, missing } = wrapperKey(a, call, wrapper, summary.name);
    const defaultNode = wrapper.defaultParamIndex !== undefined ? (call.arguments[wrapper.defaultParamIndex] ?? wrapper.defaultValueFallback) : inner.defaultNode;
    const evaluation: Evaluation = {
      sdk: inner.sdk,
      pattern: inner.pattern,
      kind: inner.kind,
      keyNode,
      ...(keyExpression ? { keyExpression } : { missing }),
      callNode: call,
      ...(defaultNode ? { defaultNode } : {}),
      ...(inner.mapKey ? { mapKey: inner.mapKey } : {}),
      ...(inner.negate ? { negate: true } : {}),
      ...(inner.valuePath ? { valuePath: inner.valuePath } : {}),
      wrappers: [summary.id, ...(inner.wrappers ?? [])],
      prefix: wrapper.prefix,
      suffix: wrapper.suffix,
    };
    return evaluation;
  });
}

/**
 * Where a wrapper call holds its key: the argument at the wrapper's key position, or (`function
 * isOnFor({ flag })`) that property of the object written there. A key from a default value
 * (`key = 'x'`, `{ flag = 'x' }`) is reported at the call: that is where it applies.
 */
function wrapperKey(a: Analyzer, call: ts.CallExpression, wrapper: WrapperParam, name: string): { keyExpression?: ts.Expression; keyNode: ts.Node; missing: string } {
  const argument = call.arguments[wrapper.index];
  const absent = `wrapper '${name}' called without its '${wrapper.paramName}' argument`;
  if (wrapper.property === undefined || !argument) {
    const keyExpression = argument ?? wrapper.defaultKey;
    return { ...(keyExpression ? { keyExpression } : {}), keyNode: argument ?? call, missing: absent };
  }
  const found = keyPropertyExpression(a, argument, wrapper.property);
  if ('keyExpression' in found) return { keyExpression: found.keyExpression, keyNode: found.keyExpression, missing: absent };
  const object = unwrapExpression(argument);
  const leftOut = ts.isObjectLiteralExpression(object) && !object.properties.some((p) => ts.isSpreadAssignment(p) || propertyNameText(p.name) === wrapper.property!.split('.')[0]);
  if (leftOut && wrapper.defaultKey) return { keyExpression: wrapper.defaultKey, keyNode: call, missing: absent };
  return { keyNode: found.node, missing: found.missing };
}

/** The flags object is a plain object: `constructor`, `toString`, `__proto__` are its prototype's, never flags. */
function isPrototypeName(name: string): boolean {
  return Object.hasOwn(Object.prototype, name);
}

function defaultExportValue(a: Analyzer, file: string, at: ts.Node): SdkValue | undefined {
  const target = a.symbols.exportOf(file, 'default');
  return target ? classifyTarget(a, target, at, 0) : undefined;
}

function accessEvaluations(a: Analyzer, access: ts.PropertyAccessExpression | ts.ElementAccessExpression): Evaluation[] {
  // `flags.x = …` writes, it does not evaluate.
  const parent = access.parent;
  if (parent && ts.isBinaryExpression(parent) && parent.left === access && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return [];
  // `flags.x(…)`: a method of the object, not a flag.
  if (parent && ts.isCallExpression(parent) && parent.expression === access) return [];
  const custom = customAccessEvaluation(a, access);
  if (custom) return [custom];
  const object = classify(a, access.expression) ?? handedFlags(a, access.expression);
  if (object?.kind !== 'flags') return [];
  if (ts.isPropertyAccessExpression(access)) {
    if (isPrototypeName(access.name.text)) return [];
    return [flagsEvaluation(a, object, { keyNode: access.name, keyName: access.name.text, callNode: access })];
  }
  const index = unwrapExpression(access.argumentExpression);
  if (ts.isStringLiteralLike(index) && isPrototypeName(index.text)) return [];
  return [flagsEvaluation(a, object, { keyNode: access.argumentExpression, keyExpression: access.argumentExpression, callNode: access })];
}

/** The SDK value a destructuring pattern unpacks. */
function patternSource(a: Analyzer, pattern: ts.ObjectBindingPattern): { value: SdkValue | undefined; expression?: ts.Expression } {
  const parent = pattern.parent;
  if (ts.isVariableDeclaration(parent)) return parent.initializer ? { value: classify(a, parent.initializer), expression: parent.initializer } : { value: undefined };
  if (ts.isParameter(parent)) {
    const fn = parent.parent;
    if (ts.isFunctionLike(fn) && fn.parameters[0] === parent) {
      const module = ldConsumerModuleOf(a, fn);
      if (module) return { value: { kind: 'props', module } };
    }
    return { value: classifyTypeAnnotation(a, parent.type) };
  }
  if (ts.isBindingElement(parent) && ts.isObjectBindingPattern(parent.parent)) {
    const outer = patternSource(a, parent.parent);
    const name = propertyNameText((parent.propertyName ?? parent.name) as ts.PropertyName);
    return { value: name === undefined ? undefined : member(a, outer.value, name, parent, 0) };
  }
  return { value: undefined };
}

function destructuringEvaluations(a: Analyzer, pattern: ts.ObjectBindingPattern): Evaluation[] {
  const source = patternSource(a, pattern);
  const custom = customDestructuringEvaluations(a, pattern, source.expression);
  if (custom.length > 0) return custom;
  const value = source.value ?? (source.expression ? handedFlags(a, source.expression) : undefined);
  if (value?.kind !== 'flags') return [];
  return destructuredKeys(pattern)
    .filter(({ keyName }) => keyName === undefined || !isPrototypeName(keyName))
    .map(({ element, keyNode, keyName, keyExpression }) =>
    flagsEvaluation(a, value, { keyNode, callNode: element, ...(keyName !== undefined ? { keyName } : {}), ...(keyExpression ? { keyExpression } : {}) }),
  );
}

function jsxEvaluations(a: Analyzer, element: ts.JsxOpeningElement | ts.JsxSelfClosingElement): Evaluation[] {
  if (!ts.isIdentifier(element.tagName) && !ts.isPropertyAccessExpression(element.tagName)) return [];
  const value = classify(a, element.tagName as ts.Expression);
  if (value?.kind !== 'export') return [];
  const shape = jsxShape(value.module, value.name);
  if (!shape) return [];
  const attribute = (name: string) =>
    element.attributes.properties.find((p): p is ts.JsxAttribute => ts.isJsxAttribute(p) && ts.isIdentifier(p.name) && p.name.text === name);
  const feature = attribute('feature');
  const callNode = ts.isJsxOpeningElement(element) ? element.parent : element;
  const base = { sdk: value.module.sdk, pattern: shape.pattern, kind: shape.kind, callNode, prefix: '', suffix: '' } as const;
  const defaultAttribute = shape.defaultAttribute ? attribute(shape.defaultAttribute) : undefined;
  const defaultNode = defaultAttribute?.initializer && ts.isJsxExpression(defaultAttribute.initializer) ? defaultAttribute.initializer.expression : defaultAttribute?.initializer;
  const withDefault = defaultNode ? { defaultNode } : {};
  const init = feature?.initializer;
  if (!feature || !init) return [{ ...base, ...withDefault, keyNode: element, missing: 'no feature attribute' }];
  if (ts.isStringLiteral(init)) return [{ ...base, ...withDefault, keyNode: init, keyExpression: init }];
  if (ts.isJsxExpression(init) && init.expression) return [{ ...base, ...withDefault, keyNode: init.expression, keyExpression: init.expression }];
  return [{ ...base, ...withDefault, keyNode: init, missing: 'feature attribute has no value' }];
}

const noEvaluations: readonly Evaluation[] = [];

/** Every flag evaluation rooted at this node (usually zero or one; destructuring yields one per property). */
export function evaluationsAt(a: Analyzer, node: ts.Node): readonly Evaluation[] {
  // Wrapper summaries ask about every node of a body: most kinds root no evaluation, and need no memo entry.
  switch (node.kind) {
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.PropertyAccessExpression:
    case ts.SyntaxKind.ElementAccessExpression:
    case ts.SyntaxKind.ObjectBindingPattern:
    case ts.SyntaxKind.JsxOpeningElement:
    case ts.SyntaxKind.JsxSelfClosingElement:
      break;
    default:
      return noEvaluations;
  }
  const cached = a.memo.evaluations.get(node);
  if (cached) return cached;
  let result: Evaluation[] = [];
  switch (node.kind) {
    case ts.SyntaxKind.CallExpression:
      result = callEvaluations(a, node as ts.CallExpression);
      break;
    case ts.SyntaxKind.PropertyAccessExpression:
    case ts.SyntaxKind.ElementAccessExpression:
      result = accessEvaluations(a, node as ts.PropertyAccessExpression);
      break;
    case ts.SyntaxKind.ObjectBindingPattern:
      result = destructuringEvaluations(a, node as ts.ObjectBindingPattern);
      break;
    case ts.SyntaxKind.JsxOpeningElement:
    case ts.SyntaxKind.JsxSelfClosingElement:
      result = jsxEvaluations(a, node as ts.JsxOpeningElement);
      break;
  }
  a.memo.evaluations.set(node, result);
  return result;
}
