import { ts } from '../util/typescript';
import type { Analyzer } from './analyzer';
import { recordHandoffs } from './propsFlow';
import { isLdConsumerHoc, type SdkModule } from './sdkPatterns';
import { lookupIdentifier, unwrapExpression, walkTree } from './scope';
import { classify } from './sdkValues';

function componentNode(a: Analyzer, expression: ts.Expression): ts.Node | undefined {
  const inner = unwrapExpression(expression);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) || ts.isClassExpression(inner)) return inner;
  if (!ts.isIdentifier(inner)) return undefined;
  let binding = lookupIdentifier(inner);
  if (binding?.kind === 'import') {
    // `withLDConsumer()(Banner)` with Banner imported from another file.
    const target = a.symbols.binding(binding, 0);
    binding = target?.kind === 'binding' ? target.binding : undefined;
  }
  if (!binding) return undefined;
  if (binding.kind === 'function' || binding.kind === 'class') return binding.node;
  if (binding.kind === 'variable' && binding.decl.initializer && binding.path.length === 0) {
    const init = unwrapExpression(binding.decl.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init)) return init;
  }
  return undefined;
}

function componentName(node: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name) return node.name.text;
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
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
  walkTree(sf, (node) => {
    if (ts.isCallExpression(node) && ts.isCallExpression(node.expression) && node.arguments.length > 0) {
      const hoc = classify(a, node.expression.expression);
      if (hoc?.kind === 'export' && isLdConsumerHoc(hoc.module, hoc.name)) {
        const component = componentNode(a, node.arguments[0]!);
        if (component) result.set(component, hoc.module);
      }
    }
  });
  return result;
}

export function isLdConsumerComponent(a: Analyzer, node: ts.Node): boolean {
  return ldConsumerModuleOf(a, node) !== undefined;
}

/** The SDK whose consumer HOC wraps this component, looking in its own file and in files that wrap a component of its name. */
export function ldConsumerModuleOf(a: Analyzer, node: ts.Node): SdkModule | undefined {
  const sf = node.getSourceFile();
  const local = consumersOf(a, sf).get(node);
  if (local) return local;
  const name = componentName(node);
  if (!name) return undefined;
  for (const file of a.ldConsumerFilesFor(name)) {
    if (file === sf.fileName) continue;
    const other = a.ws.sourceFile(file);
    const found = other && consumersOf(a, other).get(node);
    if (found) return found;
  }
  return undefined;
}

/**
 * Files declaring components this file wraps with withLDConsumer()(…), or hands a flags object to
 * (`<Panel flags={flags} />`), when they live elsewhere: they read flags from their props.
 */
export function wrappedComponentFiles(a: Analyzer, sf: ts.SourceFile): string[] {
  const files = new Set<string>(recordHandoffs(a, sf));
  for (const node of consumersOf(a, sf).keys()) {
    const file = node.getSourceFile().fileName;
    if (file !== sf.fileName) files.add(file);
  }
  return [...files];
}
