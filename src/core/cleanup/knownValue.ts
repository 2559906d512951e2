import { isDeepStrictEqual } from 'node:util';
import type { Node } from 'ts-morph';
import { FlagLensError } from '../errors';
import type { EvaluationKind } from '../references/model';
import type { FlagKind } from '../sources/model';

/** A JSON-like value a flag can serve. */
export type FlagValue = boolean | string | number | null | undefined | FlagValue[] | { [key: string]: FlagValue };

/**
 * The object a details/hook call returns (`variationDetail(...)`, `useFlag(k).value`, GrowthBook
 * `useFeature(k).on`): the flag value lives in one of its properties.
 */
export class ValueHolder {
  constructor(readonly fields: Readonly<Record<string, FlagValue>>) {}
}

/**
 * What cleanup knows about an expression: its value, plus the operands with side effects that were
 * evaluated before it and must still run (`track() && on` keeps `track()`).
 */
export interface Known {
  value: FlagValue | ValueHolder;
  effects: Node[];
}

export function isHolder(value: FlagValue | ValueHolder): value is ValueHolder {
  return value instanceof ValueHolder;
}

export function truthy(value: FlagValue): boolean {
  return Boolean(value);
}

/** The result holder for a call whose value sits under `valuePath` (or the usual SDK properties). */
export function holderFor(value: FlagValue, valuePath: string | undefined): ValueHolder {
  const fields: Record<string, FlagValue> = { value, on: truthy(value), off: !truthy(value) };
  if (valuePath) fields[valuePath] = value;
  return new ValueHolder(fields);
}

/** Source text for a value, written the way the surrounding file writes strings. */
export function literalText(value: FlagValue, quote: "'" | '"'): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return quoteString(value, quote);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NaN';
  if (typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => literalText(v, quote)).join(', ')}]`;
  const entries = Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : quoteString(k, quote)}: ${literalText(v, quote)}`);
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
}

export function quoteString(value: string, quote: "'" | '"'): string {
  const escaped = JSON.stringify(value).slice(1, -1);
  if (quote === '"') return `"${escaped}"`;
  return `'${escaped.replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** Strict/loose equality as JavaScript evaluates it, for the literal operand kinds cleanup folds. */
export function compareValues(left: FlagValue, right: FlagValue, operator: string): boolean | undefined {
  switch (operator) {
    case '===':
      return left === right;
    case '!==':
      return left !== right;
    case '==':
       
      return left == right;
    case '!=':
       
      return left != right;
  }
  if (typeof left === 'number' && typeof right === 'number') {
    switch (operator) {
      case '<':
        return left < right;
      case '<=':
        return left <= right;
      case '>':
        return left > right;
      case '>=':
        return left >= right;
    }
  }
  return undefined;
}

/** Deeper JSON than any flag serves; a guard against recursion blowing the stack. */
export const maxKeepDepth = 64;

/** Parses `--keep` text as written: booleans, numbers, null, JSON, otherwise the string itself. */
export function parseKeepValue(text: string): FlagValue {
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed === 'null') return null;
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
  if (/^[[{"]/.test(trimmed)) {
    checkNesting(trimmed);
    try {
      return JSON.parse(trimmed) as FlagValue;
    } catch {
      return text;
    }
  }
  return text;
}

/** How the flag is defined and used, to read `--keep` the way the person meant it. */
export interface KeepTarget {
  key: string;
  /** The flag's kind in each source that defines it (empty when none does). */
  kinds: readonly FlagKind[];
  /** Every variation value those sources define. */
  variations: readonly unknown[];
  /** How the code evaluates it (AST references only). */
  referenceKinds: readonly EvaluationKind[];
}

const falseWords = ['off', 'no', 'disabled', 'false', '0'];
const trueWords = ['on', 'yes', 'enabled', 'true', '1'];

/**
 * `--keep` for a flag: on a boolean flag (or boolean evaluations when no source defines it) the
 * usual words for on and off, anything else refused; on a flag whose source lists variations, one
 * of those values; otherwise as written. Refusals are `usage` errors naming what is accepted.
 */
export function resolveKeepValue(text: string, target: KeepTarget): FlagValue {
  const evaluated = target.referenceKinds.filter((kind) => kind !== 'unknown');
  // Unleash flags are boolean with variants besides on/off: those are matched as variations below.
  const isBoolean =
    target.kinds.length > 0
      ? target.kinds.every((kind) => kind === 'boolean') && target.variations.every((v) => typeof v === 'boolean')
      : evaluated.length > 0 && evaluated.every((kind) => kind === 'boolean');
  if (isBoolean) {
    const value = parseBooleanWord(text);
    if (value === undefined) {
      throw new FlagLensError('usage', `--keep ${JSON.stringify(text)} is not on or off for boolean flag '${target.key}': use ${trueWords.join(', ')} or ${falseWords.join(', ')} (or --keep-literal to keep it as written).`);
    }
    return value;
  }
  if (target.variations.length > 0) {
    const match = matchVariation(text, target.variations);
    if (match.found) return match.value;
    const word = parseBooleanWord(text);
    if (word !== undefined && target.variations.includes(word)) return word;
    const listed = target.variations.slice(0, 10).map((v) => JSON.stringify(v)).join(', ');
    const more = target.variations.length > 10 ? `, … (${target.variations.length} in all)` : '';
    throw new FlagLensError('usage', `--keep ${JSON.stringify(text)} is not a variation of '${target.key}': use one of ${listed}${more} (or --keep-literal to keep it as written).`);
  }
  if (target.kinds.length > 0 && target.kinds.every((kind) => kind === 'string')) return unquote(text);
  if (target.kinds.length > 0 && target.kinds.every((kind) => kind === 'number')) {
    const value = parseKeepValue(text);
    if (typeof value === 'number') return value;
    throw new FlagLensError('usage', `--keep ${JSON.stringify(text)} is not a number, and '${target.key}' is a number flag (or --keep-literal to keep it as written).`);
  }
  // Nothing says what kind of flag this is: `off` could be the boolean or a variation named "off", and
  // read as a string it is truthy, which would keep the ON branch. Ask instead of guessing.
  const word = parseBooleanWord(text);
  if (word !== undefined && evaluated.length === 0 && typeof parseKeepValue(text) === 'string') {
    throw new FlagLensError('usage', `--keep ${JSON.stringify(text)} is ambiguous: no flag source or typed reference says what kind of flag '${target.key}' is. Use --keep ${word} for the boolean, or --keep-literal to keep the string ${JSON.stringify(text)}.`);
  }
  return parseKeepValue(text);
}

/** on/off words, case-insensitive, bare or JSON-quoted; undefined for anything else. */
export function parseBooleanWord(text: string): boolean | undefined {
  let word = text.trim().toLowerCase();
  if (word.length >= 2 && word.startsWith('"') && word.endsWith('"')) word = word.slice(1, -1).trim();
  if (trueWords.includes(word)) return true;
  if (falseWords.includes(word)) return false;
  return undefined;
}

function matchVariation(text: string, variations: readonly unknown[]): { found: true; value: FlagValue } | { found: false } {
  // The text itself first: a string variation "25" is kept as the string, not the number.
  const candidates: unknown[] = [text, text.trim()];
  const trimmed = text.trim();
  checkNesting(trimmed);
  try {
    candidates.push(JSON.parse(trimmed));
  } catch {
    // Not JSON: only the raw text can match.
  }
  for (const candidate of candidates) {
    const index = variations.findIndex((variation) => isDeepStrictEqual(variation, candidate));
    if (index >= 0) return { found: true, value: variations[index] as FlagValue };
  }
  return { found: false };
}

function unquote(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // Not a JSON string after all: keep the text.
    }
  }
  return text;
}

/** Refuses JSON nested deeper than `maxKeepDepth`, counted without recursion (10k levels must not overflow). */
function checkNesting(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth > maxKeepDepth) throw new FlagLensError('usage', `--keep JSON is nested more than ${maxKeepDepth} levels deep; flag values are not.`);
    } else if (c === ']' || c === '}') depth--;
  }
}

/** True when a value (from a source, or parsed) nests deeper than `limit`; iterative, so any depth is safe to ask about. */
export function nestsDeeperThan(value: unknown, limit = maxKeepDepth): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(current as object)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}
