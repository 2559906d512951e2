import type { CustomPattern } from '../config/model';
import { sdkSpecifierHints } from './sdkPatterns';

const sdkImport = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](?:launchdarkly-[\w-]+|@launchdarkly\/|@openfeature\/|unleash-client|unleash-proxy-client|@unleash\/|@growthbook\/)/;

/** Cheap text test: does the file import a flag SDK? Most files of a large repo fail the first `includes`. */
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

export function camelCaseDisabledIn(text: string): boolean {
  return text.includes('useCamelCaseFlagKeys') && /useCamelCaseFlagKeys\s*:\s*false/.test(text);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Tests text for any of a set of identifiers, as whole words, with one regular expression. */
export class NameMatcher {
  private readonly regex: RegExp | undefined;
  readonly names: readonly string[];

  constructor(names: Iterable<string>) {
    this.names = [...new Set(names)].filter((n) => n.length > 0);
    this.regex = this.names.length ? new RegExp(`(?<![\\w$])(?:${this.names.map(escape).join('|')})(?![\\w$])`) : undefined;
  }

  test(text: string): boolean {
    if (this.regex === undefined) return false;
    // Plain substring search first: most files contain none of the names and never reach the regex.
    for (const name of this.names) if (text.includes(name)) return this.regex.test(text);
    return false;
  }
}

/** The identifiers a custom pattern needs to see in a file before it can match there. */
export function customPatternNames(patterns: readonly CustomPattern[]): string[] {
  const names: string[] = [];
  for (const p of patterns) {
    const name = p.function ?? p.method ?? p.property;
    if (name) names.push(name.split('.').pop()!);
  }
  return names;
}

/** Decides whether a file can hold references given the flag-carrying names known so far. */
export function isCandidate(text: string, custom: NameMatcher, exported: NameMatcher): boolean {
  return importsSdk(text) || custom.test(text) || (hasImports(text) && exported.test(text));
}
