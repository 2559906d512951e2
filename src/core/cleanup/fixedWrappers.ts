import { Node, SyntaxKind } from 'ts-morph';
import { isHolder, truthy, type FlagValue, type Known } from './knownValue';

/** A place that evaluates the flag, with what it evaluates to. */
export interface Seed {
  node: Node;
  known: Known;
  pattern: string;
}

/** The function whose whole body returns `node`'s value (through parentheses, `await`, `!`, `.value`), if any. */
function wrapperReturning(node: Node, known: Known): { fn: Node; name: Node; known: Known } | undefined {
  let current = node;
  let value = known;
  for (;;) {
    const parent = current.getParent();
    if (!parent) return undefined;
    if (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isSatisfiesExpression(parent) || Node.isNonNullExpression(parent) || Node.isAwaitExpression(parent)) {
      current = parent;
    } else if (isHolder(value.value) && Node.isPropertyAccessExpression(parent) && Object.hasOwn(value.value.fields, parent.getName())) {
      value = { value: value.value.fields[parent.getName()], effects: [] };
      current = parent;
    } else if (!isHolder(value.value) && Node.isPrefixUnaryExpression(parent) && parent.getOperatorToken() === SyntaxKind.ExclamationToken) {
      value = { value: !truthy(value.value as FlagValue), effects: [] };
      current = parent;
    } else {
      break;
    }
  }
  const parent = current.getParentOrThrow();
  let fn: Node | undefined;
  if (Node.isReturnStatement(parent)) {
    const block = parent.getParent();
    if (block && Node.isBlock(block) && block.getStatements().length === 1) fn = block.getParent();
  } else if (Node.isArrowFunction(parent) && parent.getBody() === current) {
    fn = parent;
  }
  if (!fn || !(Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isMethodDeclaration(fn))) return undefined;
  if (fn.getParameters().length > 0) return undefined;
  if (Node.isMethodDeclaration(fn)) {
    const name = fn.getNameNode();
    return Node.isIdentifier(name) && !fn.isAbstract() ? { fn, name, known: value } : undefined;
  }
  if (Node.isFunctionDeclaration(fn)) {
    const name = fn.getNameNode();
    return name ? { fn, name, known: value } : undefined;
  }
  const holder = fn.getParent();
  if (holder && Node.isVariableDeclaration(holder) && Node.isIdentifier(holder.getNameNode())) return { fn, name: holder.getNameNode(), known: value };
  return undefined;
}

/**
 * Functions that only return the flag (`useNewCheckout = () => useBooleanFlagValue('new-checkout', false)`)
 * are fixed-key wrappers: their call sites evaluate the flag too, so they become seeds as well,
 * through any number of wrapper levels. The wrapper itself is deleted later if nothing else calls it.
 */
export function expandFixedKeyWrappers(seeds: readonly Seed[]): { seeds: Seed[]; skipped: { node: Node; reason: string }[] } {
  const out = [...seeds];
  const skipped: { node: Node; reason: string }[] = [];
  const seenFunctions = new Set<Node>();
  for (let i = 0; i < out.length; i++) {
    const seed = out[i]!;
    const wrapper = wrapperReturning(seed.node, seed.known);
    if (!wrapper || seenFunctions.has(wrapper.fn)) continue;
    seenFunctions.add(wrapper.fn);
    const isAsync = (Node.isFunctionDeclaration(wrapper.fn) || Node.isArrowFunction(wrapper.fn) || Node.isFunctionExpression(wrapper.fn) || Node.isMethodDeclaration(wrapper.fn)) && wrapper.fn.isAsync();
    if (!Node.isIdentifier(wrapper.name)) continue;
    for (const ref of wrapper.name.findReferencesAsNodes()) {
      // `check()` for functions, `service.check()` / `this.check()` for methods.
      const callee = Node.isPropertyAccessExpression(ref.getParent()) && ref.getParentOrThrow().getLastChild() === ref ? ref.getParentOrThrow() : ref;
      const call = callee.getParent();
      if (!call || !Node.isCallExpression(call) || call.getExpression() !== callee || call.getArguments().length > 0) continue;
      if (isAsync && !Node.isAwaitExpression(call.getParent())) {
        skipped.push({ node: call, reason: `async wrapper '${wrapper.name.getText()}' is called without await; not rewritten` });
        continue;
      }
      out.push({ node: call, known: wrapper.known, pattern: `wrapper.${wrapper.name.getText()}` });
    }
  }
  return { seeds: out, skipped };
}
