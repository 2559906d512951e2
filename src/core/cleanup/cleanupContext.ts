import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import { editorLineOf } from './editorLines';
import { EditSet, type EditPart } from './editSet';
import { isHolder, literalText, type FlagValue, type Known } from './knownValue';
import { unwrapExpression } from './sideEffects';
import { indentAt, lineStartOf } from './textRanges';

export interface NotRewritten {
  file: string;
  line: number;
  reason: string;
}

/**
 * Everything one file's cleanup pass shares: the original AST (read-only), the edits planned
 * against it, and which expressions hold a flag value that cleanup introduced.
 */
export class FileCleanup {
  readonly text: string;
  readonly edits = new EditSet();
  /** Expressions known to evaluate the flag (references and inlined bindings): the only places algebra runs. */
  readonly known = new Map<Node, Known>();
  readonly notRewritten: NotRewritten[] = [];
  readonly quote: "'" | '"';
  /** Newlines inside template literals: text, not indentation. */
  readonly protectedNewlines = new Set<number>();
  /** Set by the dispatcher in replaceReferences.ts (kept out of this file to avoid an import cycle). */
  settle: (node: Node, known: Known) => void = () => undefined;

  constructor(
    readonly sourceFile: SourceFile,
    readonly file: string,
  ) {
    this.text = sourceFile.getFullText();
    this.quote = preferredQuote(sourceFile);
    for (const literal of [...sourceFile.getDescendantsOfKind(SyntaxKind.NoSubstitutionTemplateLiteral), ...sourceFile.getDescendantsOfKind(SyntaxKind.TemplateExpression)]) {
      for (let i = literal.getStart(); i < literal.getEnd(); i++) if (this.text[i] === '\n') this.protectedNewlines.add(i);
    }
  }

  render(): string {
    return this.edits.render(this.text, this.protectedNewlines);
  }

  knownOf(node: Node): Known | undefined {
    return this.known.get(unwrapExpression(node)) ?? this.known.get(node);
  }

  report(node: Node, reason: string): void {
    const line = editorLineOf(node);
    if (!this.notRewritten.some((n) => n.line === line && n.reason === reason)) this.notRewritten.push({ file: this.file, line, reason });
  }

  /** The expression becomes the literal (effects kept in a comma expression); the end of propagation. */
  emitValue(node: Node, known: Known): void {
    if (isHolder(known.value)) {
      this.report(node, 'the flag result object is used as a whole; not rewritten');
      return;
    }
    const parent = node.getParent();
    const objectLike = typeof known.value === 'object' && known.value !== null && !Array.isArray(known.value);
    // An object literal where a statement or arrow body starts would read as a block.
    const literal = objectLike && parent && (Node.isArrowFunction(parent) || Node.isExpressionStatement(parent)) ? `(${literalText(known.value, this.quote)})` : literalText(known.value, this.quote);
    if (parent && Node.isTemplateSpan(parent) && parent.getExpression() === node && known.effects.length === 0 && (typeof known.value === 'string' || typeof known.value === 'number' || typeof known.value === 'boolean')) {
      // `${variant}` → the text itself, escaped for a template literal.
      const open = this.text.lastIndexOf('${', node.getStart());
      const close = this.text.indexOf('}', node.getEnd());
      if (open !== -1 && close !== -1 && this.text.slice(open + 2, node.getStart()).trim() === '' && this.text.slice(node.getEnd(), close).trim() === '') {
        this.edits.replace(open, close + 1, String(known.value).replace(/[`\\]|\$\{/g, (m) => '\\' + m));
        return;
      }
    }
    if (parent && Node.isShorthandPropertyAssignment(parent)) {
      this.edits.replace(node.getStart(), node.getEnd(), `${parent.getName()}: ${literal}`);
      return;
    }
    if (known.effects.length === 0) {
      this.edits.replace(node.getStart(), node.getEnd(), literal);
      return;
    }
    this.edits.replace(node.getStart(), node.getEnd(), '(', ...this.effectParts(known.effects, ', '), ', ', literal, ')');
  }

  effectParts(effects: readonly Node[], separator: string): EditPart[] {
    const parts: EditPart[] = [];
    effects.forEach((effect, i) => {
      if (i > 0) parts.push(separator);
      parts.push({ start: effect.getStart(), end: effect.getEnd() });
    });
    return parts;
  }

  /**
   * `expression` becomes `kept` (one of its operands): redundant parentheses go, a JSX element kept
   * as a JSX child loses its `{}`, an object literal kept as an arrow body gets parentheses.
   */
  replaceWithResidual(expression: Node, kept: Node, effects: readonly Node[]): void {
    let target = expression;
    const keptInner = unwrapExpression(kept);
    const literal = literalValueOf(keptInner);
    const holder = outermostParent(expression);
    if (literal !== notLiteral && !(holder && (Node.isVariableDeclaration(holder) || Node.isPropertyDeclaration(holder)))) {
      // The flag chose a literal: it is as known as the flag itself (`{!on ? <A/> : null}` renders nothing).
      this.settle(expression, { value: literal, effects: [...effects] });
      return;
    }
    const isJsx = Node.isJsxElement(keptInner) || Node.isJsxSelfClosingElement(keptInner) || Node.isJsxFragment(keptInner);
    const primary = isPrimary(keptInner);
    for (;;) {
      const parent = target.getParent();
      if (parent && Node.isParenthesizedExpression(parent) && primary) target = parent;
      else break;
    }
    const parent = target.getParent();
    let source: Node = kept;
    let prefix = '';
    let suffix = '';
    if (effects.length === 0 && Node.isStringLiteral(keptInner) && parent && Node.isJsxExpression(parent)) {
      const value = keptInner.getLiteralValue();
      if (isJsxChild(parent) && isPlainJsxText(value)) {
        this.edits.replace(parent.getStart(), parent.getEnd(), value);
        return;
      }
      if (Node.isJsxAttribute(parent.getParent()) && !/["\n&{}]/.test(value)) {
        this.edits.replace(parent.getStart(), parent.getEnd(), `"${value}"`);
        return;
      }
    }
    if (effects.length === 0 && isJsx && parent && Node.isJsxExpression(parent) && !Node.isJsxAttribute(parent.getParentOrThrow())) {
      target = parent;
      source = keptInner;
    } else if (isJsx && parent && (Node.isReturnStatement(parent) || Node.isVariableDeclaration(parent) || Node.isArrowFunction(parent))) {
      // `return (\n <A/>\n)` style: keep the parentheses the branch had.
      source = kept;
    } else if (Node.isObjectLiteralExpression(keptInner) && parent && Node.isArrowFunction(parent)) {
      prefix = '(';
      suffix = ')';
      source = keptInner;
    } else if (primary && source !== keptInner && !isJsx) {
      source = keptInner;
    }
    const dedent = this.dedentBetween(target, source);
    if (effects.length > 0) {
      this.edits.replace(target.getStart(), target.getEnd(), '(', ...this.effectParts(effects, ', '), ', ', { start: source.getStart(), end: source.getEnd(), dedent }, ')');
      return;
    }
    this.edits.replace(target.getStart(), target.getEnd(), prefix, { start: source.getStart(), end: source.getEnd(), dedent }, suffix);
  }

  /** Columns to strip from continuation lines when `source` moves to where `target` starts. */
  dedentBetween(target: Node, source: Node): number {
    const sourceLineStart = lineStartOf(this.text, source.getStart());
    if (sourceLineStart === lineStartOf(this.text, target.getStart())) return 0;
    return Math.max(0, indentAt(this.text, source.getStart()).length - indentAt(this.text, target.getStart()).length);
  }
}

/** The parent above any parentheses around the node. */
function outermostParent(node: Node): Node | undefined {
  let current = node;
  while (current.getParent() && Node.isParenthesizedExpression(current.getParentOrThrow())) current = current.getParentOrThrow();
  return current.getParent();
}

function isJsxChild(node: Node): boolean {
  const parent = node.getParent();
  return !!parent && (Node.isJsxElement(parent) || Node.isJsxFragment(parent));
}

/** Text that reads the same written directly between JSX tags. */
export function isPlainJsxText(value: string): boolean {
  return value !== '' && value.trim() === value && !/[{}<>\n&]/.test(value);
}

function isPrimary(node: Node): boolean {
  return (
    Node.isIdentifier(node) ||
    Node.isCallExpression(node) ||
    Node.isPropertyAccessExpression(node) ||
    Node.isElementAccessExpression(node) ||
    Node.isLiteralExpression(node) ||
    Node.isParenthesizedExpression(node) ||
    Node.isJsxElement(node) ||
    Node.isJsxSelfClosingElement(node) ||
    Node.isJsxFragment(node) ||
    Node.isThisExpression(node) ||
    Node.isObjectLiteralExpression(node) ||
    Node.isArrayLiteralExpression(node) ||
    Node.isTemplateExpression(node) ||
    node.getKind() === SyntaxKind.TrueKeyword ||
    node.getKind() === SyntaxKind.FalseKeyword ||
    node.getKind() === SyntaxKind.NullKeyword
  );
}

/** The value of a literal expression, or `none` when it is not one. */
export const notLiteral: unique symbol = Symbol('notLiteral');
export function literalValueOf(node: Node): FlagValue | typeof notLiteral {
  const inner = unwrapExpression(node);
  if (Node.isStringLiteral(inner) || Node.isNoSubstitutionTemplateLiteral(inner)) return inner.getLiteralValue();
  if (Node.isNumericLiteral(inner)) return inner.getLiteralValue();
  if (inner.getKind() === SyntaxKind.TrueKeyword) return true;
  if (inner.getKind() === SyntaxKind.FalseKeyword) return false;
  if (inner.getKind() === SyntaxKind.NullKeyword) return null;
  if (Node.isIdentifier(inner) && inner.getText() === 'undefined') return undefined;
  if (Node.isPrefixUnaryExpression(inner) && inner.getOperatorToken() === SyntaxKind.MinusToken) {
    const operand = literalValueOf(inner.getOperand());
    if (typeof operand === 'number') return -operand;
  }
  return notLiteral;
}

function preferredQuote(sourceFile: SourceFile): "'" | '"' {
  let single = 0;
  let double = 0;
  for (const literal of sourceFile.getDescendantsOfKind(SyntaxKind.StringLiteral)) {
    // JSX attributes are written with double quotes by convention, whatever the code style.
    if (Node.isJsxAttribute(literal.getParent())) continue;
    if (literal.getText().startsWith('"')) double++;
    else single++;
  }
  return double > single ? '"' : "'";
}
