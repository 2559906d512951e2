import { ts } from '../util/typescript';
import type { FlagReference } from '../references/model';

export interface DeadSpan {
  start: number;
  end: number;
}

type ValueSite = Pick<FlagReference, 'callSpan' | 'kind' | 'valuePath' | 'negate'>;

/** Properties of an evaluation result that hold the flag's value (`*Details().value`, GrowthBook `useFeature().on`). */
const valueProperties = new Set(['value', 'on']);

/**
 * The code a flag decides and that can never run once the flag is removed keeping `keep`: the
 * untaken arm of an `if` or a ternary, the right side of a short-circuited `&&`/`||`. Syntactic and
 * per file, so the editor can fade dead branches on every change without planning a clean-up.
 * Only boolean values decide branches; anything else yields nothing.
 */
export function deadBranchSpans(fileName: string, text: string, references: readonly ValueSite[], keep: unknown): DeadSpan[] {
  if (typeof keep !== 'boolean' || references.length === 0) return [];
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
  const spans: DeadSpan[] = [];
  for (const reference of references) {
    const call = findNode(source, reference.callSpan.start, reference.callSpan.end);
    if (!call) continue;
    const value = reference.negate ? !keep : keep;
    for (const site of valueSites(call, reference)) collectDead(site, value, spans);
  }
  return dedupe(spans);
}

function scriptKindOf(fileName: string): ts.ScriptKind {
  if (/\.tsx$/i.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(fileName)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/i.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** The node exactly covering [start, end), or the smallest one containing it. */
function findNode(node: ts.Node, start: number, end: number): ts.Node | undefined {
  if (node.getStart() === start && node.getEnd() === end) return node;
  for (const child of node.getChildren()) {
    if (child.getStart() <= start && child.getEnd() >= end) return findNode(child, start, end) ?? child;
  }
  return undefined;
}

/** Where the flag's value itself appears: the call (or its value property), and reads of a const holding it. */
function valueSites(call: ts.Node, reference: ValueSite): ts.Node[] {
  let node = call;
  const property = reference.valuePath ?? (reference.kind === 'detail' ? 'value' : undefined);
  if (ts.isPropertyAccessExpression(node.parent) && (node.parent.name.text === property || valueProperties.has(node.parent.name.text))) {
    node = node.parent;
  }
  const declaration = node.parent;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer === node && ts.isIdentifier(declaration.name) && isConst(declaration)) {
    return readsOf(declaration.name.text, declaration);
  }
  return [node];
}

function isConst(declaration: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** Reads of `name` after its declaration in the enclosing block; a shadowing declaration stops the search there. */
function readsOf(name: string, declaration: ts.VariableDeclaration): ts.Node[] {
  const block = enclosingScope(declaration);
  const reads: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (node !== declaration && (ts.isVariableDeclaration(node) || ts.isParameter(node)) && ts.isIdentifier(node.name) && node.name.text === name) return;
    if (ts.isFunctionLike(node) && node.getStart() > declaration.getEnd() && declaresParameter(node, name)) return;
    if (ts.isIdentifier(node) && node.text === name && node.getStart() > declaration.name.getEnd() && isRead(node)) reads.push(node);
    ts.forEachChild(node, visit);
  };
  visit(block);
  return reads;
}

function declaresParameter(node: ts.SignatureDeclaration, name: string): boolean {
  return node.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === name);
}

function isRead(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === identifier) return false;
  if (ts.isJsxAttribute(parent)) return false;
  return true;
}

function enclosingScope(node: ts.Node): ts.Node {
  let current: ts.Node = node.parent;
  while (!ts.isBlock(current) && !ts.isSourceFile(current) && !ts.isModuleBlock(current)) current = current.parent;
  return current;
}

/** Walks up from a node whose truthiness is known, marking what the known value makes unreachable. */
function collectDead(node: ts.Node, value: boolean, spans: DeadSpan[]): void {
  const parent = node.parent;
  if (ts.isParenthesizedExpression(parent) || ts.isAwaitExpression(parent)) return collectDead(parent, value, spans);
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return collectDead(parent, !value, spans);
  if (ts.isBinaryExpression(parent)) {
    const operator = parent.operatorToken.kind;
    const other = parent.left === node ? parent.right : parent.left;
    if ((operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsEqualsToken) && isBooleanLiteral(other)) {
      const equal = value === (other.kind === ts.SyntaxKind.TrueKeyword);
      return collectDead(parent, operator === ts.SyntaxKind.EqualsEqualsEqualsToken ? equal : !equal, spans);
    }
    if (parent.left !== node) return;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken) {
      if (!value) spans.push(spanOf(parent.right));
      // `flag && x` is x when the flag is true: its truthiness is no longer known.
      else return;
      return collectDead(parent, false, spans);
    }
    if (operator === ts.SyntaxKind.BarBarToken) {
      if (value) {
        spans.push(spanOf(parent.right));
        return collectDead(parent, true, spans);
      }
      return;
    }
    return;
  }
  if (ts.isConditionalExpression(parent) && parent.condition === node) {
    spans.push(spanOf(value ? parent.whenFalse : parent.whenTrue));
    return;
  }
  if (ts.isIfStatement(parent) && parent.expression === node) {
    const dead = value ? parent.elseStatement : parent.thenStatement;
    if (dead) spans.push(spanOf(dead));
  }
}

function isBooleanLiteral(node: ts.Node): boolean {
  return node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword;
}

function spanOf(node: ts.Node): DeadSpan {
  return { start: node.getStart(), end: node.getEnd() };
}

function dedupe(spans: DeadSpan[]): DeadSpan[] {
  const seen = new Set<string>();
  return spans
    .sort((a, b) => a.start - b.start || b.end - a.end)
    .filter((span) => {
      const id = `${span.start}:${span.end}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
}
