import { ts } from '../util/typescript';
import type { Analyzer } from './analyzer';
import type { KeyResult, KeyVia } from './analysisTypes';
import { propertyNameText, unwrapExpression, type Binding, type PathStep } from './scope';
import { fileOf, requireSpecifier, type Target } from './symbols';

/** A constant object a member access can read: an object literal, an enum, or a module namespace. */
export type ObjectSource =
  | { kind: 'object'; node: ts.ObjectLiteralExpression }
  | { kind: 'array'; node: ts.ArrayLiteralExpression }
  | { kind: 'enum'; node: ts.EnumDeclaration }
  | { kind: 'class'; node: ts.ClassLikeDeclaration }
  | { kind: 'namespace'; file: string };

const maxDepth = 40;

function dynamic(reason: string): KeyResult {
  return { kind: 'dynamic', reason };
}

function indirect(result: KeyResult): KeyResult {
  return result.kind === 'const' && result.via === 'literal' ? { ...result, via: 'constant' } : result;
}

/**
 * The name a constant key was read through, for FlagReference.origin. Callers wrap inner results,
 * so the outermost name (the one the call site wrote) wins; an enum member keeps its own name.
 */
function named(result: KeyResult, name: string | ts.Node, file: string | undefined): KeyResult {
  if (result.kind !== 'const' || result.via === 'literal' || (result.via === 'enum' && result.origin)) return result;
  const text = typeof name === 'string' ? name : shortText(name);
  return { ...result, origin: file === undefined ? { name: text } : { name: text, file } };
}

/** The file that declares what an identifier resolved to (already at hand: no lookup). */
function targetFile(target: Target): string | undefined {
  switch (target.kind) {
    case 'binding':
      return fileOf('decl' in target.binding ? target.binding.decl : target.binding.node);
    case 'expression':
      return fileOf(target.expression);
    case 'namespace':
      return target.file;
    default:
      return undefined;
  }
}

/** Code in a reason or an origin name: one line, at most 40 characters; a long call keeps its callee (`String(…)`). */
function shortText(node: ts.Node): string {
  const oneLine = (n: ts.Node) => n.getText().replace(/\s+/g, ' ');
  let text = oneLine(node);
  if (text.length > 40 && ts.isCallExpression(node)) text = `${oneLine(node.expression)}(…)`;
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * Code quoted in a dynamic-key reason: in backticks, because code holds quotes far more often than
 * backticks, and a reason that reads `'String(x ?? 'a…'` has quotes no reader can pair.
 */
function codeText(node: ts.Node): string {
  return `\`${shortText(node)}\``;
}

function isConstantInitializer(binding: Extract<Binding, { kind: 'variable' }>): boolean {
  return binding.isConst;
}

/** Resolves a key expression to a string, a wrapper parameter, or a reason it cannot be known. */
export function resolveKey(a: Analyzer, expression: ts.Expression, depth = 0): KeyResult {
  if (depth > maxDepth) return dynamic('constant chain too deep or circular');
  const cached = a.memo.keys.get(expression);
  if (cached) return cached;
  const result = resolveKeyUncached(a, expression, depth);
  a.memo.keys.set(expression, result);
  return result;
}

function combine(parts: KeyResult[], what: string): KeyResult {
  let prefix = '';
  let suffix = '';
  let param: Extract<KeyResult, { kind: 'param' }> | undefined;
  let via: KeyVia = 'literal';
  for (const part of parts) {
    if (part.kind === 'dynamic') return dynamic(`${what}: ${part.reason}`);
    if (part.kind === 'param') {
      if (param) return dynamic(`${what} combines several parameters`);
      param = part;
      continue;
    }
    if (part.via === 'enum') via = 'enum';
    else if (part.via === 'constant' && via === 'literal') via = 'constant';
    if (param) suffix += part.value;
    else prefix += part.value;
  }
  if (param) return { ...param, prefix: prefix + param.prefix, suffix: param.suffix + suffix };
  return { kind: 'const', value: prefix, via };
}

function resolveKeyUncached(a: Analyzer, raw: ts.Expression, depth: number): KeyResult {
  const expression = unwrapExpression(raw);
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return { kind: 'const', value: expression.text, via: 'literal' };
  if (ts.isTemplateExpression(expression)) {
    const parts: KeyResult[] = [{ kind: 'const', value: expression.head.text, via: 'literal' }];
    for (const span of expression.templateSpans) {
      const part = resolveKey(a, span.expression, depth + 1);
      if (part.kind === 'dynamic') return dynamic('template literal with substitutions');
      parts.push(part, { kind: 'const', value: span.literal.text, via: 'literal' });
    }
    const combined = combine(parts, 'template literal');
    return combined.kind === 'const' && parts.length > 1 ? { ...combined, via: combined.via === 'literal' ? 'constant' : combined.via } : combined;
  }
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = resolveKey(a, expression.left, depth + 1);
    const right = resolveKey(a, expression.right, depth + 1);
    if (left.kind === 'dynamic' || right.kind === 'dynamic') return dynamic('string concatenation with a non-constant part');
    return indirect(combine([left, right], 'string concatenation'));
  }
  if (ts.isIdentifier(expression)) {
    if (expression.text === 'undefined') return dynamic('no key given');
    const target = a.symbols.identifier(expression);
    if (!target) return dynamic(`'${expression.text}' is not a constant in scope`);
    return named(targetKey(a, target, expression.text, depth + 1), expression.text, targetFile(target));
  }
  if (ts.isPropertyAccessExpression(expression)) return memberKey(a, expression.expression, expression.name.text, depth + 1, expression);
  if (ts.isElementAccessExpression(expression)) {
    const index = resolveKey(a, expression.argumentExpression, depth + 1);
    if (index.kind !== 'const') return dynamic(`${codeText(expression)} indexes with a non-constant`);
    return memberKey(a, expression.expression, index.value, depth + 1, expression);
  }
  if (ts.isNumericLiteral(expression)) return { kind: 'const', value: expression.text, via: 'literal' };
  if (ts.isConditionalExpression(expression)) return dynamic('conditional expression picks the key at run time');
  if (ts.isCallExpression(expression)) return dynamic(`key computed by a call: ${codeText(expression)}`);
  return dynamic(`${codeText(expression)} is not a constant`);
}

function targetKey(a: Analyzer, target: Target, name: string, depth: number): KeyResult {
  switch (target.kind) {
    case 'expression':
      return indirect(resolveKey(a, target.expression, depth));
    case 'binding':
      return bindingKey(a, target.binding, name, depth);
    default:
      return dynamic(`'${name}' is a module, not a string`);
  }
}

function bindingKey(a: Analyzer, binding: Binding, name: string, depth: number): KeyResult {
  if (binding.kind === 'parameter') {
    if (binding.path.length === 0) return { kind: 'param', fn: binding.fn, index: binding.index, name, prefix: '', suffix: '' };
    // `function isOn({ flag })`: a wrapper whose callers pass the key as a property of an object.
    const names = binding.path.map((step) => ('property' in step ? step.property : undefined));
    if (names.some((n) => n === undefined)) return dynamic(`'${name}' is destructured from a parameter`);
    // `function isOnFor({ flag = 'default-key' })`: the key of a call whose object leaves it out.
    const element = binding.name.parent;
    const propertyDefault = ts.isBindingElement(element) ? element.initializer : undefined;
    return { kind: 'param', fn: binding.fn, index: binding.index, name, prefix: '', suffix: '', property: names.join('.'), ...(propertyDefault ? { propertyDefault } : {}) };
  }
  if (binding.kind !== 'variable') return dynamic(`'${name}' is not a string constant`);
  if (!isConstantInitializer(binding)) return dynamic(`'${name}' is declared with let/var and may change`);
  const initializer = binding.decl.initializer;
  if (!initializer) return dynamic(`'${name}' has no initializer`);
  if (binding.path.length === 0) return indirect(resolveKey(a, initializer, depth));
  return indirect(pathKey(a, initializer, binding.path, name, depth));
}

/** `const { A } = FLAGS` / `const [first] = KEYS`: follows the destructuring path into constant objects. */
function pathKey(a: Analyzer, initializer: ts.Expression, path: readonly PathStep[], name: string, depth: number): KeyResult {
  let current: ts.Expression | undefined = initializer;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    if (!current) return dynamic(`'${name}' is destructured from a value that is not constant`);
    const last = i === path.length - 1;
    let member: string | undefined;
    if ('property' in step) member = step.property;
    else if ('index' in step) member = String(step.index);
    else if ('computed' in step) {
      const computed = resolveKey(a, step.computed, depth + 1);
      if (computed.kind !== 'const') return dynamic(`'${name}' is destructured with a non-constant key`);
      member = computed.value;
    } else return dynamic(`'${name}' is a rest element`);
    if (last) return memberKey(a, current, member, depth + 1);
    current = memberExpression(a, current, member, depth + 1);
  }
  return dynamic(`'${name}' is not a constant`);
}

/** The expression a constant object holds under `member`, if known. */
function memberExpression(a: Analyzer, object: ts.Expression, member: string, depth: number): ts.Expression | undefined {
  return memberOf(a, objectSource(a, object, depth), member, depth);
}

function memberOf(a: Analyzer, source: ObjectSource | undefined, member: string, depth: number): ts.Expression | undefined {
  if (source?.kind === 'object') return objectMember(a, source.node, member, depth);
  if (source?.kind === 'array') {
    const element = source.node.elements[Number(member)];
    return element && !ts.isSpreadElement(element) && !ts.isOmittedExpression(element) ? element : undefined;
  }
  if (source?.kind === 'class') return staticReadonly(source.node, member)?.initializer;
  if (source?.kind === 'namespace') {
    const target = a.symbols.exportOf(source.file, member);
    if (target?.kind === 'expression') return target.expression;
    if (target?.kind === 'binding' && target.binding.kind === 'variable' && target.binding.path.length === 0) return target.binding.decl.initializer;
  }
  return undefined;
}

function memberKey(a: Analyzer, object: ts.Expression, member: string, depth: number, whole?: ts.Expression): KeyResult {
  const source = objectSource(a, object, depth);
  const what = whole ? codeText(whole) : `member '${member}'`;
  if (!source) return dynamic(`${what} reads an object that is not a constant`);
  switch (source.kind) {
    case 'object': {
      const value = objectMember(a, source.node, member, depth);
      if (!value) return dynamic(`${what}: no member '${member}' in the constant object`);
      return named(indirect(resolveKey(a, value, depth + 1)), whole ?? member, fileOf(source.node));
    }
    case 'array': {
      const element = source.node.elements[Number(member)];
      if (!element || ts.isSpreadElement(element) || ts.isOmittedExpression(element)) return dynamic(`${what}: no element ${member}`);
      return named(indirect(resolveKey(a, element, depth + 1)), whole ?? member, fileOf(source.node));
    }
    case 'enum': {
      const enumMember = source.node.members.find((m) => propertyNameText(m.name) === member);
      if (!enumMember) return dynamic(`${what}: no member '${member}' in enum '${source.node.name.text}'`);
      if (!enumMember.initializer || ts.isNumericLiteral(unwrapExpression(enumMember.initializer))) return dynamic(`${what} is a numeric enum member`);
      const value = resolveKey(a, enumMember.initializer, depth + 1);
      return value.kind === 'const' ? { ...value, via: 'enum', origin: { name: `${source.node.name.text}.${member}`, file: fileOf(source.node) } } : dynamic(`${what} is not a string enum member`);
    }
    case 'class': {
      const field = staticReadonly(source.node, member);
      if (!field?.initializer) return dynamic(`${what}: no static readonly '${member}' with a value in class '${source.node.name?.text ?? '(anonymous)'}'`);
      const value = resolveKey(a, field.initializer, depth + 1);
      return value.kind === 'const' ? { ...value, via: 'constant', origin: { name: `${source.node.name?.text ?? 'class'}.${member}`, file: fileOf(source.node) } } : value;
    }
    case 'namespace': {
      const target = a.symbols.exportOf(source.file, member);
      if (!target) return dynamic(`${what}: '${member}' is not exported`);
      return named(targetKey(a, target, member, depth + 1), whole ?? member, targetFile(target));
    }
  }
}

/** `static readonly A = 'key'` in a class: a constant like an enum member (a static field that is not readonly may be reassigned). */
function staticReadonly(cls: ts.ClassLikeDeclaration, member: string): ts.PropertyDeclaration | undefined {
  for (const element of cls.members) {
    if (!ts.isPropertyDeclaration(element) || propertyNameText(element.name) !== member) continue;
    const modifiers = ts.getModifiers(element) ?? [];
    // An instance field of the same name is another property.
    if (!modifiers.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
    return modifiers.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword) ? element : undefined;
  }
  return undefined;
}

/**
 * Memoized per analysis: objects built from spreads of spreads (`{ ...A, ...A }` a few levels
 * deep) would otherwise be walked once per path, which doubles with every level.
 */
function objectMember(a: Analyzer, node: ts.ObjectLiteralExpression, member: string, depth: number): ts.Expression | undefined {
  let byMember = a.memo.members.get(node);
  const hit = byMember?.get(member);
  if (hit) {
    a.ws.touch(hit.touched);
    return hit.value;
  }
  const { result, touched } = a.ws.capture(() => objectMemberUncached(a, node, member, depth));
  if (!byMember) a.memo.members.set(node, (byMember = new Map()));
  byMember.set(member, { value: result, touched });
  return result;
}

function objectMemberUncached(a: Analyzer, node: ts.ObjectLiteralExpression, member: string, depth: number): ts.Expression | undefined {
  for (let i = node.properties.length - 1; i >= 0; i--) {
    const property = node.properties[i]!;
    if (ts.isPropertyAssignment(property)) {
      let name = propertyNameText(property.name);
      if (name === undefined && ts.isComputedPropertyName(property.name)) {
        const computed = resolveKey(a, property.name.expression, depth + 1);
        if (computed.kind === 'const') name = computed.value;
      }
      if (name === member) return property.initializer;
    } else if (ts.isShorthandPropertyAssignment(property)) {
      if (property.name.text === member) return property.name;
    } else if (ts.isSpreadAssignment(property)) {
      const inner = memberExpression(a, property.expression, member, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Finds the constant object an expression denotes (following consts, imports, `as const`, `Object.freeze`). */
export function objectSource(a: Analyzer, raw: ts.Expression, depth = 0): ObjectSource | undefined {
  if (depth > maxDepth) return undefined;
  const expression = unwrapExpression(raw);
  if (ts.isObjectLiteralExpression(expression)) return { kind: 'object', node: expression };
  if (ts.isArrayLiteralExpression(expression)) return { kind: 'array', node: expression };
  if (ts.isIdentifier(expression)) {
    const target = a.symbols.identifier(expression);
    return target ? targetObject(a, target, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) {
    let member: string | undefined;
    if (ts.isPropertyAccessExpression(expression)) member = expression.name.text;
    else {
      const index = resolveKey(a, expression.argumentExpression, depth + 1);
      if (index.kind === 'const') member = index.value;
    }
    if (member === undefined) return undefined;
    const inner = objectSource(a, expression.expression, depth + 1);
    if (inner?.kind === 'namespace') {
      const target = a.symbols.exportOf(inner.file, member);
      return target ? targetObject(a, target, depth + 1) : undefined;
    }
    // From `inner`, not a second walk of the same object: `a.b.c…` would double the work per level.
    const value = memberOf(a, inner, member, depth + 1);
    return value ? objectSource(a, value, depth + 1) : undefined;
  }
  const required = ts.isCallExpression(expression) ? requireSpecifier(expression) : undefined;
  if (required !== undefined) {
    const resolved = a.ws.resolve(fileOf(expression), required);
    return resolved?.kind === 'file' ? { kind: 'namespace', file: resolved.file } : undefined;
  }
  if (ts.isCallExpression(expression) && expression.arguments.length > 0) {
    const callee = expression.expression;
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Object' && callee.name.text === 'freeze') {
      return objectSource(a, expression.arguments[0]!, depth + 1);
    }
  }
  return undefined;
}

function targetObject(a: Analyzer, target: Target, depth: number): ObjectSource | undefined {
  switch (target.kind) {
    case 'namespace':
      return { kind: 'namespace', file: target.file };
    case 'expression':
      return objectSource(a, target.expression, depth);
    case 'binding': {
      const binding = target.binding;
      if (binding.kind === 'enum') return { kind: 'enum', node: binding.node };
      if (binding.kind === 'class') return { kind: 'class', node: binding.node };
      if (binding.kind !== 'variable' || !binding.isConst || !binding.decl.initializer) return undefined;
      if (binding.path.length === 0) return objectSource(a, binding.decl.initializer, depth);
      let current: ts.Expression | undefined = binding.decl.initializer;
      for (const step of binding.path) {
        if (!current || !('property' in step)) return undefined;
        current = memberExpression(a, current, step.property, depth + 1);
      }
      return current ? objectSource(a, current, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}
