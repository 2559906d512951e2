import { ts } from '../util/typescript';
import type { Analyzer } from './analyzer';
import { resolveKey } from './resolveKey';
import { propertyNameText, unwrapExpression } from './scope';

/** Where a pattern's `keyProperty` leads inside an argument: the key expression, or why none can be read. */
export type KeyPropertyResult =
  | { keyExpression: ts.Expression }
  /** `node` is where the dynamic reference is reported: the innermost object or value the path reached. */
  | { missing: string; node: ts.Node };

/** Code in a reason: one line, at most 40 characters, in backticks (as resolveKey quotes code). */
function codeText(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return `\`${text.length > 40 ? `${text.slice(0, 39)}…` : text}\``;
}

/** The name a property is written under; a computed name counts when it is a constant. */
function propertyName(a: Analyzer, property: ts.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (!name) return undefined;
  if (ts.isComputedPropertyName(name)) {
    const computed = resolveKey(a, name.expression);
    return computed.kind === 'const' ? computed.value : undefined;
  }
  return propertyNameText(name);
}

/**
 * The value an object literal gives `name`, the last writer winning as at run time. A spread
 * written after every property of that name may override it, and one written where no property
 * is may supply it: both are reported, never guessed.
 */
function propertyValue(a: Analyzer, object: ts.ObjectLiteralExpression, name: string, where: string): KeyPropertyResult {
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const property = object.properties[i]!;
    if (ts.isSpreadAssignment(property)) {
      return { missing: `'${name}' may come from the spread ${codeText(property)}`, node: object };
    }
    if (ts.isComputedPropertyName(property.name!) && propertyName(a, property) === undefined) {
      return { missing: `the computed property ${codeText(property.name!)} may be '${name}'`, node: object };
    }
    if (propertyName(a, property) !== name) continue;
    // `{ key }`: the identifier is a use of the local binding, which resolveKey follows.
    if (ts.isShorthandPropertyAssignment(property)) return { keyExpression: property.name };
    if (ts.isPropertyAssignment(property)) return { keyExpression: property.initializer };
    return { missing: `'${name}' is a method or accessor, not a value`, node: property };
  }
  return { missing: `no property '${name}' in ${where}`, node: object };
}

/**
 * `isEnabled({ flag: 'x', user })` with `"keyProperty": "flag"` (or `"options.flag"` for a nested
 * object): the key is read where the call writes it. The argument must be written as an object
 * literal at the call; an object built elsewhere is reported as dynamic, because the reference's
 * span (what hovers, rename and cleanup target) must be in the call's own file.
 */
export function keyPropertyExpression(a: Analyzer, argument: ts.Expression, path: string): KeyPropertyResult {
  let current: ts.Expression = argument;
  let reached = '';
  for (const name of path.split('.')) {
    const object = unwrapExpression(current);
    if (!ts.isObjectLiteralExpression(object)) {
      const what = reached === '' ? `the key argument ${codeText(object)}` : `${codeText(object)} (property '${reached}')`;
      return { missing: `${what} is not an object literal, so its '${name}' cannot be read`, node: object };
    }
    const value = propertyValue(a, object, name, reached === '' ? 'the object argument' : `'${reached}'`);
    if ('missing' in value) return value;
    current = value.keyExpression;
    reached = reached === '' ? name : `${reached}.${name}`;
  }
  return { keyExpression: current };
}
