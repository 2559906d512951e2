import { ts } from 'ts-morph';
import type { Analyzer } from './analyzer';
import { isLdConsumerHoc, type SdkModule } from './sdkPatterns';
import { lookupIdentifier, unwrapExpression } from './scope';
import { classify } from './sdkValues';

function componentNode(expression: ts.Expression): ts.Node | undefined {
  const inner = unwrapExpression(expression);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) || ts.isClassExpression(inner)) return inner;
  if (!ts.isIdentifier(inner)) return undefined;
  const binding = lookupIdentifier(inner);
  if (!binding) return undefined;
  if (binding.kind === 'function' || binding.kind === 'class') return binding.node;
  if (binding.kind === 'variable' && binding.decl.initializer && binding.path.length === 0) {
    const init = unwrapExpression(binding.decl.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init)) return init;
  }
  return undefined;
}

/** Components wrapped with `withLDConsumer()(Component)` in one file: they receive `flags` and `ldClient` props. */
function consumersOf(a: Analyzer, sf: ts.SourceFile): Map<ts.Node, SdkModule> {
  let found = a.memo.ldConsumers.get(sf);
  if (found) return found;
  found = new Map();
  a.memo.ldConsumers.set(sf, found);
  if (!/withLDConsumer|ldConsumer/.test(sf.text)) return found;
  const result = found;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isCallExpression(node.expression) && node.arguments.length > 0) {
      const hoc = classify(a, node.expression.expression);
      if (hoc?.kind === 'export' && isLdConsumerHoc(hoc.module, hoc.name)) {
        const component = componentNode(node.arguments[0]!);
        if (component) result.set(component, hoc.module);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return result;
}

export function isLdConsumerComponent(a: Analyzer, node: ts.Node): boolean {
  return consumersOf(a, node.getSourceFile()).has(node);
}

export function ldConsumerModuleOf(a: Analyzer, node: ts.Node): SdkModule | undefined {
  return consumersOf(a, node.getSourceFile()).get(node);
}
