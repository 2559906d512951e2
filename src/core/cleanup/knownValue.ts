import type { Node } from 'ts-morph';

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

/** Parses `--keep` text: booleans, numbers, null, JSON, otherwise the string itself. */
export function parseKeepValue(text: string): FlagValue {
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed === 'null') return null;
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
  if (/^[[{"]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as FlagValue;
    } catch {
      return text;
    }
  }
  return text;
}
