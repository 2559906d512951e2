import type { CustomPattern } from '../config/model';
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

/** Tests text for any of a set of identifiers as whole words, with native substring search only. */
export class NameMatcher {
  readonly names: readonly string[];

  constructor(names: Iterable<string>) {
    this.names = [...new Set(names)].filter((n) => n.length > 0);
  }

  test(text: string): boolean {
    for (const name of this.names) {
      for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
        const before = at > 0 ? text.charCodeAt(at - 1) : 32;
        const after = at + name.length < text.length ? text.charCodeAt(at + name.length) : 32;
        if (!isIdentifierChar(before) && !isIdentifierChar(after)) return true;
      }
    }
    return false;
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
    // The clause runs back to the nearest `import`/`export` keyword; it never contains a ';'.
    const start = Math.max(text.lastIndexOf('import', at), text.lastIndexOf('export', at));
    if (start < 0 || at - start > 4000 || text.lastIndexOf(';', at) > start) continue;
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
  }
  for (const alias of new Set(aliases)) {
    const members = new RegExp(`(?<![\\w$])${alias.replace(/\$/g, '\\$')}\\s*\\??\\.\\s*([\\w$]+)`, 'g');
    collect(members, text, parts, 1);
  }
  return parts.join('\n');
}

/** TypeScript files rarely `require`; JavaScript files often do. */
export function scansRequires(file: string): boolean {
  return /\.(c|m)?jsx?$/.test(file);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Decides whether a file can hold references given the flag-carrying names known so far. */
export function isCandidate(text: string, custom: NameMatcher, exported: NameMatcher, signature = importSignature(text)): boolean {
  return importsSdk(signature) || custom.test(text) || (exported.names.length > 0 && exported.test(signature));
}
