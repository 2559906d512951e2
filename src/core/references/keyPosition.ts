import type { CustomPattern } from '../config/loadConfig';

/**
 * Callees whose argument 0 is a flag key in the SDKs the index recognizes (`sdkPatterns.ts`). Used
 * only to decide where completion is offered, so a name match is enough; the index decides what
 * really is a reference.
 */
const sdkKeyCallees: ReadonlySet<string> = new Set([
  'variation', 'variationDetail', 'boolVariation', 'boolVariationDetail', 'stringVariation', 'stringVariationDetail',
  'numberVariation', 'numberVariationDetail', 'jsonVariation', 'jsonVariationDetail',
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

/** Key argument positions by callee: SDK calls take the key first, custom patterns say where. */
export function keyCallees(patterns: readonly CustomPattern[]): Map<string, number> {
  const map = new Map<string, number>([...sdkKeyCallees].map((name) => [name, 0]));
  for (const pattern of patterns) {
    const name = pattern.function ?? pattern.method;
    if (name) map.set(name, pattern.keyArg ?? 0);
  }
  return map;
}

/**
 * Whether the cursor at the end of `linePrefix` sits inside a string literal that is the key
 * argument of a known call, e.g. `client.getBooleanValue('new-ch|`. Works on one line of text so
 * it needs no parse of a half-typed file.
 */
export function keyPositionAt(linePrefix: string, callees: ReadonlyMap<string, number>): KeyPosition | undefined {
  const quoteMatch = /(['"`])([^'"`\\]*)$/.exec(linePrefix);
  if (!quoteMatch) return undefined;
  const quote = quoteMatch[1]!;
  const typed = quoteMatch[2]!;
  if (quote === '`' && typed.includes('${')) return undefined;
  // Walk back from the quote to the unmatched `(`, counting top-level commas to know the argument index.
  let depth = 0;
  let argument = 0;
  let i = quoteMatch.index - 1;
  for (; i >= 0; i--) {
    const char = linePrefix[i]!;
    if (char === ')' || char === ']' || char === '}') depth++;
    else if (char === '(' || char === '[' || char === '{') {
      if (depth === 0) break;
      depth--;
    } else if (char === ',' && depth === 0) argument++;
    else if ((char === '"' || char === "'" || char === '`') && depth === 0 && argument === 0) return undefined;
  }
  if (i < 0 || linePrefix[i] !== '(') return undefined;
  const callee = calleeBefore(linePrefix, i);
  if (!callee) return undefined;
  const keyArg = callees.get(callee);
  return keyArg === argument ? { callee, typed, quote } : undefined;
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
