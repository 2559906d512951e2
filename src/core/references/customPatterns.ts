import { ts } from '../util/typescript';
import type { CustomPattern, KeyTransform } from '../config/model';
import type { Analyzer } from './analyzer';
import type { Evaluation } from './analysisTypes';
import { keyPropertyExpression } from './keyProperty';
import { lookupIdentifier, propertyNameText, unwrapExpression } from './scope';
import { classify } from './sdkValues';
import { summarizeFunction } from './wrappers';

export function camelToKebab(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

export function camelToSnake(text: string): string {
  return camelToKebab(text).replace(/-/g, '_');
}

export function transformKey(key: string, transform: KeyTransform, stripPrefix?: string): string {
  const stripped = stripPrefix && key.startsWith(stripPrefix) ? key.slice(stripPrefix.length) : key;
  if (transform === 'camelToKebab') return camelToKebab(stripped);
  if (transform === 'camelToSnake') return camelToSnake(stripped);
  return stripped;
}

/** Expression text with optional chaining, `!` and a leading `this.` removed: how patterns name receivers. */
export function normalizedPath(node: ts.Expression): string {
  return node
    .getText()
    .replace(/\s+/g, '')
    .replace(/\?\./g, '.')
    .replace(/!/g, '')
    .replace(/^this\./, '');
}

function pathMatches(actual: string, wanted: string): boolean {
  return actual === wanted || actual.endsWith(`.${wanted}`);
}

/** Whether a method pattern's receiver names this receiver path (as `normalizedPath` writes it). */
export function receiverMatches(pattern: CustomPattern, receiver: string): boolean {
  return pattern.receiver === undefined || pathMatches(receiver, pattern.receiver) || receiver.split('.').pop() === pattern.receiver;
}

export function patternId(pattern: CustomPattern): string {
  return `custom.${pattern.function ?? (pattern.receiver ? `${pattern.receiver}.${pattern.method}` : pattern.method) ?? pattern.property}`;
}

function customEvaluation(pattern: CustomPattern, fields: Partial<Evaluation> & Pick<Evaluation, 'keyNode' | 'callNode'>): Evaluation {
  return {
    sdk: 'custom',
    pattern: patternId(pattern),
    kind: 'unknown',
    prefix: '',
    suffix: '',
    mapKey: (key) => transformKey(key, pattern.transform, pattern.stripPrefix),
    ...(pattern.valuePath ? { valuePath: pattern.valuePath } : {}),
    ...(pattern.negate ? { negate: true } : {}),
    ...fields,
  };
}

/** `useUiFlag(k)` / `flagResolver.isEnabled(k)` per the config's function and method patterns. */
export function customCallEvaluations(a: Analyzer, call: ts.CallExpression): Evaluation[] {
  if (a.patterns.length === 0) return [];
  const callee = call.expression;
  const out: Evaluation[] = [];
  for (const pattern of a.patterns) {
    if (pattern.function !== undefined) {
      if (ts.isIdentifier(callee)) {
        if (callee.text !== pattern.function) continue;
        // A parameter or local variable of the same name is something else.
        const binding = lookupIdentifier(callee);
        if (binding && (binding.kind === 'parameter' || (binding.kind === 'variable' && !binding.decl.initializer))) continue;
      } else if (ts.isPropertyAccessExpression(callee)) {
        if (!pattern.function.includes('.') ? callee.name.text !== pattern.function : !pathMatches(normalizedPath(callee), pattern.function)) continue;
        if (!pattern.function.includes('.') && !ts.isIdentifier(callee.expression)) continue;
      } else continue;
    } else if (pattern.method !== undefined) {
      if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== pattern.method) continue;
      if (pattern.receiver !== undefined && !receiverMatches(pattern, normalizedPath(unwrapExpression(callee.expression)))) continue;
    } else continue;
    const argument = call.arguments[pattern.keyArg];
    if (pattern.keyProperty !== undefined) {
      // The key is one property of an options object, never a whole parameter of the callee: no wrapper
      // chain of the callee applies. A function passing its own parameter there is a wrapper all the same.
      const found = argument ? keyPropertyExpression(a, argument, pattern.keyProperty) : undefined;
      const fields = !found
        ? { keyNode: call, missing: `no argument ${pattern.keyArg} holding '${pattern.keyProperty}'` }
        : 'missing' in found
          ? { keyNode: found.node, missing: found.missing }
          : { keyNode: found.keyExpression, keyExpression: found.keyExpression };
      out.push(customEvaluation(pattern, { callNode: call, ...fields }));
      continue;
    }
    const evaluation = customEvaluation(pattern, {
      keyNode: argument ?? call,
      callNode: call,
      ...(argument ? { keyExpression: argument } : { missing: `no argument ${pattern.keyArg} for the key` }),
    });
    const value = classify(a, callee);
    if (value?.kind === 'function') {
      const summary = summarizeFunction(a, value.fn);
      const inner = summary.wrappers.find((w) => w.index === pattern.keyArg);
      if (inner) evaluation.wrappers = [summary.id, ...(inner.inner.wrappers ?? [])];
    }
    out.push(evaluation);
  }
  return out;
}

function matchingPropertyPattern(a: Analyzer, object: ts.Expression): CustomPattern | undefined {
  if (!ts.isPropertyAccessExpression(object) && !ts.isIdentifier(object) && !ts.isElementAccessExpression(object)) return undefined;
  const text = normalizedPath(object);
  return a.patterns.find((p) => p.property !== undefined && pathMatches(text, p.property));
}

/** `config.featureToggles.newThing` / `config.featureToggles['new-thing']` per the config's property patterns. */
export function customAccessEvaluation(a: Analyzer, access: ts.PropertyAccessExpression | ts.ElementAccessExpression): Evaluation | undefined {
  if (a.propertyPatterns === 0) return undefined;
  const pattern = matchingPropertyPattern(a, access.expression);
  if (!pattern) return undefined;
  if (ts.isPropertyAccessExpression(access)) return customEvaluation(pattern, { keyNode: access.name, keyName: access.name.text, callNode: access, property: true });
  return customEvaluation(pattern, { keyNode: access.argumentExpression, keyExpression: access.argumentExpression, callNode: access, property: true });
}

/** `const { newThing } = config.featureToggles` */
export function customDestructuringEvaluations(a: Analyzer, pattern: ts.ObjectBindingPattern, source: ts.Expression | undefined): Evaluation[] {
  if (a.propertyPatterns === 0 || !source) return [];
  const custom = matchingPropertyPattern(a, source);
  if (!custom) return [];
  return destructuredKeys(pattern).map(({ element, keyNode, keyName, keyExpression }) =>
    customEvaluation(custom, { keyNode, callNode: element, property: true, ...(keyName !== undefined ? { keyName } : {}), ...(keyExpression ? { keyExpression } : {}) }),
  );
}

export function destructuredKeys(pattern: ts.ObjectBindingPattern): { element: ts.BindingElement; keyNode: ts.Node; keyName?: string; keyExpression?: ts.Expression }[] {
  const out: { element: ts.BindingElement; keyNode: ts.Node; keyName?: string; keyExpression?: ts.Expression }[] = [];
  for (const element of pattern.elements) {
    if (element.dotDotDotToken) continue;
    const name = element.propertyName ?? element.name;
    if (ts.isComputedPropertyName(name)) out.push({ element, keyNode: name.expression, keyExpression: name.expression });
    else {
      const text = propertyNameText(name as ts.PropertyName);
      if (text !== undefined) out.push({ element, keyNode: name, keyName: text });
    }
  }
  return out;
}
