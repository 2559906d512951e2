import type { Serving, SplitPart } from '../model';

/** A JsonLogic node as it appears in a flagd file, after `$ref` resolution. */
export type JsonLogic = unknown;

export interface TargetingSummary {
  serving: Serving;
  /** Variant names the targeting can return that the flag does not define (flagd would error at evaluation). */
  unknownVariants: string[];
  /** Other mistakes worth a warning, e.g. a fractional weight that is negative or not finite. */
  problems: string[];
}

const maxSummaryLength = 240;

/**
 * Turns flagd targeting into what a person needs at a glance: a single variation, a percentage
 * split, or "N rules" with a one-line summary such as
 * `email ends_with @example.com → on; else split on 25% · off 75%`.
 * `defaultVariant` is what flagd serves when targeting returns null or nothing matches.
 */
export function summarizeTargeting(targeting: JsonLogic, defaultVariant: string | undefined, variants: readonly string[]): TargetingSummary {
  const known = new Set(variants);
  const unknownVariants = new Set<string>();
  const problems = new Set<string>();
  const noteVariant: VariantNote = Object.assign(
    (name: string) => {
      if (!known.has(name)) unknownVariants.add(name);
    },
    { problem: (message: string) => void problems.add(message) },
  );
  const fallback: Serving = { type: 'variation', variation: defaultVariant ?? '' };
  if (targeting === undefined || targeting === null || (isRecord(targeting) && Object.keys(targeting).length === 0)) {
    return { serving: fallback, unknownVariants: [], problems: [] };
  }

  const direct = branchServing(targeting, defaultVariant, noteVariant);
  if (direct) return { serving: direct, unknownVariants: [...unknownVariants], problems: [...problems] };

  const count = countRules(targeting);
  const text = describeBranch(targeting, defaultVariant, noteVariant);
  const fallthrough = fallthroughOf(targeting, defaultVariant, noteVariant);
  const serving: Serving = { type: 'rules', count: Math.max(1, count), summary: truncate(text) };
  if (fallthrough) serving.fallthrough = fallthrough;
  return { serving, unknownVariants: [...unknownVariants], problems: [...problems] };
}

/** Called with each literal variant name the targeting can return; `problem` takes other warnings. */
type VariantNote = ((name: string) => void) & { problem?: (message: string) => void };

/** A branch that needs no rule: a literal variant, null (the default variant) or a fractional split. */
function branchServing(node: JsonLogic, defaultVariant: string | undefined, noteVariant: VariantNote): Exclude<Serving, { type: 'rules' }> | undefined {
  if (node === null) return defaultVariant === undefined ? undefined : { type: 'variation', variation: defaultVariant };
  if (isScalar(node)) {
    const name = String(node);
    noteVariant(name);
    return { type: 'variation', variation: name };
  }
  if (isRecord(node) && 'fractional' in node) {
    const split = fractionalSplit(node.fractional, noteVariant, defaultVariant);
    if (split) return split.length === 1 ? { type: 'variation', variation: split[0]!.variation } : { type: 'split', split };
  }
  return undefined;
}

/** What is served when no `if` condition matches: the last `else`, through nested chains. */
function fallthroughOf(node: JsonLogic, defaultVariant: string | undefined, noteVariant: VariantNote): Exclude<Serving, { type: 'rules' }> | undefined {
  if (!isRecord(node) || !Array.isArray(node.if)) return undefined;
  const args = node.if as JsonLogic[];
  if (args.length % 2 === 0) return defaultVariant === undefined ? undefined : { type: 'variation', variation: defaultVariant };
  const last = args[args.length - 1];
  return branchServing(last, defaultVariant, noteVariant) ?? fallthroughOf(last, defaultVariant, noteVariant);
}

/**
 * flagd `fractional`: an optional bucketing expression first, then `[variant, weight?]` entries with
 * relative weights (default 1). Percentages are rounded to 0.001 and the last non-zero part
 * absorbs the rounding so the split sums to exactly 100. Weights are scaled by the largest one
 * before summing, so huge weights (1e308 each) cannot overflow the total to Infinity; a negative
 * or non-finite weight counts as 0 and is reported.
 */
export function fractionalSplit(args: unknown, noteVariant: VariantNote = () => undefined, defaultVariant?: string): SplitPart[] | undefined {
  if (!Array.isArray(args)) return undefined;
  const entries = args.filter((entry): entry is unknown[] => Array.isArray(entry));
  if (entries.length === 0) return undefined;
  const weights = new Map<string, number[]>();
  for (const entry of entries) {
    if (entry.length === 0) continue;
    // A null bucket serves the default variant, as flagd does when targeting yields null.
    const variant = isScalar(entry[0]) ? String(entry[0]) : entry[0] === null ? (defaultVariant ?? 'default') : compact(entry[0]);
    if (isScalar(entry[0])) noteVariant(variant);
    const raw = entry.length >= 2 ? entry[1] : 1;
    let weight = 0;
    if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) weight = raw;
    else noteVariant.problem?.(`fractional weight ${typeof raw === 'number' ? String(raw) : compact(raw)} for '${variant}' must be a finite number ≥ 0; counted as 0.`);
    let list = weights.get(variant);
    if (!list) weights.set(variant, (list = []));
    list.push(weight);
  }
  let largest = 0;
  for (const list of weights.values()) for (const weight of list) largest = Math.max(largest, weight);
  if (largest <= 0) return undefined;
  // Every scaled weight is at most 1, so no sum here can overflow.
  const scaled = [...weights].map(([variation, list]) => [variation, list.reduce((sum, w) => sum + w / largest, 0)] as const);
  const total = scaled.reduce((sum, [, weight]) => sum + weight, 0);
  const parts = scaled.map(([variation, weight]) => ({ variation, percent: round3((weight / total) * 100) }));
  const sum = round3(parts.reduce((a, p) => a + p.percent, 0));
  if (sum !== 100) {
    const last = [...parts].reverse().find((p) => p.percent > 0);
    if (last) last.percent = round3(last.percent + (100 - sum));
  }
  return parts;
}

function countRules(node: JsonLogic): number {
  if (!isRecord(node)) return Array.isArray(node) ? node.reduce((n: number, child) => n + countRules(child), 0) : 0;
  if (Array.isArray(node.if)) {
    const args = node.if as JsonLogic[];
    let count = Math.floor(args.length / 2);
    // Results may nest further chains: `if [a, if [b, x, y], z]`.
    for (let i = 1; i < args.length; i += 2) count += countRules(args[i]);
    if (args.length % 2 === 1) count += countRules(args[args.length - 1]);
    return count;
  }
  return 0;
}

function describeBranch(node: JsonLogic, defaultVariant: string | undefined, noteVariant: VariantNote): string {
  const simple = branchServing(node, defaultVariant, noteVariant);
  if (simple) return simple.type === 'variation' ? simple.variation : `split ${describeSplit(simple.split)}`;
  if (isRecord(node) && Array.isArray(node.if)) {
    const args = node.if as JsonLogic[];
    const parts: string[] = [];
    for (let i = 0; i + 1 < args.length; i += 2) {
      parts.push(`${describeCondition(args[i])} → ${nested(args[i + 1], defaultVariant, noteVariant)}`);
    }
    const elseBranch = args.length % 2 === 1 ? args[args.length - 1] : null;
    if (args.length === 1) return describeCondition(args[0]);
    parts.push(`else ${nested(elseBranch, defaultVariant, noteVariant)}`);
    return parts.join('; ');
  }
  if (isRecord(node) && 'var' in node) return `variant from ${describeValue(node)}`;
  return `custom targeting ${compact(node)}`;
}

function nested(node: JsonLogic, defaultVariant: string | undefined, noteVariant: VariantNote): string {
  const text = describeBranch(node, defaultVariant, noteVariant);
  return isRecord(node) && Array.isArray(node.if) ? `(${text})` : text;
}

export function describeSplit(split: readonly SplitPart[]): string {
  return split.map((part) => `${part.variation} ${formatPercent(part.percent)}`).join(' · ');
}

function formatPercent(percent: number): string {
  return `${Number.isInteger(percent) ? percent : percent.toFixed(3).replace(/0+$/, '')}%`;
}

const comparisonOperators = new Set(['==', '===', '!=', '!==', '<', '<=', '>', '>=']);

/** One JsonLogic condition in words; unknown operators fall back to compact JSON. */
export function describeCondition(node: JsonLogic): string {
  if (!isRecord(node)) return describeValue(node);
  const [operator] = Object.keys(node);
  if (operator === undefined) return 'always';
  const raw = node[operator];
  const args = Array.isArray(raw) ? raw : [raw];
  switch (operator) {
    case 'var':
      return describeValue(node);
    case 'in': {
      const [needle, haystack] = args;
      if (Array.isArray(haystack)) return `${describeValue(needle)} in ${haystack.map(describeValue).join(', ')}`;
      // `{"in": ["@acme.com", {"var": "email"}]}` is a substring test.
      return `${describeValue(haystack)} contains ${describeValue(needle)}`;
    }
    case 'starts_with':
    case 'ends_with':
      return `${describeValue(args[0])} ${operator} ${describeValue(args[1])}`;
    case 'sem_ver': {
      const [subject, op, version] = args;
      const opText = typeof op === 'string' ? op : describeValue(op);
      return opText === '^' || opText === '~' ? `${describeValue(subject)} ${opText}${describeValue(version)}` : `${describeValue(subject)} ${opText} ${describeValue(version)}`;
    }
    case 'and':
    case 'or':
      return args.map((arg) => (isRecord(arg) && ('and' in arg || 'or' in arg) ? `(${describeCondition(arg)})` : describeCondition(arg))).join(` ${operator} `);
    case '!':
      return `not ${wrap(args[0])}`;
    case '!!':
      return describeCondition(args[0]);
    case 'if':
      return `(${describeBranch(node, undefined, () => undefined)})`;
    case 'fractional': {
      const split = fractionalSplit(raw);
      return split ? `split ${describeSplit(split)}` : compact(node);
    }
    default:
      if (comparisonOperators.has(operator)) {
        // `{"<": [1, {"var": "age"}, 10]}` is a between test.
        if (args.length === 3 && (operator === '<' || operator === '<=')) {
          return `${describeValue(args[0])} ${operator} ${describeValue(args[1])} ${operator} ${describeValue(args[2])}`;
        }
        return `${describeValue(args[0])} ${operator} ${describeValue(args[1])}`;
      }
      return compact(node);
  }
}

function wrap(node: JsonLogic): string {
  const text = describeCondition(node);
  return /\s/.test(text) ? `(${text})` : text;
}

function describeValue(node: JsonLogic): string {
  if (isRecord(node) && 'var' in node) {
    const name = Array.isArray(node.var) ? node.var[0] : node.var;
    return typeof name === 'string' || typeof name === 'number' ? String(name) : compact(node);
  }
  if (typeof node === 'string') return node;
  if (isScalar(node) || node === null) return String(node);
  if (Array.isArray(node)) return node.map(describeValue).join(', ');
  return describeCondition(node);
}

function compact(node: unknown): string {
  const text = JSON.stringify(node) ?? String(node);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function truncate(text: string): string {
  return text.length > maxSummaryLength ? `${text.slice(0, maxSummaryLength - 1)}…` : text;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
