import type { Rng } from './prng';

/** Upper bound for one mutated file, so a case stays small (well under 200 KB). */
export const maxMutatedChars = 60_000;

/** Tokens that break or bend TS/TSX/JSON syntax in interesting ways. */
const tokens = [
  '(', ')', '{', '}', '[', ']', '<', '>', '`', '${', '}`', "'", '"', '\\', '/*', '*/', '//', ';', ',', ':', '?', '?.', '!', '...', '=>', '=', '.',
  'as const', 'as any', 'satisfies string', 'enum E {', 'const enum F { A = "x" }', 'import', 'export', 'export * from "./x";', 'export default ', 'from', 'require(',
  'import("./a")', 'new ', 'class ', 'function ', 'async ', 'await ', 'yield ', 'declare module "m" {', 'namespace N {', 'get ', 'static ', '#p', '@dec ', '<T,>', 'keyof ',
  'typeof ', 'delete ', 'void ', 'this.', 'super.', 'arguments', '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'null', 'undefined', 'NaN',
  '<div>', '</div>', '<Flag name="x" />', '<></>', '{...props}', 'useFlags()', 'useFlag(', 'useLDClient()', 'ldClient.variation(', 'client.getBooleanValue(',
  'gb.isOn(', 'useFeatureIsOn(', 'unleash.isEnabled(', 'withLDConsumer()(', 'useBooleanFlagValue(', 'OpenFeature.getClient()', 'LaunchDarkly.init("k")',
  '\u2028', '\u2029', '\0', '\uFEFF', '\uD800', '\uDC00', '\u202E', '\u00A0', '\r', '\r\n', '\t', '\v', '😀', '𝔘', 'ℌ', 'ǅ', 'İ', 'ß', '\u0301',
  '0x', '1e309', '-0', '0n', '08', '1_000', '/re/g', '/[/', '#!', '<<<<<<< HEAD', '=======', '>>>>>>>',
];

const identifierish = ['a', 'key', 'flag', 'FLAGS', 'client', 'ldClient', 'useFlags', 'variation', 'isEnabled', 'props', 'default', 'exports', 'module'];

export type Nesting = (rng: Rng, depth: number) => string;

/** Deeply nested constructs: the classic way to exhaust a recursive parser or analyzer. */
export const nestings: Nesting[] = [
  (_r, n) => `${'('.repeat(n)}x${')'.repeat(n)}`,
  (_r, n) => '('.repeat(n),
  (_r, n) => `${'['.repeat(n)}1${']'.repeat(n)}`,
  (_r, n) => `${'{'.repeat(n)}${'}'.repeat(n)}`,
  (_r, n) => `${"'a' + ".repeat(n)}'z'`,
  (_r, n) => `x${'.y'.repeat(n)}`,
  (_r, n) => `f${'()'.repeat(n)}`,
  (_r, n) => `${'c ? '.repeat(n)}x${' : y'.repeat(n)}`,
  (_r, n) => `${'`${'.repeat(n)}x${'}`'.repeat(n)}`,
  (_r, n) => `${'<div>'.repeat(n)}${'</div>'.repeat(n)}`,
  (_r, n) => `${'() => '.repeat(n)}1`,
  (_r, n) => `${'Array<'.repeat(n)}string${'>'.repeat(n)}`,
  (_r, n) => `${'if (a) {'.repeat(n)}${'}'.repeat(n)}`,
  (_r, n) => `${'!'.repeat(n)}x`,
  (_r, n) => `${'{a:'.repeat(n)}1${'}'.repeat(n)}`,
  (_r, n) => `'k'${' as any'.repeat(n)}`,
  (r, n) => `ldClient.variation(${'('.repeat(n)}'${r.pick(['k', 'new-checkout', ''])}'${')'.repeat(n)}, ctx, false)`,
  (_r, n) => `ldClient.variation(${"'a' + ".repeat(n)}'b', ctx, false)`,
  (_r, n) => `ldClient.variation(${'cond ? '.repeat(n)}'a'${" : 'b'".repeat(n)}, ctx, false)`,
];

/** A random string from the token list, an identifier, or raw code units. */
function randomToken(rng: Rng): string {
  const roll = rng.int(10);
  if (roll < 6) return rng.pick(tokens);
  if (roll < 8) return rng.pick(identifierish);
  let out = '';
  for (let i = rng.range(1, 8); i > 0; i--) out += String.fromCharCode(rng.chance(0.7) ? rng.range(0, 127) : rng.range(0, 0xffff));
  return out;
}

function span(rng: Rng, text: string): [number, number] {
  const start = rng.int(text.length + 1);
  const length = Math.min(text.length - start, rng.size(rng.chance(0.8) ? 64 : 4096));
  return [start, start + length];
}

function insertAt(rng: Rng, text: string, insert: string): string {
  const at = rng.int(text.length + 1);
  return text.slice(0, at) + insert + text.slice(at);
}

const stringLiteral = /(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g;

/** Replaces the contents of one string literal: flag keys are where the analyzers look hardest. */
function replaceStringContents(rng: Rng, text: string): string {
  const literals = [...text.matchAll(stringLiteral)];
  if (literals.length === 0) return insertAt(rng, text, `'${weirdKey(rng)}'`);
  const m = rng.pick(literals);
  const quote = m[1]!;
  const replacement = weirdKey(rng).replace(/\\/g, '\\\\').split(quote).join(`\\${quote}`);
  return text.slice(0, m.index) + quote + replacement + quote + text.slice(m.index! + m[0].length);
}

export function weirdKey(rng: Rng): string {
  return rng.pick([
    '', ' ', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '$ref', 'a.b', 'a/b', '../x', '*', '**', '%s', '${x}', '\\u0041',
    'new-checkout', 'newCheckout', 'NEW_CHECKOUT', 'org:new-checkout', 'x'.repeat(rng.size(20_000)), '\u2028', '\0', '\uD800', '😀', 'İ', 'ß',
  ]);
}

function spliceLines(rng: Rng, text: string, donor: string): string {
  const lines = text.split('\n');
  const donorLines = donor.split('\n');
  const from = rng.int(donorLines.length);
  const taken = donorLines.slice(from, from + rng.size(40));
  lines.splice(rng.int(lines.length + 1), rng.chance(0.3) ? rng.size(10) : 0, ...taken);
  return lines.join('\n');
}

/** Swaps two identifiers/words, keeping the token structure (a structure-aware nudge). */
function swapWords(rng: Rng, text: string): string {
  const words = [...text.matchAll(/[A-Za-z_$][\w$]*/g)];
  if (words.length < 2) return text;
  const a = rng.pick(words);
  const b = rng.pick(words);
  return text.slice(0, a.index) + b[0] + text.slice(a.index! + a[0].length);
}

/** One mutation at the code-unit, token or line level. `donor` is another seed for splicing. */
export function mutateText(rng: Rng, text: string, donor: string): string {
  switch (rng.int(12)) {
    case 0: {
      const [s, e] = span(rng, text);
      return text.slice(0, s) + text.slice(e);
    }
    case 1: {
      const [s, e] = span(rng, text);
      return insertAt(rng, text, text.slice(s, e).repeat(rng.chance(0.9) ? 1 : rng.size(50)));
    }
    case 2: {
      const [s1, e1] = span(rng, text);
      const [s2, e2] = span(rng, text);
      if (e1 > s2 || e2 <= s1) return text;
      return text.slice(0, s1) + text.slice(s2, e2) + text.slice(e1, s2) + text.slice(s1, e1) + text.slice(e2);
    }
    case 3:
    case 4:
      return insertAt(rng, text, randomToken(rng));
    case 5:
      return insertAt(rng, text, rng.pick(identifierish) + 'x'.repeat(rng.size(30_000)));
    case 6:
      return insertAt(rng, text, rng.pick(nestings)(rng, rng.size(5000)));
    case 7:
      return insertAt(rng, text, `'${'s'.repeat(rng.size(50_000))}'`);
    case 8:
      return replaceStringContents(rng, text);
    case 9:
      return spliceLines(rng, text, donor);
    case 10:
      return swapWords(rng, text);
    default: {
      if (text.length === 0) return randomToken(rng);
      const at = rng.int(text.length);
      return text.slice(0, at) + String.fromCharCode(rng.chance(0.5) ? rng.range(0, 127) : rng.range(0, 0xffff)) + text.slice(at + 1);
    }
  }
}

/** Several mutations; each that would push the text past the size bound is skipped. */
export function mutateTextTimes(rng: Rng, text: string, donor: string, count: number): string {
  let out = text;
  for (let i = 0; i < count; i++) {
    const next = mutateText(rng, out, donor);
    if (next.length <= maxMutatedChars) out = next;
  }
  return out;
}
