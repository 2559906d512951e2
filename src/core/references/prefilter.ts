import type { CustomPattern } from '../config/model';
import { semicolonBetween } from './moduleFacts';
import { importsFlagCarryingSdk } from './sdkImports';
import { sdkSpecifierHints } from './sdkPatterns';

const sdkImport = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](?:launchdarkly-[\w-]+|@launchdarkly\/|@openfeature\/|unleash-client|unleash-proxy-client|@unleash\/|@growthbook\/)/;

/** Does this text (a file's import signature, or a whole file) import a flag SDK? */
export function importsSdk(text: string): boolean {
  for (const hint of sdkSpecifierHints) {
    if (text.includes(hint)) return sdkImport.test(text);
  }
  return false;
}

/** Whether the file has any import or require at all: a file without one cannot reach an SDK. */
export function hasImports(text: string): boolean {
  return text.includes('import') || text.includes('require(');
}

const ldConsumerCall = /\b(?:withLDConsumer|ldConsumer)\s*\([^()]*\)\s*\(\s*([\w$]+)\s*\)/g;

/** Components a file wraps with `withLDConsumer()(Component)`: they may be declared in another file. */
export function ldConsumerWrappedNames(text: string): string[] {
  if (!text.includes('LDConsumer') && !text.includes('ldConsumer')) return [];
  const names: string[] = [];
  ldConsumerCall.lastIndex = 0;
  for (let m = ldConsumerCall.exec(text); m; m = ldConsumerCall.exec(text)) names.push(m[1]!);
  return names;
}

export function camelCaseDisabledIn(text: string): boolean {
  return text.includes('useCamelCaseFlagKeys') && /useCamelCaseFlagKeys\s*:\s*false/.test(text);
}

function isIdentifierChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36 || code > 127;
}

/** Whether `word` occurs in the text as a whole identifier. */
export function containsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = at > 0 ? text.charCodeAt(at - 1) : 32;
    const after = at + word.length < text.length ? text.charCodeAt(at + word.length) : 32;
    if (!isIdentifierChar(before) && !isIdentifierChar(after)) return true;
  }
  return false;
}

/** Tests text for any of a set of identifiers as whole words, with native substring search only. */
export class NameMatcher {
  readonly names: readonly string[];

  constructor(names: Iterable<string>) {
    this.names = [...new Set(names)].filter((n) => n.length > 0);
  }

  test(text: string): boolean {
    for (const name of this.names) if (containsWord(text, name)) return true;
    return false;
  }
}

/** A cheap text test: does a file (or its import signature) mention what a test looks for? */
export interface TextProbe {
  test(text: string): boolean;
}

function skipSpaces(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

function skipSpacesBack(text: string, at: number): number {
  while (at >= 0 && isSpace(text.charCodeAt(at))) at--;
  return at;
}

/** `(`, `<` (type arguments), `?.(` or `!(` after a callee name: what can open the arguments of a call. */
function opensCall(text: string, at: number): boolean {
  const c = text.charCodeAt(skipSpaces(text, at));
  return c === 40 /* ( */ || c === 60 /* < */ || c === 63 /* ? */ || c === 33; /* ! */
}

/** After a receiver name: `.method`, `?.method` or `!.method`, with spaces between; the offset after the dot, or -1. */
function memberDot(text: string, at: number): number {
  let i = skipSpaces(text, at);
  // `(featureFlags).getFlag(`: the receiver's closing parentheses.
  while (text.charCodeAt(i) === 41 /* ) */) i = skipSpaces(text, i + 1);
  if (text.charCodeAt(i) === 33 /* ! */) i = skipSpaces(text, i + 1);
  if (text.charCodeAt(i) === 63 /* ? */) i++;
  if (text.charCodeAt(i) !== 46 /* . */) return -1;
  return skipSpaces(text, i + 1);
}

interface CallProbe {
  /** The identifier searched for (the callee name, or the receiver's last identifier). */
  word: string;
  /** Which argument is the key. */
  keyArg: number;
  /** With a receiver: the method that must follow it as `.method(`. */
  method?: string;
  /** A method without a receiver: the name must follow a `.`. */
  afterDot?: boolean;
}

/** Whether the call whose callee ends at `at` starts with a quoted key: then it can never make a wrapper. */
function literalFirstArgument(text: string, at: number): boolean {
  let i = skipSpaces(text, at);
  if (text.charCodeAt(i) === 33 /* ! */) i = skipSpaces(text, i + 1);
  if (text.charCodeAt(i) === 63 /* ? */ && text.charCodeAt(i + 1) === 46 /* . */) i = skipSpaces(text, i + 2);
  if (text.charCodeAt(i) !== 40 /* ( */) return false;
  const open = skipSpaces(text, i + 1);
  const quote = text.charCodeAt(open);
  if (quote !== 39 /* ' */ && quote !== 34 /* " */) return false;
  // The whole argument must be that one string: `'flag-' + name` passes a parameter on.
  for (let j = open + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 92 /* \ */) j++;
    else if (c === 10) return false;
    else if (c === quote) {
      const next = text.charCodeAt(skipSpaces(text, j + 1));
      return next === 44 /* , */ || next === 41; /* ) */
    }
  }
  return false;
}

/**
 * Whether the text holds a call the probe describes; with `keyedByName`, only a call whose key is
 * not a quoted literal counts (one that may pass a parameter on: a wrapper).
 */
function callProbeMatches(text: string, probe: CallProbe, keyedByName: boolean): boolean {
  const word = probe.word;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    let end = at + word.length;
    if ((at > 0 && isIdentifierChar(text.charCodeAt(at - 1))) || (end < text.length && isIdentifierChar(text.charCodeAt(end)))) continue;
    if (probe.method !== undefined) {
      const method = memberDot(text, end);
      if (method < 0 || !text.startsWith(probe.method, method) || isIdentifierChar(text.charCodeAt(method + probe.method.length))) continue;
      end = method + probe.method.length;
    } else if (probe.afterDot) {
      const dot = skipSpacesBack(text, at - 1);
      if (dot < 0 || text.charCodeAt(dot) !== 46) continue;
    }
    if (!opensCall(text, end)) continue;
    if (!keyedByName || probe.keyArg !== 0 || !literalFirstArgument(text, end)) return true;
  }
  return false;
}

/**
 * What a file must contain before a custom pattern can match in it, tighter than the bare name: a
 * function pattern needs a call of that name, a method pattern with a receiver needs
 * `receiver.method(` (spaces, `?.`, `!` and closing parentheses allowed), one without a receiver `.method(`; a property
 * pattern needs its last name. A file that only imports, re-exports or passes on `flagResolver`
 * is then not parsed for it.
 */
export class CustomPatternProbe implements TextProbe {
  private readonly calls: CallProbe[] = [];
  private readonly properties: NameMatcher;
  readonly empty: boolean;

  constructor(patterns: readonly CustomPattern[]) {
    const properties: string[] = [];
    for (const p of patterns) {
      if (p.function !== undefined) {
        const word = p.function.split('.').pop();
        if (word) this.calls.push({ word, keyArg: p.keyArg });
      } else if (p.method !== undefined) {
        const receiver = p.receiver ? p.receiver.match(/[\w$]+/g)?.pop() : undefined;
        if (receiver) this.calls.push({ word: receiver, method: p.method, keyArg: p.keyArg });
        else if (p.method) this.calls.push({ word: p.method, afterDot: true, keyArg: p.keyArg });
      } else if (p.property) {
        const name = p.property.split('.').pop();
        if (name) properties.push(name);
      }
    }
    this.properties = new NameMatcher(properties);
    this.empty = this.calls.length === 0 && this.properties.names.length === 0;
  }

  test(text: string): boolean {
    if (this.empty) return false;
    for (const probe of this.calls) if (callProbeMatches(text, probe, false)) return true;
    return this.properties.names.length > 0 && this.properties.test(text);
  }

  /**
   * Whether a call in the text may pass a key it did not write out (a parameter): only then can a
   * function here be a wrapper other files call. `flagResolver.isEnabled('x')` everywhere makes a
   * file worth parsing for its references, not a file other files' values must be followed into.
   * Property patterns always count: `flags[name]` reads a key from anywhere.
   */
  passesKeysOn(text: string): boolean {
    if (this.empty) return false;
    for (const probe of this.calls) if (callProbeMatches(text, probe, true)) return true;
    return this.properties.names.length > 0 && this.properties.test(text);
  }
}

/**
 * The identifiers a custom pattern needs to see in a file before it can match there. A method with a
 * receiver is keyed on the receiver's last identifier: common method names (`isEnabled`, `get`) would
 * otherwise pull every unrelated file into a full parse.
 */
export function customPatternNames(patterns: readonly CustomPattern[]): string[] {
  const names: string[] = [];
  for (const p of patterns) {
    const receiverName = p.method !== undefined && p.receiver ? p.receiver.match(/[\w$]+/g)?.pop() : undefined;
    const name = p.function ?? receiverName ?? p.method ?? p.property;
    if (name) names.push(name.split('.').pop()!);
  }
  return names;
}

const moduleCall = /\b(?:require|import)\s*\(\s*['"][^'"\n]+['"]\s*\)/g;
const importEquals = /\bimport\s+[\w$]+\s*=\s*require\s*\(\s*['"][^'"\n]+['"]\s*\)/g;
const requireDestructure = /\{[^{};]*\}\s*=\s*(?:await\s+)?(?:require|import)\s*\(\s*['"][^'"\n]+['"]/g;
const namespaceImport = /\*\s*as\s+([\w$]+)/g;
const moduleAlias = /\b(?:const|let|var)\s+([\w$]+)\s*=\s*(?:await\s+)?(?:require|import)\s*\(/g;

function collect(regex: RegExp, text: string, into: string[], group = 0): void {
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m; m = regex.exec(text)) into.push(m[group]!);
}

/**
 * The part of a file through which it can reach another module's exports: import and re-export
 * clauses, destructured requires, and the members read from namespace imports. Names found only
 * in comments, strings or unrelated code are not in it, so they do not make a file a candidate.
 */
export function importSignature(text: string, scanRequires = true): string {
  const parts: string[] = [];
  const aliases: string[] = [];
  for (let at = text.indexOf('from'); at >= 0; at = text.indexOf('from', at + 4)) {
    if (at > 0 && isIdentifierChar(text.charCodeAt(at - 1))) continue;
    let quote = at + 4;
    while (quote < text.length && isSpace(text.charCodeAt(quote))) quote++;
    const q = text[quote];
    if (q !== "'" && q !== '"') continue;
    const close = text.indexOf(q, quote + 1);
    if (close < 0 || close - quote > 300) continue;
    // The clause runs back to the nearest `import`/`export` keyword; it never contains a ';' (comments aside).
    const start = outsideComment(text, keywordBefore(text, at), at);
    if (start < 0 || at - start > 4000 || semicolonBetween(text, start, at)) continue;
    const clause = text.slice(start, close + 1);
    parts.push(clause);
    if (clause.includes('*')) collect(namespaceImport, clause, aliases, 1);
  }
  // CommonJS and dynamic imports: whole-file scans, so only where they are common (JavaScript) or asked for.
  if (scanRequires && (text.includes('require') || text.includes('import('))) {
    collect(moduleCall, text, parts);
    collect(importEquals, text, parts);
    collect(requireDestructure, text, parts);
    collect(moduleAlias, text, aliases, 1);
  } else if (!scanRequires && text.includes('require')) {
    // TypeScript's own CommonJS import (`import client = require('./client')`), the way `export =` modules are imported.
    collect(importEquals, text, parts);
  }
  for (const alias of new Set(aliases)) {
    const members = new RegExp(`(?<![\\w$])${alias.replace(/\$/g, '\\$')}\\s*\\??\\.\\s*([\\w$]+)`, 'g');
    collect(members, text, parts, 1);
  }
  return parts.join('\n');
}

/**
 * The nearest `import` or `export` before `at` that is a word of its own (not `exportReport`), within
 * 4,000 characters; or -1. Only that window is searched: a file without either keyword costs no
 * more per `from` than one with them.
 */
function keywordBefore(text: string, at: number): number {
  const from = Math.max(0, at - 4000);
  const window = text.slice(from, at + 6);
  let imp = window.lastIndexOf('import');
  let exp = window.lastIndexOf('export');
  while (imp >= 0 || exp >= 0) {
    const start = Math.max(imp, exp);
    if (!isNameChar(text, from + start - 1) && !isNameChar(text, from + start + 6)) return from + start;
    if (start === imp) imp = start > 0 ? window.lastIndexOf('import', start - 1) : -1;
    else exp = start > 0 ? window.lastIndexOf('export', start - 1) : -1;
  }
  return -1;
}

/**
 * A keyword found inside a comment of the clause (`import C, // the default import` then
 * `{ type T } from './types'`) does not start it: the keyword before that comment does, when the
 * clause from there holds no `;` (a `//` in a string on the line makes this look once more, nothing
 * else). Searched within 4,000 characters before the keyword.
 */
function outsideComment(text: string, keyword: number, at: number): number {
  if (keyword < 0) return keyword;
  const from = Math.max(0, keyword - 4000);
  const before = text.slice(from, keyword);
  const slash = before.indexOf('//', before.lastIndexOf('\n') + 1);
  const open = before.lastIndexOf('/*');
  const comment = slash >= 0 ? slash : open >= 0 && before.lastIndexOf('*/') < open ? open : -1;
  if (comment < 0) return keyword;
  const earlier = keywordBefore(text, from + comment);
  return earlier >= 0 && at - earlier <= 4000 && !semicolonBetween(text, earlier, at) ? earlier : keyword;
}

/** Whether the character at `at` continues a name (a non-ASCII space such as U+00A0 does not). */
function isNameChar(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code <= 127 || Number.isNaN(code)) return isIdentifierChar(code);
  return /[\p{ID_Continue}\u200c\u200d]/u.test(text[at]!);
}

/** TypeScript files rarely `require`; JavaScript files often do. */
export function scansRequires(file: string): boolean {
  return /\.(c|m)?jsx?$/.test(file);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Decides whether a file can hold references given the flag-carrying names known so far. */
export function isCandidate(text: string, custom: TextProbe, exported: NameMatcher, signature = importSignature(text)): boolean {
  return (importsSdk(signature) && importsFlagCarryingSdk(text)) || custom.test(text) || (exported.names.length > 0 && exported.test(signature));
}
