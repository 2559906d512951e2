import type { CustomPattern } from '../config/model';
import { ts } from '../util/typescript';
import { patternId, receiverMatches, transformKey } from './customPatterns';
import type { FlagReference } from './model';
import { containsWord } from './prefilter';
import { isClientMethodName } from './sdkPatterns';
import { lineStartsOf, textSpan } from './spans';

/** Keywords after which a `/` starts a regular expression, not a division. */
const regexAfterKeyword = new Set(['return', 'typeof', 'instanceof', 'in', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'extends']);
/** Words that are keywords in some places and names in others: a `/` after one is left to the parser. */
const ambiguousBeforeSlash = new Set(['of', 'yield', 'await', 'get', 'set', 'async', 'type', 'as', 'satisfies']);
const controlHeads = new Set(['if', 'while', 'for', 'with']);

interface Tokens {
  kinds: ts.SyntaxKind[];
  starts: number[];
  ends: number[];
  /** Cooked values of string literals, by token index. */
  strings: Map<number, string>;
}

/** An identifier, or a keyword (which names a property after a dot: `x.default`). */
function isName(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.Identifier || (kind >= ts.SyntaxKind.FirstKeyword && kind <= ts.SyntaxKind.LastKeyword);
}

function isDot(kind: ts.SyntaxKind | undefined): boolean {
  return kind === ts.SyntaxKind.DotToken || kind === ts.SyntaxKind.QuestionDotToken;
}

/**
 * The significant tokens of a TypeScript file (not TSX: JSX text is no code), with regular
 * expressions and template literals read as the parser reads them. Undefined where a `/` could be
 * either a division or a regular expression without the parser's context, or on any scan error.
 */
function tokensOf(text: string): Tokens | undefined {
  let failed = false;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text, () => {
    failed = true;
  });
  const tokens: Tokens = { kinds: [], starts: [], ends: [], strings: new Map() };
  const { kinds, starts, ends } = tokens;
  /** Open `{` (false) and template substitutions (true). */
  const braces: boolean[] = [];
  /** Open `(`: whether it holds the head of an if/while/for/with. */
  const parens: boolean[] = [];
  /** Per `)` token index: whether it closed such a head. */
  const closedControl = new Set<number>();
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    // An escaped name (`is\u0045nabled`) reads differently as text than as the name the analysis compares.
    if (failed || (isName(kind) && scanner.hasUnicodeEscape())) return undefined;
    const index = kinds.length;
    const previous = kinds[index - 1];
    if (kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) {
      const regex = regexMayStart(tokens, text, closedControl);
      if (regex === undefined) return undefined;
      if (regex) kind = scanner.reScanSlashToken();
    } else if (kind === ts.SyntaxKind.OpenBraceToken) braces.push(false);
    else if (kind === ts.SyntaxKind.TemplateHead) braces.push(true);
    else if (kind === ts.SyntaxKind.CloseBraceToken) {
      if (braces.length === 0) return undefined;
      if (braces.pop()) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateMiddle) braces.push(true);
      }
    } else if (kind === ts.SyntaxKind.OpenParenToken) {
      const before = index > 0 ? text.slice(starts[index - 1]!, ends[index - 1]!) : '';
      parens.push(previous !== undefined && !isDot(kinds[index - 2]) && controlHeads.has(before));
    } else if (kind === ts.SyntaxKind.CloseParenToken) {
      if (parens.length === 0) return undefined;
      if (parens.pop()) closedControl.add(index);
    } else if (kind === ts.SyntaxKind.StringLiteral) tokens.strings.set(index, scanner.getTokenValue());
    kinds.push(kind);
    starts.push(scanner.getTokenStart());
    ends.push(scanner.getTokenEnd());
  }
  return failed || braces.length > 0 || parens.length > 0 ? undefined : tokens;
}

/** Whether a `/` at the next token starts a regular expression; undefined when only the parser could tell. */
function regexMayStart(tokens: Tokens, text: string, closedControl: ReadonlySet<number>): boolean | undefined {
  const { kinds, starts, ends } = tokens;
  const last = kinds.length - 1;
  if (last < 0) return true;
  const kind = kinds[last]!;
  switch (kind) {
    case ts.SyntaxKind.CloseParenToken:
      return closedControl.has(last);
    case ts.SyntaxKind.CloseBraceToken:
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
    if (regexAfterKeyword.has(word)) return true;
    if (ambiguousBeforeSlash.has(word)) return undefined;
    return false;
  }
  return true;
}

/** `(` … `)` from the token after `open`: the token ranges of the arguments, and the closing token. */
function argumentsOf(kinds: readonly ts.SyntaxKind[], open: number): { args: [number, number][]; close: number } | undefined {
  const args: [number, number][] = [];
  let depth = 0;
  let first = open + 1;
  for (let i = open + 1; i < kinds.length; i++) {
    const kind = kinds[i]!;
    if (kind === ts.SyntaxKind.OpenParenToken || kind === ts.SyntaxKind.OpenBracketToken || kind === ts.SyntaxKind.OpenBraceToken || kind === ts.SyntaxKind.TemplateHead) depth++;
    else if (kind === ts.SyntaxKind.CloseBracketToken || kind === ts.SyntaxKind.CloseBraceToken || kind === ts.SyntaxKind.TemplateTail) depth--;
    else if (kind === ts.SyntaxKind.CloseParenToken) {
      if (depth === 0) {
        if (i > first) args.push([first, i - 1]);
        return { args, close: i };
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
 * only when something else makes them matter (they import a name that carries flags). The answer
 * is what the analysis of the parsed file gives for them, or undefined whenever the text holds
 * anything this reading cannot settle exactly — a receiver that is not a plain chain of names, a
 * key that is not one string literal, an optional or generic call of the method, another SDK-named
 * call, a function pattern's name, CommonJS or dynamic imports, a `/` only the parser can place —
 * and the file is then analyzed as before.
 */
export class LiteralCallReader {
  private readonly methods: CustomPattern[];
  /** Names whose mere presence sends the file to the analysis: function patterns, key-property methods. */
  private readonly analyzedNames: string[];

  constructor(patterns: readonly CustomPattern[]) {
    this.methods = patterns.filter((p) => p.method !== undefined && p.keyProperty === undefined);
    this.analyzedNames = [];
    for (const p of patterns) {
      if (p.function !== undefined) this.analyzedNames.push(p.function.split('.').pop()!);
      else if (p.method !== undefined && p.keyProperty !== undefined) this.analyzedNames.push(p.method);
      else if (p.property !== undefined) this.analyzedNames.push(p.property.split('.').pop()!);
    }
  }

  get usable(): boolean {
    return this.methods.length > 0;
  }

  read(file: string, text: string): FlagReference[] | undefined {
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
      if (!isDot(kinds[i - 1]) || !isName(kinds[i]!)) continue;
      const method = text.slice(starts[i]!, ends[i]!);
      const patterns = this.methods.filter((p) => p.method === method);
      const sdkNamed = isClientMethodName(method);
      if (patterns.length === 0 && !sdkNamed) continue;
      const next = kinds[i + 1];
      // `x.isEnabled?.(k)`, `x.isEnabled<T>(k)`: calls the analysis reads and this reading does not.
      if (next === ts.SyntaxKind.QuestionDotToken || next === ts.SyntaxKind.LessThanToken) return undefined;
      if (next !== ts.SyntaxKind.OpenParenToken) continue;
      // Without an argument a call names no flag, and its receiver is not typed (`emailService.isEnabled()`).
      const noArgument = kinds[i + 2] === ts.SyntaxKind.CloseParenToken;
      if (noArgument && patterns.length === 0) continue;
      const receiver = receiverChain(text, tokens, i - 1);
      if (!receiver) return undefined;
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
    return references.sort((x, y) => x.keySpan.start - y.keySpan.start);
  }
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
    if (kind === ts.SyntaxKind.Identifier || (afterDot && isName(kind))) names.unshift(text.slice(starts[k]!, ends[k]!));
    else if (kind === ts.SyntaxKind.ThisKeyword) names.unshift('this');
    else return undefined;
    if (!afterDot) break;
    k -= 2;
  }
  const before = kinds[k - 1];
  if (before === ts.SyntaxKind.NewKeyword || before === ts.SyntaxKind.AtToken || before === ts.SyntaxKind.HashToken) return undefined;
  // A comment inside changes the text the analysis compares (line breaks and spaces do not).
  const written = text.slice(starts[k]!, starts[dot + 2]!);
  if (written.includes('/') || written.includes('\\')) return undefined;
  const joined = names.join('.');
  return { path: joined.startsWith('this.') ? joined.slice(5) : joined, first: k };
}
