import type { CustomPattern } from '../config/model';
import { ts } from '../util/typescript';
import { patternId, receiverMatches, transformKey } from './customPatterns';
import type { FlagReference } from './model';
import { containsWord } from './prefilter';
import { isClientMethodName } from './sdkPatterns';
import { lineStartsOf, textSpan } from './spans';
import { lazy } from '../util/lazy';

/** Keywords after which a `/` starts a regular expression, not a division. */
const regexAfterKeyword = new Set(['return', 'typeof', 'instanceof', 'in', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'extends']);
/** Keywords that are values: a `/` after one divides. After any other keyword it is left to the parser. */
const valueKeywords = new Set(['this', 'super', 'null', 'true', 'false']);
const controlHeads = new Set(['if', 'while', 'for', 'with']);
/** Deeper than this, the parser itself may give up on the file (it then lists it as skipped): left to it. */
const maxNesting = 200;
/** More of these in one statement than this (`!!!…x`, `a ? b : c ? …`, `x => y => …`), and the parser may give up too. */
const maxRecursive = 200;
/** `else` tokens, or labels of labels, in one file: above this (the parser gives up near 3,800 nested), left to the parser. */
const maxNestedStatements = 1000;
const recursiveKinds = lazy(
  () =>
    new Set<ts.SyntaxKind>([
      ts.SyntaxKind.ExclamationToken,
      ts.SyntaxKind.TildeToken,
      ts.SyntaxKind.PlusToken,
      ts.SyntaxKind.MinusToken,
      ts.SyntaxKind.PlusPlusToken,
      ts.SyntaxKind.MinusMinusToken,
      ts.SyntaxKind.QuestionToken,
      ts.SyntaxKind.EqualsGreaterThanToken,
      ts.SyntaxKind.EqualsToken,
      ts.SyntaxKind.AsteriskAsteriskToken,
      ts.SyntaxKind.LessThanToken,
      ts.SyntaxKind.TypeOfKeyword,
      ts.SyntaxKind.VoidKeyword,
      ts.SyntaxKind.DeleteKeyword,
      ts.SyntaxKind.AwaitKeyword,
      ts.SyntaxKind.NewKeyword,
      ts.SyntaxKind.YieldKeyword,
    ]),
);

/** Where a token stands: where an expression may (an initializer of a class or enum member too), directly in a class or enum body, in an interface. */
const enum Place {
  Expression = 0,
  MemberList = 1,
  TypeBody = 2,
}

interface Tokens {
  kinds: ts.SyntaxKind[];
  starts: number[];
  ends: number[];
  /** Cooked values of string literals, by token index. */
  strings: Map<number, string>;
  /** Place of each token (see Place). */
  places: Place[];
  /** Indexes of the `export` keywords outside any bracket. */
  topExports: number[];
}

/** What the reading found: the references, and whether the file exports a type, class or function (whose types other files may follow). */
export interface LiteralReading {
  references: FlagReference[];
  exportsTypes: boolean;
}

/** An identifier, or a keyword (which names a property after a dot: `x.default`). */
function isName(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.Identifier || (kind >= ts.SyntaxKind.FirstKeyword && kind <= ts.SyntaxKind.LastKeyword);
}

function isDot(kind: ts.SyntaxKind | undefined): boolean {
  return kind === ts.SyntaxKind.DotToken || kind === ts.SyntaxKind.QuestionDotToken;
}

/** What an open bracket is: a block or object, a template substitution, a class or enum body, an interface body, `(`, `[`. */
type Open = 'block' | 'template' | 'members' | 'type' | 'paren' | 'control' | 'bracket';

/**
 * The significant tokens of a TypeScript file (not TSX: JSX text is no code), with regular
 * expressions and template literals read as the parser reads them. Undefined where a `/` could be
 * either a division or a regular expression without the parser's context, on any scan error, or
 * when brackets nest deeper than the parser may follow.
 */
function tokensOf(text: string): Tokens | undefined {
  let failed = false;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text, () => {
    failed = true;
  });
  const tokens: Tokens = { kinds: [], starts: [], ends: [], strings: new Map(), places: [], topExports: [] };
  const { kinds, starts, ends, places } = tokens;
  const open: Open[] = [];
  /** Per open class or enum body: whether the member being read is past its `=` (an initializer, where expressions stand). */
  const initializers: boolean[] = [];
  /** Per `)` token index: whether it closed the head of an if/while/for/with. */
  const closedControl = new Set<number>();
  /**
   * After `class`, `enum` or `interface`: the kind of body the next `{` at this depth opens, once
   * outside type arguments (`class A<T = { x: 1 }> implements I<{ y: 2 }> {`: those are types).
   */
  let pendingBody: { kind: 'members' | 'type'; depth: number; angles: number } | undefined;
  /** Tokens of one statement that the parser reads by recursion (`!`, `?`, `=>`, `=`, `<`…): many make it give up. */
  let recursive = 0;
  /** `else` in the whole file, and labels of labels (`a: b:`): bounds on statements nested in statements, far above what code writes by hand. */
  let elses = 0;
  let labels = 0;
  const wordAt = (index: number): string => (index >= 0 ? text.slice(starts[index]!, ends[index]!) : '');
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    // An escaped name (`is\u0045nabled`) reads differently as text than as the name the analysis compares.
    if (failed || (isName(kind) && scanner.hasUnicodeEscape())) return undefined;
    const index = kinds.length;
    if (kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) {
      const regex = regexMayStart(tokens, text, closedControl, scanner.getTokenStart());
      if (regex === undefined) return undefined;
      if (regex) kind = scanner.reScanSlashToken();
    } else if (kind === ts.SyntaxKind.OpenBraceToken) {
      const body = pendingBody?.depth === open.length ? (pendingBody.angles > 0 ? 'type' : pendingBody.kind) : 'block';
      open.push(body);
      if (body === 'members') initializers.push(false);
      if (pendingBody?.depth === open.length - 1 && pendingBody.angles === 0) pendingBody = undefined;
    } else if (kind === ts.SyntaxKind.TemplateHead) open.push('template');
    else if (kind === ts.SyntaxKind.CloseBraceToken) {
      const closed = open.pop();
      if (closed === undefined || closed === 'paren' || closed === 'control' || closed === 'bracket') return undefined;
      if (closed === 'members') initializers.pop();
      if (closed === 'template') {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateMiddle) open.push('template');
      }
    } else if (kind === ts.SyntaxKind.OpenParenToken) {
      // `for await (…)` holds a head too.
      const head = isDot(kinds[index - 2]) ? '' : wordAt(index - 1) === 'await' && wordAt(index - 2) === 'for' ? 'for' : wordAt(index - 1);
      open.push(controlHeads.has(head) ? 'control' : 'paren');
    } else if (kind === ts.SyntaxKind.CloseParenToken) {
      const closed = open.pop();
      if (closed !== 'paren' && closed !== 'control') return undefined;
      if (closed === 'control') closedControl.add(index);
    } else if (kind === ts.SyntaxKind.OpenBracketToken) open.push('bracket');
    else if (kind === ts.SyntaxKind.CloseBracketToken) {
      if (open.pop() !== 'bracket') return undefined;
    } else if (kind === ts.SyntaxKind.StringLiteral) tokens.strings.set(index, scanner.getTokenValue());
    else if ((kind === ts.SyntaxKind.ClassKeyword || kind === ts.SyntaxKind.EnumKeyword || kind === ts.SyntaxKind.InterfaceKeyword) && !isDot(kinds[index - 1])) {
      pendingBody = { kind: kind === ts.SyntaxKind.InterfaceKeyword ? 'type' : 'members', depth: open.length, angles: 0 };
    } else if (kind === ts.SyntaxKind.ExportKeyword && open.length === 0) tokens.topExports.push(index);
    else if (pendingBody?.depth === open.length && kind === ts.SyntaxKind.LessThanToken) pendingBody.angles++;
    else if (pendingBody?.depth === open.length && kind === ts.SyntaxKind.GreaterThanToken) pendingBody.angles--;
    if (kind === ts.SyntaxKind.SemicolonToken || kind === ts.SyntaxKind.OpenBraceToken || kind === ts.SyntaxKind.CloseBraceToken) recursive = 0;
    else if (recursiveKinds().has(kind) && ++recursive > maxRecursive) return undefined;
    // `else if` chains and labels (`a: b: …`) nest statements inside statements, braces or not.
    if (kind === ts.SyntaxKind.ElseKeyword && ++elses > maxNestedStatements) return undefined;
    if (kind === ts.SyntaxKind.ColonToken && kinds[index - 1] === ts.SyntaxKind.Identifier && kinds[index - 2] === ts.SyntaxKind.ColonToken && ++labels > maxNestedStatements) return undefined;
    if (open.length > maxNesting) return undefined;
    // Taken after the token opened or closed its bracket: a body's `{` and `}` stand in the body.
    const inner = open[open.length - 1];
    if (inner === 'members') {
      const member = initializers.length - 1;
      if (kind === ts.SyntaxKind.EqualsToken) initializers[member] = true;
      // `;`, `,` and the `}` of a method body end a member.
      else if (kind === ts.SyntaxKind.SemicolonToken || kind === ts.SyntaxKind.CommaToken || kind === ts.SyntaxKind.CloseBraceToken) initializers[member] = false;
      places.push(initializers[member] ? Place.Expression : Place.MemberList);
    } else places.push(inner === 'type' ? Place.TypeBody : Place.Expression);
    kinds.push(kind);
    starts.push(scanner.getTokenStart());
    ends.push(scanner.getTokenEnd());
  }
  return failed || open.length > 0 ? undefined : tokens;
}

/** Whether the `/` at `slash` starts a regular expression; undefined when only the parser could tell. */
function regexMayStart(tokens: Tokens, text: string, closedControl: ReadonlySet<number>, slash: number): boolean | undefined {
  const last = tokens.kinds.length - 1;
  if (last < 0) return true;
  const regex = regexAfter(tokens, text, closedControl);
  // A division across a line break may be a new statement (after a type, a declaration, an import) that starts with a regular expression.
  if (regex === false && /[\r\n\u2028\u2029]/.test(text.slice(tokens.ends[last]!, slash))) return undefined;
  return regex;
}

function regexAfter(tokens: Tokens, text: string, closedControl: ReadonlySet<number>): boolean | undefined {
  const { kinds, starts, ends } = tokens;
  const last = kinds.length - 1;
  const kind = kinds[last]!;
  switch (kind) {
    case ts.SyntaxKind.CloseParenToken:
      return closedControl.has(last);
    // A block or an object; a non-null assertion or a `!`; the end of type arguments or a comparison.
    case ts.SyntaxKind.CloseBraceToken:
    case ts.SyntaxKind.ExclamationToken:
    case ts.SyntaxKind.GreaterThanToken:
      return undefined;
    case ts.SyntaxKind.CloseBracketToken:
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.PrivateIdentifier:
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateTail:
    case ts.SyntaxKind.RegularExpressionLiteral:
    case ts.SyntaxKind.PlusPlusToken:
    case ts.SyntaxKind.MinusMinusToken:
      return false;
  }
  if (isName(kind)) {
    // A keyword after a dot is a property name (`x.default / 2`).
    if (isDot(kinds[last - 1])) return false;
    const word = text.slice(starts[last]!, ends[last]!);
    if (valueKeywords.has(word)) return false;
    if (regexAfterKeyword.has(word)) return true;
    // `default`, `debugger`, `continue`, `yield`, `as`, `of`, …: a name in some places, a keyword in others.
    return undefined;
  }
  return true;
}

/**
 * `(` … `)` from the token after `open`: the token ranges of the arguments, the closing token, and
 * the first `<` between arguments (`f(a < b, 'k', c > (d))` is one generic call to the parser).
 */
function argumentsOf(kinds: readonly ts.SyntaxKind[], open: number): { args: [number, number][]; close: number; angle: number } | undefined {
  const args: [number, number][] = [];
  let depth = 0;
  let first = open + 1;
  let angle = -1;
  for (let i = open + 1; i < kinds.length; i++) {
    const kind = kinds[i]!;
    if (kind === ts.SyntaxKind.LessThanToken && depth === 0 && angle < 0) angle = i;
    if (kind === ts.SyntaxKind.OpenParenToken || kind === ts.SyntaxKind.OpenBracketToken || kind === ts.SyntaxKind.OpenBraceToken || kind === ts.SyntaxKind.TemplateHead) depth++;
    else if (kind === ts.SyntaxKind.CloseBracketToken || kind === ts.SyntaxKind.CloseBraceToken || kind === ts.SyntaxKind.TemplateTail) depth--;
    else if (kind === ts.SyntaxKind.CloseParenToken) {
      if (depth === 0) {
        if (i > first) args.push([first, i - 1]);
        return { args, close: i, angle };
      }
      depth--;
    } else if (kind === ts.SyntaxKind.CommaToken && depth === 0) {
      args.push([first, i - 1]);
      first = i + 1;
    }
    if (depth < 0) return undefined;
  }
  return undefined;
}

/**
 * Reads the references of a file whose only flag code is method-pattern calls with the key written
 * out (`this.flagResolver.isEnabled('new-ui')`) without parsing it: the index parses such files
 * only when something else makes them matter (something they import can carry flags). The answer
 * is what the analysis of the parsed file gives for them, or undefined whenever the text holds
 * anything this reading cannot settle exactly — a receiver that is not a plain chain of names, a
 * key that is not one string literal, an optional or generic call of the method, another SDK-named
 * call, a function pattern's name, CommonJS or dynamic imports, a `/` only the parser can place —
 * and the file is then analyzed as before.
 */
export class LiteralCallReader {
  /** Method patterns (not key-property ones) by method name, in the config's order. */
  private readonly methods = new Map<string, CustomPattern[]>();
  /** Names whose mere presence sends the file to the analysis: function patterns, key-property methods. */
  private readonly analyzedNames: string[];

  constructor(patterns: readonly CustomPattern[]) {
    for (const p of patterns) {
      if (p.method === undefined || p.keyProperty !== undefined) continue;
      const list = this.methods.get(p.method);
      if (list) list.push(p);
      else this.methods.set(p.method, [p]);
    }
    this.analyzedNames = [];
    for (const p of patterns) {
      if (p.function !== undefined) this.analyzedNames.push(p.function.split('.').pop()!);
      else if (p.method !== undefined && p.keyProperty !== undefined) this.analyzedNames.push(p.method);
      else if (p.property !== undefined) this.analyzedNames.push(p.property.split('.').pop()!);
    }
  }

  get usable(): boolean {
    return this.methods.size > 0;
  }

  read(file: string, text: string): LiteralReading | undefined {
    if (!this.usable || !/\.[mc]?ts$/.test(file) || /\.d\.[mc]?ts$/.test(file)) return undefined;
    if (/\b(?:require|import)\s*\(/.test(text)) return undefined;
    if (this.analyzedNames.some((name) => containsWord(text, name))) return undefined;
    const tokens = tokensOf(text);
    if (!tokens) return undefined;
    const { kinds, starts, ends } = tokens;
    const references: FlagReference[] = [];
    let lines: number[] | undefined;
    const span = (start: number, end: number) => textSpan((lines ??= lineStartsOf(text)), start, end);
    for (let i = 1; i < kinds.length; i++) {
      const next = kinds[i + 1];
      // `x.isEnabled?.(k)`, `x.isEnabled<T>(k)`: calls the analysis reads and this reading does not.
      const unread = next === ts.SyntaxKind.QuestionDotToken || next === ts.SyntaxKind.LessThanToken;
      if ((next !== ts.SyntaxKind.OpenParenToken && !unread) || !isDot(kinds[i - 1]) || !isName(kinds[i]!)) continue;
      const method = text.slice(starts[i]!, ends[i]!);
      const patterns = this.methods.get(method) ?? [];
      const sdkNamed = isClientMethodName(method);
      if (patterns.length === 0 && !sdkNamed) continue;
      if (unread) return undefined;
      // Without an argument a call names no flag, and its receiver is not typed (`emailService.isEnabled()`).
      const noArgument = kinds[i + 2] === ts.SyntaxKind.CloseParenToken;
      if (noArgument && patterns.length === 0) continue;
      const receiver = receiverChain(text, tokens, i - 1);
      if (!receiver) return undefined;
      // `type A = x.isEnabled` and a parenthesized line after it are two statements; a call needs no line break there.
      if (/[\r\n]/.test(text.slice(ends[i]!, starts[i + 1]!))) return undefined;
      // Directly in a class or enum body only an initializer holds an expression; in an interface, none.
      const place = tokens.places[receiver.first]!;
      if (place !== Place.Expression) return undefined;
      const matching = patterns.filter((p) => receiverMatches(p, receiver.path));
      if (matching.length === 0) {
        // A pattern of this method claims the call by its receiver's last name; an unclaimed SDK-named call may be typed as a client.
        const last = receiver.path.split('.').pop();
        if (sdkNamed && !noArgument && !patterns.some((p) => p.receiver === undefined || p.receiver.split('.').pop() === last)) return undefined;
        continue;
      }
      const call = argumentsOf(kinds, i + 1);
      if (!call) return undefined;
      for (const pattern of matching) {
        const range = call.args[pattern.keyArg];
        if (!range || range[0] !== range[1] || kinds[range[0]] !== ts.SyntaxKind.StringLiteral) return undefined;
        if (call.angle >= 0 && call.angle < range[0]) return undefined;
        const key = transformKey(tokens.strings.get(range[0])!, pattern.transform, pattern.stripPrefix);
        if (!key) return undefined;
        const reference: FlagReference = {
          key,
          file,
          keySpan: span(starts[range[0]]!, ends[range[0]]!),
          callSpan: span(starts[receiver.first]!, ends[call.close]!),
          sdk: 'custom',
          pattern: patternId(pattern),
          kind: 'unknown',
          confidence: 'ast',
          via: 'literal',
        };
        if (pattern.valuePath) reference.valuePath = pattern.valuePath;
        if (pattern.negate) reference.negate = true;
        references.push(reference);
      }
    }
    return { references: references.sort((x, y) => x.keySpan.start - y.keySpan.start), exportsTypes: exportsTypes(tokens, text) };
  }
}

const exportModifiers = lazy(() => new Set<ts.SyntaxKind>([ts.SyntaxKind.DeclareKeyword, ts.SyntaxKind.AbstractKeyword, ts.SyntaxKind.AsyncKeyword]));

/**
 * Whether a statement exports an interface, type alias, class or function: by its declaration
 * (decorated too), as the default (whatever follows `export default`), or in a local list (`export { Ctx }`, not one
 * re-exporting from another module). What the analysis reads for types that lead to an SDK client
 * (`exportsLeadingToClients`).
 */
function exportsTypes(tokens: Tokens, text: string): boolean {
  const { kinds } = tokens;
  for (const at of tokens.topExports) {
    let i = at + 1;
    while (exportModifiers().has(kinds[i]!)) i++;
    const kind = kinds[i];
    // A decorator after `export` decorates a class (`export @dec class A`).
    if (kind === ts.SyntaxKind.InterfaceKeyword || kind === ts.SyntaxKind.ClassKeyword || kind === ts.SyntaxKind.FunctionKeyword || kind === ts.SyntaxKind.DefaultKeyword || kind === ts.SyntaxKind.AtToken) return true;
    if (kind === ts.SyntaxKind.TypeKeyword && kinds[i + 1] === ts.SyntaxKind.Identifier) return true;
    const list = kind === ts.SyntaxKind.TypeKeyword && kinds[i + 1] === ts.SyntaxKind.OpenBraceToken ? i + 1 : kind === ts.SyntaxKind.OpenBraceToken ? i : -1;
    if (list >= 0 && !reexportsFrom(tokens, text, list)) return true;
  }
  return false;
}

/** Whether the list opened at token `open` (`export { … }`) is followed by `from`: names of another module. */
function reexportsFrom(tokens: Tokens, text: string, open: number): boolean {
  const { kinds, starts, ends } = tokens;
  let close = open + 1;
  while (close < kinds.length && kinds[close] !== ts.SyntaxKind.CloseBraceToken) close++;
  const next = close + 1;
  return next < kinds.length && isName(kinds[next]!) && text.slice(starts[next]!, ends[next]!) === 'from';
}

/** Whitespace and line breaks as TypeScript's scanner skips them (U+0085 and U+200B too, which `\s` is not). */
function isTriviaSpace(ch: number): boolean {
  return (ch >= 9 && ch <= 13) || ch === 32 || ch === 0xa0 || ch === 0x85 || ch === 0x1680 || (ch >= 0x2000 && ch <= 0x200b) || ch === 0x2028 || ch === 0x2029 || ch === 0x202f || ch === 0x205f || ch === 0x3000 || ch === 0xfeff;
}

/** Where the whitespace and comments from `at` end (the text's end inside an unclosed comment). */
function afterTrivia(text: string, at: number): number {
  let i = at;
  for (;;) {
    const ch = text.charCodeAt(i);
    if (isTriviaSpace(ch)) i++;
    else if (ch === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return text.length;
      i = close + 2;
    } else if (ch === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && !isLineBreak(text.charCodeAt(i))) i++;
    } else return i;
  }
}

const isLineBreak = (ch: number): boolean => ch === 10 || ch === 13 || ch === 0x2028 || ch === 0x2029;
const isAsciiLetter = (ch: number): boolean => (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122);
const wordExportModifiers = new Set(['declare', 'abstract', 'async']);

/**
 * Whether the text may export an interface, type alias, class or function (`exportsTypes` true:
 * by declaration, as the default, or in a list) without reading its tokens: false only where that reading says false, so the index skips reading
 * a file it would parse anyway. Strings and comments are not told apart here (an `export class` in
 * one is a yes), escaped keywords (`cl\u0061ss`) and conflict markers, which the scanner reads as a
 * keyword and as trivia, are a yes too. Linear: the trivia scanned after every `export` is capped at
 * twice the text (comments opened after `export` again and again), past which the answer is yes.
 */
export function mayExportTypes(text: string): boolean {
  if (text.includes('\\u') || /^(?:<{7}|={7}|>{7}|\|{7})/m.test(text)) return true;
  let budget = 2 * text.length;
  for (let at = text.indexOf('export'); at >= 0; at = text.indexOf('export', at + 1)) {
    const before = at > 0 ? text.charCodeAt(at - 1) : 32;
    if (isAsciiLetter(before) || (before >= 48 && before <= 57) || before === 95 || before === 36) continue;
    let i = at + 'export'.length;
    for (;;) {
      const next = afterTrivia(text, i);
      budget -= next - i;
      if (budget < 0) return true;
      // A list (`export { Ctx }`, `export{Ctx}`; one re-exporting from another module is a yes too), or a decorator (`export @dec class`).
      if (text.charCodeAt(next) === 123 || text.charCodeAt(next) === 64) return true;
      if (next === i) break;
      let end = next;
      while (isAsciiLetter(text.charCodeAt(end))) end++;
      const word = text.slice(next, end);
      // `export type X` and `export type { X }` alike: a list may export local types.
      if (word === 'interface' || word === 'class' || word === 'function' || word === 'default' || word === 'type') return true;
      if (!wordExportModifiers.has(word)) break;
      i = end;
    }
  }
  return false;
}

/**
 * The receiver before the dot at `dot`: `this`, a name, or names joined by dots, as
 * `normalizedPath` writes it. Undefined for anything else (a call, an index, a cast, a comment
 * inside, a `new` or a decorator before it).
 */
function receiverChain(text: string, tokens: Tokens, dot: number): { path: string; first: number } | undefined {
  const { kinds, starts, ends } = tokens;
  const names: string[] = [];
  let k = dot - 1;
  for (;;) {
    if (k < 0) return undefined;
    const kind = kinds[k]!;
    const afterDot = isDot(kinds[k - 1]);
    if (kind === ts.SyntaxKind.Identifier || (afterDot && isName(kind))) names.push(text.slice(starts[k]!, ends[k]!));
    else if (kind === ts.SyntaxKind.ThisKeyword) names.push('this');
    else return undefined;
    if (!afterDot) break;
    k -= 2;
  }
  const before = kinds[k - 1];
  if (before === ts.SyntaxKind.NewKeyword || before === ts.SyntaxKind.AtToken || before === ts.SyntaxKind.HashToken) return undefined;
  // A comment inside changes the text the analysis compares (line breaks and spaces do not).
  const written = text.slice(starts[k]!, starts[dot + 2]!);
  if (written.includes('/') || written.includes('\\')) return undefined;
  const joined = names.reverse().join('.');
  return { path: joined.startsWith('this.') ? joined.slice(5) : joined, first: k };
}
