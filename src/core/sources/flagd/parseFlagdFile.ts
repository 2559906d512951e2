import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { FlagKind, Serving, SourceProblem } from '../model';
import { describeError } from '../../errors';
import { findDeepNesting, flattenDeepNesting } from '../../util/jsonNesting';
import { boundFlagd } from './flagdLimits';
import { flagNode, indexFlags, isRecord, locator, positionOfNode, type FlagIndex, type Locate } from './jsonLocations';
import { summarizeTargeting, type JsonLogic } from './summarizeTargeting';
import { validateFlagd, valueKind, type ValidationCache } from './validateFlagd';

/** One flag as the file states it, before it is merged with other files into the model. */
export interface FlagdFlag {
  key: string;
  on: boolean;
  kind: FlagKind;
  variants: { name: string; value: unknown }[];
  defaultVariant?: string;
  serving: Serving;
  /** Flag-set metadata merged under the flag's own (flag wins), as flagd does. */
  metadata: Record<string, string | number | boolean>;
  /** Where the flag's key is written (0-based). */
  line: number;
  character: number;
}

export interface ManifestFlag {
  key: string;
  kind: FlagKind;
  defaultValue: unknown;
  description?: string;
  line: number;
  character: number;
}

export type ParsedFlagdFile =
  | { kind: 'flagd'; flagSetId?: string; metadata: Record<string, unknown>; flags: FlagdFlag[]; problems: SourceProblem[] }
  | { kind: 'manifest'; flags: ManifestFlag[]; problems: SourceProblem[] }
  /** A `flags.json` that is neither format: not ours, ignored without complaint. */
  | { kind: 'unrelated'; problems: SourceProblem[] };

export interface ParseOutcome {
  /** Undefined when the file is unusable (syntax or schema errors); the caller keeps the last good state. */
  parsed: ParsedFlagdFile | undefined;
  problems: SourceProblem[];
}

/**
 * Parses one flag file. Syntax errors come from jsonc-parser (so they carry a 0-based line and
 * character); the flagd schema is checked by @openfeature/flagd-core's strict validation, and its
 * errors are pointed back at the offending node. A file that fails either yields problems and no
 * result, so the source keeps the file's last good state.
 */
export async function parseFlagdFile(file: string, text: string, options: { requireFlagd: boolean; cache?: ValidationCache }): Promise<ParseOutcome> {
  try {
    return await parseChecked(file, text, options);
  } catch (error) {
    // A backstop, not the mechanism (limits are checked before parsing): one file never takes the others down.
    return { parsed: undefined, problems: [{ file, line: 0, character: 0, message: `Could not read the flag file: ${describeError(error)}` }] };
  }
}

async function parseChecked(file: string, text: string, options: { requireFlagd: boolean; cache?: ValidationCache }): Promise<ParseOutcome> {
  const at = locator(file, text);
  // Nesting deeper than any real file is cut out before any parser or walker recurses into it
  // (offsets and lines stay the same); the flag that held it is skipped below.
  const deep = findDeepNesting(text);
  const parseText = flattenDeepNesting(text, deep);
  const errors: ParseError[] = [];
  const root = parseTree(parseText, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  if (errors.length > 0) {
    const first = errors[0]!;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return { parsed: undefined, problems: [at(first.offset, `Invalid JSON: ${describeParseError(first.error)}${more}.`)] };
  }
  if (!root || root.type !== 'object') {
    if (!options.requireFlagd) return { parsed: { kind: 'unrelated', problems: [] }, problems: [] };
    return { parsed: undefined, problems: [at(root?.offset ?? 0, 'Expected a JSON object with a "flags" map.')] };
  }
  // Plain objects (jsonc-parser's values have no prototype); the text is strict JSON by now.
  const whole = JSON.parse(parseText) as Record<string, unknown>;
  const flagsNode = findNodeAtLocation(root, ['flags']);
  if (!isRecord(whole.flags)) {
    if (!options.requireFlagd) return { parsed: { kind: 'unrelated', problems: [] }, problems: [] };
    return { parsed: undefined, problems: [at(flagsNode?.offset ?? root.offset, 'Expected a "flags" object mapping flag keys to definitions.')] };
  }
  const all = Object.values(whole.flags);
  const looksLikeManifest = all.length > 0 && all.every((f) => isRecord(f) && ('flagType' in f || 'defaultValue' in f) && !('state' in f) && !('variants' in f));
  const looksLikeFlagd = all.length === 0 || all.some((f) => isRecord(f) && ('state' in f || 'variants' in f));
  if (!looksLikeManifest && !looksLikeFlagd && !options.requireFlagd) return { parsed: { kind: 'unrelated', problems: [] }, problems: [] };

  const index = indexFlags(flagsNode);
  const bounded = boundFlagd(root, index, whole, deep, at);
  if (bounded.fatal) return { parsed: undefined, problems: [bounded.fatal] };
  bounded.problems.push(...duplicateFlagProblems(flagsNode, at));
  const json = bounded.json;
  const flags = json.flags as Record<string, unknown>;
  if (looksLikeManifest) return withProblems(parseManifest(root, index, flags, at), bounded.problems);

  const problems = await validateFlagd(root, index, json, at, options.cache);
  if (problems.length > 0) return { parsed: undefined, problems: [...bounded.problems, ...problems] };
  return withProblems(mapFlagd(root, index, json, at), bounded.problems);
}

/** Problems found before parsing (skipped flags) go first, on the result and the outcome alike. */
function withProblems(outcome: ParseOutcome, earlier: readonly SourceProblem[]): ParseOutcome {
  if (earlier.length === 0) return outcome;
  const problems = [...earlier, ...outcome.problems];
  return { parsed: outcome.parsed ? { ...outcome.parsed, problems } : undefined, problems };
}

function mapFlagd(root: Node, index: FlagIndex, json: Record<string, unknown>, at: Locate): ParseOutcome {
  const problems: SourceProblem[] = [];
  const evaluators = isRecord(json.$evaluators) ? json.$evaluators : {};
  const setMetadata = isRecord(json.metadata) ? json.metadata : {};
  const flags: FlagdFlag[] = [];
  const reportedCycles = new Set<string>();
  for (const [key, raw] of Object.entries(json.flags as Record<string, unknown>)) {
    const flag = raw as { state: string; variants: Record<string, unknown>; defaultVariant?: string | null; targeting?: unknown; metadata?: Record<string, unknown> };
    const position = positionOfNode(at, flagNode(index, root, key));
    const variantNames = Object.keys(flag.variants);
    const defaultVariant = typeof flag.defaultVariant === 'string' ? flag.defaultVariant : undefined;
    const refs: RefProblems = { unresolved: new Set(), cycles: new Map() };
    const targeting = resolveRefs(flag.targeting, evaluators, refs, []);
    for (const name of refs.unresolved) {
      problems.push({ ...at(flagNode(index, root, key, ['targeting']).offset, `Flag '${key}' refers to evaluator '${name}', which $evaluators does not define.`), severity: 'warning' });
    }
    for (const [text, cycle] of refs.cycles) {
      if (reportedCycles.has(text)) continue;
      reportedCycles.add(text);
      // Where the cycle closes: the evaluator whose `$ref` leads back.
      const closing = findNodeAtLocation(root, ['$evaluators', cycle[cycle.length - 2]!]);
      problems.push({ ...at(closing?.parent?.offset ?? flagNode(index, root, key, ['targeting']).offset, `\`$ref\` cycle: ${text} (used by flag '${key}').`), severity: 'warning' });
    }
    const summary = summarizeTargeting(targeting as JsonLogic, defaultVariant, variantNames);
    for (const message of summary.problems) {
      problems.push({ ...at(flagNode(index, root, key, ['targeting']).offset, `Flag '${key}': ${message}`), severity: 'warning' });
    }
    for (const name of summary.unknownVariants) {
      problems.push({ ...at(flagNode(index, root, key, ['targeting']).offset, `Flag '${key}' targeting returns variant '${name}', which is not in its variants.`), severity: 'warning' });
    }
    const metadata = { ...scalarRecord(setMetadata), ...scalarRecord(flag.metadata ?? {}) };
    flags.push({
      key,
      on: flag.state === 'ENABLED',
      kind: kindOf(Object.values(flag.variants)),
      variants: Object.entries(flag.variants).map(([name, value]) => ({ name, value })),
      defaultVariant,
      serving: summary.serving,
      metadata,
      line: position.line,
      character: position.character,
    });
  }
  const flagSetId = typeof setMetadata.flagSetId === 'string' && setMetadata.flagSetId.trim() ? setMetadata.flagSetId.trim() : undefined;
  return { parsed: { kind: 'flagd', flagSetId, metadata: setMetadata, flags, problems }, problems };
}

function parseManifest(root: Node, index: FlagIndex, flags: Record<string, unknown>, at: Locate): ParseOutcome {
  const problems: SourceProblem[] = [];
  const result: ManifestFlag[] = [];
  for (const [key, raw] of Object.entries(flags)) {
    const entry = raw as Record<string, unknown>;
    const keyNode = flagNode(index, root, key);
    const position = positionOfNode(at, keyNode);
    const flagType = typeof entry.flagType === 'string' ? entry.flagType : undefined;
    const kind = manifestKind(flagType, entry.defaultValue);
    if (!kind) {
      problems.push({ ...at(keyNode.offset, `Manifest flag '${key}' has an unknown flagType ${JSON.stringify(entry.flagType)}.`), severity: 'warning' });
      continue;
    }
    result.push({
      key,
      kind,
      defaultValue: entry.defaultValue,
      description: typeof entry.description === 'string' ? entry.description : undefined,
      line: position.line,
      character: position.character,
    });
  }
  return { parsed: { kind: 'manifest', flags: result, problems }, problems };
}

function manifestKind(flagType: string | undefined, defaultValue: unknown): FlagKind | undefined {
  switch (flagType) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'integer':
    case 'float':
    case 'number':
      return 'number';
    case 'object':
      return 'json';
    case undefined:
      return kindOf([defaultValue]);
    default:
      return undefined;
  }
}

interface RefProblems {
  /** Names no evaluator has. */
  unresolved: Set<string>;
  /** `a → b → a` → the names along it. */
  cycles: Map<string, string[]>;
}

/**
 * Replaces `{"$ref": name}` with the named evaluator, recursively. A reference back into the chain
 * is a cycle (left as it is, and reported as one); the expansion's size and depth were bounded by
 * `boundFlagd` before this runs.
 */
function resolveRefs(node: unknown, evaluators: Record<string, unknown>, refs: RefProblems, stack: string[]): unknown {
  if (Array.isArray(node)) return node.map((child) => resolveRefs(child, evaluators, refs, stack));
  if (!isRecord(node)) return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0] === '$ref' && typeof node.$ref === 'string') {
    const name = node.$ref;
    if (stack.includes(name)) {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      refs.cycles.set(cycle.join(' → '), cycle);
      return node;
    }
    if (!Object.prototype.hasOwnProperty.call(evaluators, name)) {
      refs.unresolved.add(name);
      return node;
    }
    return resolveRefs(evaluators[name], evaluators, refs, [...stack, name]);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = resolveRefs(node[key], evaluators, refs, stack);
  return out;
}

export function kindOf(values: readonly unknown[]): FlagKind {
  const kinds = new Set(values.map(valueKind));
  if (kinds.size !== 1) return 'json';
  const [only] = kinds;
  return only === 'boolean' || only === 'string' || only === 'number' ? only : 'json';
}

function scalarRecord(value: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') out[key] = item;
  }
  return out;
}

function describeParseError(code: number): string {
  const name = printParseErrorCode(code as Parameters<typeof printParseErrorCode>[0]);
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * A key written twice: flagd (like JSON.parse) uses the last definition, so the hover shows that one,
 * but a reader may be looking at the first; say so at each copy. Toggles refuse such keys.
 */
function duplicateFlagProblems(flagsNode: Node | undefined, at: Locate): SourceProblem[] {
  const byKey = new Map<string, Node[]>();
  for (const property of flagsNode?.children ?? []) {
    const keyNode = property.children?.[0];
    if (keyNode && typeof keyNode.value === 'string') byKey.set(keyNode.value, [...(byKey.get(keyNode.value) ?? []), keyNode]);
  }
  const problems: SourceProblem[] = [];
  for (const [key, nodes] of byKey) {
    if (nodes.length < 2) continue;
    const lines = nodes.map((node) => (at(node.offset, '').line ?? 0) + 1);
    for (const node of nodes) {
      problems.push({ ...at(node.offset, `Flag '${key}' is defined ${nodes.length} times (lines ${lines.join(', ')}); flagd uses the last one.`), severity: 'warning' });
    }
  }
  return problems;
}
