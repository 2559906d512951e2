import { ts } from '../util/typescript';
import type { SdkValue } from './analysisTypes';
import type { AnalysisMemo, Analyzer } from './analyzer';
import { lookupIdentifier, propertyNameText, unwrapExpression, walkTree } from './scope';
import { classify } from './sdkValues';
import { fileOf } from './symbols';
import type { Workspace } from './workspace';

type FlagsValue = Extract<SdkValue, { kind: 'flags' }>;

/** A flags object handed on one level: `<Panel flags={flags} />` (`prop:flags`) or `render(flags)` (`arg:0`). */
interface Handoff {
  componentFile: string;
  componentName: string;
  slot: string;
  value: FlagsValue;
}

interface Registry {
  /** What each analyzed file hands on, from its last analysis. */
  byCaller: Map<string, Handoff[]>;
  /** The same, by the file that declares the receiving component; rebuilt when a caller's list changes. */
  byComponentFile: Map<string, { caller: string; handoff: Handoff }[]> | undefined;
  /**
   * Every file that handed something to a component file, even if it no longer does: the
   * component's analysis depends on them, so a caller that hands flags on again redoes it.
   */
  everHandedBy: Map<string, Set<string>>;
}

/**
 * Per index (its workspace): the caller's analysis finds what it hands on, the receiving component's
 * analysis reads it. Only analyzed files are callers, and every file holding a flags object is one.
 */
const registries = new WeakMap<Workspace, Registry>();

function registryOf(ws: Workspace): Registry {
  let registry = registries.get(ws);
  if (!registry) registries.set(ws, (registry = { byCaller: new Map(), byComponentFile: undefined, everHandedBy: new Map() }));
  return registry;
}

/** No component hands its props on through more steps than this (`const { flags } = props; const f = flags`). */
const maxHops = 6;

/** The name callers use for a component or function: its declaration's, or the variable's it is assigned to. */
function declarationName(node: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name) return node.name.text;
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** The function or class a name (a JSX tag, a callee) is declared as in the workspace, same file or imported. */
function declarationOf(a: Analyzer, id: ts.Identifier): ts.Node | undefined {
  let binding = lookupIdentifier(id);
  if (binding?.kind === 'import') {
    const target = a.symbols.identifier(id);
    binding = target?.kind === 'binding' ? target.binding : undefined;
  }
  if (!binding) return undefined;
  if (binding.kind === 'function' || binding.kind === 'class') return binding.node;
  if (binding.kind === 'variable' && binding.path.length === 0 && binding.decl.initializer) {
    const init = unwrapExpression(binding.decl.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init)) return init;
  }
  return undefined;
}

/**
 * `useFlags()`, `useAppFlags()`, `LDReact.useFlags()`, `client.allFlags()`: a call whose name says
 * it returns flags. Asking what any other call returns would summarize every function whose result
 * is passed on (on a server, nearly every call), for a flags object that is, by convention, named so.
 */
function mayReturnFlags(call: ts.CallExpression): boolean {
  const callee = unwrapExpression(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name !== undefined && /flags/i.test(name);
}

/**
 * Values worth classifying: `useFlags()` itself, a name bound to what such a call returned
 * (`const flags = useFlags()`, `const { flags } = useTools()`), or a consumer's `flags` prop.
 * Handlers, state, services' results, literals and inline objects are not classified at all:
 * every JSX attribute and call argument of an analyzed file passes here.
 */
function mayBeFlags(expression: ts.Expression): boolean {
  const inner = unwrapExpression(expression);
  if (ts.isCallExpression(inner)) return mayReturnFlags(inner);
  if (!ts.isIdentifier(inner)) return false;
  const binding = lookupIdentifier(inner);
  if (binding?.kind === 'parameter') {
    const step = binding.path[0];
    return binding.path.length === 1 && step !== undefined && 'property' in step && step.property === 'flags';
  }
  if (binding?.kind !== 'variable' || !binding.decl.initializer) return false;
  let init = unwrapExpression(binding.decl.initializer);
  while (ts.isAwaitExpression(init)) init = unwrapExpression(init.expression);
  return ts.isCallExpression(init) && mayReturnFlags(init) && !binding.path.some((step) => 'index' in step);
}

function flagsValue(a: Analyzer, expression: ts.Expression): FlagsValue | undefined {
  if (!mayBeFlags(expression)) return undefined;
  const value = classify(a, expression);
  return value?.kind === 'flags' ? value : undefined;
}

function handoffTo(a: Analyzer, target: ts.Identifier, slot: string, value: FlagsValue): Handoff | undefined {
  const declaration = declarationOf(a, target);
  const name = declaration && declarationName(declaration);
  return declaration && name ? { componentFile: fileOf(declaration), componentName: name, slot, value } : undefined;
}

/** Where this file hands a flags object on: JSX attributes of workspace components, arguments of workspace functions. */
function handoffsIn(a: Analyzer, sf: ts.SourceFile): Handoff[] {
  // A flags object handed on is, by convention, named `…flags…` where it is handed (the attribute,
  // the argument, the callee or the options property): elsewhere it is not looked for (`<X c={ld} />`);
  // subtrees without the word are not walked (most of a file), files without it not at all.
  const words: number[] = [];
  const word = /flags/gi;
  for (let m = word.exec(sf.text); m; m = word.exec(sf.text)) words.push(m.index);
  if (words.length === 0) return [];
  const mentions = (node: ts.Node): boolean => {
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid]! < node.pos) lo = mid + 1;
      else hi = mid;
    }
    return lo < words.length && words[lo]! < node.end;
  };
  const out: Handoff[] = [];
  walkTree(sf, (node) => {
    if (!mentions(node)) return 'skipChildren';
    if ((ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) && ts.isIdentifier(node.tagName)) {
      for (const attribute of node.attributes.properties) {
        if (!ts.isJsxAttribute(attribute) || !ts.isIdentifier(attribute.name) || !attribute.initializer || !ts.isJsxExpression(attribute.initializer)) continue;
        const expression = attribute.initializer.expression;
        const value = expression && flagsValue(a, expression);
        const handoff = value && handoffTo(a, node.tagName, `prop:${attribute.name.text}`, value);
        if (handoff) out.push(handoff);
      }
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.arguments.length > 0) {
      const callee = node.expression;
      node.arguments.forEach((argument, index) => {
        const value = flagsValue(a, argument);
        const handoff = value && handoffTo(a, callee, `arg:${index}`, value);
        if (handoff) out.push(handoff);
      });
      // `getNavItems({ regionSlug, flags })`: an options object is read like props.
      const options = unwrapExpression(node.arguments[0]!);
      if (ts.isObjectLiteralExpression(options)) {
        for (const property of options.properties) {
          const valueOf = ts.isShorthandPropertyAssignment(property) ? property.name : ts.isPropertyAssignment(property) ? property.initializer : undefined;
          const name = ts.isShorthandPropertyAssignment(property) || ts.isPropertyAssignment(property) ? propertyNameText(property.name) : undefined;
          const value = valueOf && name !== undefined ? flagsValue(a, valueOf) : undefined;
          const handoff = value && handoffTo(a, callee, `prop:${name}`, value);
          if (handoff) out.push(handoff);
        }
      }
    }
  });
  return out;
}

/** One walk per file and analysis: the file's own reads ask during the walk, recordHandoffs after it. */
const walked = new WeakMap<AnalysisMemo, Map<ts.SourceFile, Handoff[]>>();

function localHandoffs(a: Analyzer, sf: ts.SourceFile): Handoff[] {
  let byFile = walked.get(a.memo);
  if (!byFile) walked.set(a.memo, (byFile = new Map()));
  let handoffs = byFile.get(sf);
  if (!handoffs) byFile.set(sf, (handoffs = handoffsIn(a, sf)));
  return handoffs;
}

/**
 * Records what an analyzed file hands on (replacing what its last analysis recorded) and returns
 * the other files whose components receive a flags object from it: they must be analyzed too.
 */
export function recordHandoffs(a: Analyzer, sf: ts.SourceFile): string[] {
  const registry = registryOf(a.ws);
  const handoffs = localHandoffs(a, sf);
  const before = registry.byCaller.get(sf.fileName);
  if (handoffs.length > 0) registry.byCaller.set(sf.fileName, handoffs);
  else registry.byCaller.delete(sf.fileName);
  if (before || handoffs.length > 0) registry.byComponentFile = undefined;
  for (const { componentFile } of handoffs) {
    const callers = registry.everHandedBy.get(componentFile);
    if (callers) callers.add(sf.fileName);
    else registry.everHandedBy.set(componentFile, new Set([sf.fileName]));
  }
  return [...new Set(handoffs.map((h) => h.componentFile).filter((f) => f !== sf.fileName))];
}

function handoffsInto(a: Analyzer, file: string): { caller: string; handoff: Handoff }[] | undefined {
  const registry = registryOf(a.ws);
  if (!registry.byComponentFile) {
    const index = new Map<string, { caller: string; handoff: Handoff }[]>();
    for (const [caller, handoffs] of registry.byCaller) {
      for (const handoff of handoffs) {
        const list = index.get(handoff.componentFile);
        if (list) list.push({ caller, handoff });
        else index.set(handoff.componentFile, [{ caller, handoff }]);
      }
    }
    registry.byComponentFile = index;
  }
  return registry.byComponentFile.get(file);
}

/** `this.props` inside a class: the class. */
function thisPropsClass(expression: ts.Expression): ts.ClassLikeDeclaration | undefined {
  if (!ts.isPropertyAccessExpression(expression) || expression.name.text !== 'props' || expression.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  for (let at = expression.parent; at; at = at.parent) {
    if (ts.isClassLike(at)) return at;
    if (ts.isFunctionDeclaration(at) || ts.isFunctionExpression(at)) return undefined;
  }
  return undefined;
}

/** `props` (parameter 0 of a component) or `this.props`: the component. */
function propsOwner(expression: ts.Expression): ts.Node | undefined {
  const inner = unwrapExpression(expression);
  const cls = thisPropsClass(inner);
  if (cls) return cls;
  if (!ts.isIdentifier(inner)) return undefined;
  const binding = lookupIdentifier(inner);
  return binding?.kind === 'parameter' && binding.index === 0 && binding.path.length === 0 ? binding.fn : undefined;
}

/** Which declaration and slot an expression reads: `props.flags`, `({ flags })`, `const { flags } = props`, a plain parameter. */
function slotOf(expression: ts.Expression, hops: number): { owner: ts.Node; slot: string } | undefined {
  if (hops > maxHops) return undefined;
  const inner = unwrapExpression(expression);
  if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) {
    const name = ts.isPropertyAccessExpression(inner) ? inner.name.text : ts.isStringLiteralLike(inner.argumentExpression) ? inner.argumentExpression.text : undefined;
    const owner = name === undefined ? undefined : propsOwner(inner.expression);
    return owner ? { owner, slot: `prop:${name}` } : undefined;
  }
  if (!ts.isIdentifier(inner)) return undefined;
  const binding = lookupIdentifier(inner);
  if (binding?.kind === 'parameter') {
    if (binding.path.length === 0) return { owner: binding.fn, slot: `arg:${binding.index}` };
    const step = binding.path[0]!;
    return binding.index === 0 && binding.path.length === 1 && 'property' in step ? { owner: binding.fn, slot: `prop:${step.property}` } : undefined;
  }
  if (binding?.kind !== 'variable' || !binding.isConst || !binding.decl.initializer) return undefined;
  if (binding.path.length === 0) return slotOf(binding.decl.initializer, hops + 1);
  const step = binding.path[0]!;
  if (binding.path.length !== 1 || !('property' in step)) return undefined;
  const owner = propsOwner(binding.decl.initializer);
  return owner ? { owner, slot: `prop:${step.property}` } : undefined;
}

/**
 * The flags object a component or function reads from its props or parameters, when an analyzed
 * caller hands it one: `<Panel flags={useFlags()} />` makes `props.flags` in Panel a flags object.
 * One level only, by the declaration the caller names; a caller passing anything else (an object
 * literal, settings) hands on nothing.
 */
export function handedFlags(a: Analyzer, expression: ts.Expression): FlagsValue | undefined {
  // Most files hand nothing on and receive nothing: answered before any lookup.
  const file = expression.getSourceFile();
  const former = registryOf(a.ws).everHandedBy.get(file.fileName);
  if (localHandoffs(a, file).length === 0 && !handoffsInto(a, file.fileName) && !former) return undefined;
  const slot = slotOf(expression, 0);
  const name = slot && declarationName(slot.owner);
  if (!slot || !name) return undefined;
  const sf = slot.owner.getSourceFile();
  // A caller that handed flags here before and stops, then starts again, must find this analysis to redo.
  if (former) a.ws.touch([...former].filter((f) => f !== sf.fileName));
  // Callers in this file are read now (the registry holds this file's previous analysis); other files' from the registry.
  const here = localHandoffs(a, sf).map((handoff) => ({ caller: sf.fileName, handoff }));
  const elsewhere = (handoffsInto(a, sf.fileName) ?? []).filter((h) => h.caller !== sf.fileName);
  let found: FlagsValue | undefined;
  for (const { caller, handoff } of [...here, ...elsewhere]) {
    if (handoff.componentFile !== sf.fileName || handoff.componentName !== name || handoff.slot !== slot.slot || !a.ws.files.has(caller)) continue;
    // The caller's edit must redo this analysis: what it hands on may change.
    if (caller !== sf.fileName) a.ws.touch([caller]);
    found ??= handoff.value;
  }
  return found;
}
