import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { findDeepNesting, flattenDeepNesting, maxJsonNesting, type DeepRegion } from '../../util/jsonNesting';
import type { SourceProblem } from '../model';
import { indexFlags, isRecord, locator, type FlagIndex, type Locate } from './jsonLocations';

/**
 * Limits on what one flagd file may ask of us before anything recursive touches it. Each bad flag
 * is dropped with a problem at its line and the rest of the file still loads; only nesting outside
 * "flags" makes the whole file unusable.
 *
 * `$ref` is the other way to get unbounded work: flagd-core expands every reference by string
 * replacement, so evaluators that each use the next one twice grow the text exponentially, and a
 * chain of references nests arbitrarily deep after expansion.
 */

/** Nodes one flag's targeting or one evaluator may expand to through `$ref` (a real one has a few hundred). */
export const maxExpandedNodes = 20_000;
/** Nodes all expansions of one file may add up to: flagd-core expands every one of them in one string. */
const maxTotalExpandedNodes = 1_000_000;
/** How many evaluators one reference chain may pass through. */
const maxRefChain = 64;

export interface BoundedFlagd {
  /** The file's JSON without the flags (and evaluators) that broke a limit. */
  json: Record<string, unknown>;
  /** One per dropped flag or evaluator, at its place in the file. */
  problems: SourceProblem[];
  /** Set when the file cannot be used at all. */
  fatal?: SourceProblem;
}

/**
 * Drops flags nested deeper than `maxJsonNesting` (`deep`, found in the text before parsing) and
 * flags whose `$ref` expansion is too large or too deep; drops evaluators whose own expansion is.
 */
export function boundFlagd(root: Node, index: FlagIndex, json: Record<string, unknown>, deep: readonly DeepRegion[], at: Locate): BoundedFlagd {
  const problems: SourceProblem[] = [];
  const flags = isRecord(json.flags) ? { ...json.flags } : undefined;
  for (const region of deep) {
    const key = flags ? flagAt(index, region.offset) : undefined;
    if (key === undefined) return { json, problems, fatal: at(region.offset, `Nested deeper than ${maxJsonNesting} levels outside any flag; the file is not used.`) };
    if (!(key in flags!)) continue;
    delete flags![key];
    problems.push({ ...at(region.offset, `Flag '${key}' is nested deeper than ${maxJsonNesting} levels; the flag is skipped.`), severity: 'warning' });
  }
  const evaluators = isRecord(json.$evaluators) ? { ...json.$evaluators } : undefined;
  const out: Record<string, unknown> = { ...json, ...(flags ? { flags } : {}) };
  if (!evaluators || !flags) return { json: out, problems };

  const measure = new ExpansionMeter({ ...evaluators });
  let total = 0;
  const fits = (cost: Cost) => cost.nodes <= maxExpandedNodes && cost.depth <= maxJsonNesting && !cost.chain && total + cost.nodes <= maxTotalExpandedNodes;
  for (const name of Object.keys(evaluators)) {
    const cost = measure.evaluator(name);
    if (fits(cost)) {
      total += cost.nodes;
      continue;
    }
    delete evaluators[name];
    const node = findNodeAtLocation(root, ['$evaluators', name]);
    problems.push({ ...at(node?.parent?.offset ?? root.offset, `Evaluator '${name}' ${describeCost(cost)}; it is not used.`), severity: 'warning' });
  }
  for (const [key, flag] of Object.entries(flags)) {
    if (!isRecord(flag) || flag.targeting === undefined) continue;
    const cost = measure.value(flag.targeting, 0, []);
    if (fits(cost)) {
      total += cost.nodes;
      continue;
    }
    delete flags[key];
    const property = index.get(key);
    problems.push({ ...at(property?.offset ?? root.offset, `Flag '${key}': targeting ${describeCost(cost)}; the flag is skipped.`), severity: 'warning' });
  }
  return { json: { ...out, $evaluators: evaluators }, problems };
}

/**
 * The flagd text flagd-core may be given: the same flags and evaluators `parseFlagdFile` keeps, so
 * evaluation never meets what parsing refused. Files with neither deep nesting nor `$ref` pass as they are.
 */
export function boundedFlagdText(text: string): string {
  const deep = findDeepNesting(text);
  if (deep.length === 0 && !text.includes('"$ref"')) return text;
  const parseText = flattenDeepNesting(text, deep);
  const root = parseTree(parseText, [], { allowTrailingComma: false });
  if (!root || root.type !== 'object') return deep.length === 0 ? text : '{"flags":{}}';
  let whole: Record<string, unknown>;
  try {
    whole = JSON.parse(parseText) as Record<string, unknown>;
  } catch {
    return deep.length === 0 ? text : '{"flags":{}}';
  }
  const bounded = boundFlagd(root, indexFlags(findNodeAtLocation(root, ['flags'])), whole, deep, locator('', text));
  return bounded.fatal ? '{"flags":{}}' : JSON.stringify(bounded.json);
}

function describeCost(cost: Cost): string {
  if (cost.chain) return `refers through more than ${maxRefChain} evaluators`;
  if (cost.depth > maxJsonNesting) return `nests deeper than ${maxJsonNesting} levels once its $refs are expanded`;
  if (cost.nodes > maxExpandedNodes) return `expands to more than ${maxExpandedNodes} nodes through $ref`;
  return `would take the file's $ref expansions past ${maxTotalExpandedNodes} nodes`;
}

/** The flag whose definition contains this offset. */
function flagAt(index: FlagIndex, offset: number): string | undefined {
  for (const [key, property] of index) if (property.offset <= offset && offset < property.offset + property.length) return key;
  return undefined;
}

interface Cost {
  nodes: number;
  depth: number;
  /** The reference chain itself was too long. */
  chain?: boolean;
}

/**
 * Size and depth of a value with every `$ref` expanded, memoized per evaluator. Values are at most
 * `maxJsonNesting` deep here (the text was checked), and chains stop at `maxRefChain`, so the
 * recursion is bounded; cycles count once (they are reported where references are resolved).
 */
class ExpansionMeter {
  private readonly costs = new Map<string, Cost>();

  constructor(private readonly evaluators: Record<string, unknown>) {}

  evaluator(name: string, chain: readonly string[] = []): Cost {
    const known = this.costs.get(name);
    if (known) return known;
    if (chain.includes(name)) return { nodes: 1, depth: 1 };
    if (chain.length >= maxRefChain) return { nodes: 1, depth: 1, chain: true };
    const cost = this.value(this.evaluators[name], 0, [...chain, name]);
    this.costs.set(name, cost);
    return cost;
  }

  value(node: unknown, depth: number, chain: readonly string[]): Cost {
    if (Array.isArray(node) || isRecord(node)) {
      if (isRecord(node) && typeof node.$ref === 'string' && Object.keys(node).length === 1 && Object.prototype.hasOwnProperty.call(this.evaluators, node.$ref)) {
        const inner = this.evaluator(node.$ref, chain);
        return { nodes: inner.nodes, depth: depth + inner.depth, ...(inner.chain ? { chain: true } : {}) };
      }
      let nodes = 1;
      let deepest = depth + 1;
      let chained = false;
      for (const child of Array.isArray(node) ? node : Object.values(node)) {
        const cost = this.value(child, depth + 1, chain);
        nodes += cost.nodes;
        deepest = Math.max(deepest, cost.depth);
        chained ||= cost.chain === true;
        // Stop counting once over: the answer is "too big" either way.
        if (nodes > maxExpandedNodes) break;
      }
      return { nodes, depth: deepest, ...(chained ? { chain: true } : {}) };
    }
    return { nodes: 1, depth };
  }
}
