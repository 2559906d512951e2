import type { CustomPattern } from '../config/loadConfig';

/**
 * Callees whose argument 0 is a flag key in the SDKs the index recognizes (`sdkPatterns.ts`). Used
 * only to decide where completion is offered, so a name match is enough; the index decides what
 * really is a reference.
 */
const sdkKeyCallees: ReadonlySet<string> = new Set([
  'variation', 'variationDetail', 'boolVariation', 'boolVariationDetail', 'stringVariation', 'stringVariationDetail',
  'numberVariation', 'numberVariationDetail', 'jsonVariation', 'jsonVariationDetail', 'migrationVariation',
  'getBooleanValue', 'getStringValue', 'getNumberValue', 'getObjectValue',
  'getBooleanDetails', 'getStringDetails', 'getNumberDetails', 'getObjectDetails',
  'useFlag', 'useSuspenseFlag', 'useBooleanFlagValue', 'useStringFlagValue', 'useNumberFlagValue', 'useObjectFlagValue',
  'useBooleanFlagDetails', 'useStringFlagDetails', 'useNumberFlagDetails', 'useObjectFlagDetails',
  'isEnabled', 'getVariant', 'useVariant', 'getFeatureToggleDefinition',
  'isOn', 'isOff', 'getFeatureValue', 'evalFeature', 'feature', 'useFeatureIsOn', 'useFeatureValue', 'useFeature',
]);

export interface KeyPosition {
  /** The callee name before `(`. */
  callee: string;
  /** What is typed between the opening quote and the cursor. */
  typed: string;
  quote: string;
}

/** Where a callee takes its key: an argument, or a property (path) of the object literal there. */
export interface KeyPlace {
  arg: number;
  property?: readonly string[];
}

/** Key positions by callee: SDK calls take the key first, custom patterns say where (several may share a name). */
export function keyCallees(patterns: readonly CustomPattern[]): Map<string, KeyPlace[]> {
  const map = new Map<string, KeyPlace[]>([...sdkKeyCallees].map((name) => [name, [{ arg: 0 }]]));
  for (const pattern of patterns) {
    const name = pattern.function?.split('.').pop() ?? pattern.method;
    if (!name) continue;
    const place: KeyPlace = { arg: pattern.keyArg ?? 0, ...(pattern.keyProperty ? { property: pattern.keyProperty.split('.') } : {}) };
    map.set(name, [...(map.get(name) ?? []), place]);
  }
  return map;
}

/**
 * The unmatched opener left of `from` and, at its level, how many commas precede, where the
 * current element starts and whether it holds another quote (then the string typed is not the
 * element's whole value, unless that quote is a property name the caller checks).
 */
function enclosingOpener(line: string, from: number): { open: number; argument: number; elementStart: number; quoted: boolean } | undefined {
  let depth = 0;
  let argument = 0;
  let elementStart = -1;
  let quoted = false;
  for (let i = from; i >= 0; i--) {
    const char = line[i]!;
    if (char === ')' || char === ']' || char === '}') depth++;
    else if (char === '(' || char === '[' || char === '{') {
      if (depth === 0) return { open: i, argument, elementStart: elementStart < 0 ? i + 1 : elementStart, quoted };
      depth--;
    } else if (char === ',' && depth === 0) {
      if (elementStart < 0) elementStart = i + 1;
      argument++;
    } else if ((char === '"' || char === "'" || char === '`') && depth === 0 && argument === 0) quoted = true;
  }
  return undefined;
}

/** `flag:` / `'flag':` before a value in an object literal: the property name. */
function propertyBefore(text: string): string | undefined {
  const match = /^\s*(?:([A-Za-z_$][\w$]*)|'([^'\\]*)'|"([^"\\]*)")\s*:\s*$/.exec(text);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** No configured key path is deeper; bounds the walk outwards through nested object literals. */
const maxPropertyDepth = 8;

/**
 * Whether the cursor at the end of `linePrefix` sits inside a string literal that is the key
 * argument of a known call, e.g. `client.getBooleanValue('new-ch|`, or the key property of its
 * object argument, e.g. `isEnabled({ flag: 'new-ch|` for a pattern with `keyProperty`. Works on
 * one line of text so it needs no parse of a half-typed file.
 */
export function keyPositionAt(linePrefix: string, callees: ReadonlyMap<string, readonly KeyPlace[]>): KeyPosition | undefined {
  const quoteMatch = /(['"`])([^'"`\\]*)$/.exec(linePrefix);
  if (!quoteMatch) return undefined;
  const quote = quoteMatch[1]!;
  const typed = quoteMatch[2]!;
  if (quote === '`' && typed.includes('${')) return undefined;
  // Walk out from the quote: through object literals (collecting the property path) to the call's `(`.
  const path: string[] = [];
  let end = quoteMatch.index;
  for (;;) {
    const frame = enclosingOpener(linePrefix, end - 1);
    if (!frame) return undefined;
    if (linePrefix[frame.open] === '(') {
      if (frame.quoted && path.length === 0) return undefined;
      const callee = calleeBefore(linePrefix, frame.open);
      if (!callee) return undefined;
      const places = callees.get(callee) ?? [];
      const matches = places.some((p) => p.arg === frame.argument && (p.property ?? []).join('.') === path.join('.'));
      return matches ? { callee, typed, quote } : undefined;
    }
    if (linePrefix[frame.open] !== '{' || path.length === maxPropertyDepth) return undefined;
    const name = propertyBefore(linePrefix.slice(frame.elementStart, end));
    if (name === undefined) return undefined;
    path.unshift(name);
    // The object itself must be the whole value of the element around it (`fn({` or `options: {`).
    end = frame.open;
    const outer = enclosingOpener(linePrefix, end - 1);
    if (!outer) return undefined;
    const before = linePrefix.slice(outer.elementStart, end);
    if (linePrefix[outer.open] === '(' ? before.trim() !== '' : propertyBefore(before) === undefined) return undefined;
  }
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\t';
}

function isIdentifierChar(char: string): boolean {
  return /[\w$]/.test(char);
}

/**
 * The identifier that ends just before `end`, allowing whitespace and one type-argument list
 * (`useFlag<boolean> (`). A backwards scan, not a regular expression: a line of source is
 * untrusted, and `[\w$]*\s*(<…>)?\s*$` backtracks cubically on long runs of letters and spaces.
 */
function calleeBefore(line: string, end: number): string | undefined {
  let i = end - 1;
  while (i >= 0 && isSpace(line[i]!)) i--;
  if (line[i] === '>') {
    const open = line.lastIndexOf('<', i);
    if (open < 0 || /[<>()]/.test(line.slice(open + 1, i))) return undefined;
    i = open - 1;
    while (i >= 0 && isSpace(line[i]!)) i--;
  }
  const stop = i + 1;
  while (i >= 0 && isIdentifierChar(line[i]!)) i--;
  const name = line.slice(i + 1, stop);
  return /^[A-Za-z_$]/.test(name) ? name : undefined;
}
