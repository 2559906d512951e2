import { MemoryStorage } from '@openfeature/flagd-core';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { FlagKind, SourceProblem } from '../model';
import { summarizeTargeting, type JsonLogic } from './summarizeTargeting';
import type { Serving } from '../model';

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

const silentFlagdLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Parses one flag file. Syntax errors come from jsonc-parser (so they carry a 0-based line and
 * character); the flagd schema is checked by @openfeature/flagd-core's strict validation, and its
 * errors are pointed back at the offending node. A file that fails either yields problems and no
 * result, so the source keeps the file's last good state.
 */
export function parseFlagdFile(file: string, text: string, options: { requireFlagd: boolean }): ParseOutcome {
  const lines = lineStarts(text);
  const at = (offset: number, message: string): SourceProblem => ({ file, message, ...positionOf(lines, offset) });
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
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
  const json = JSON.parse(text) as Record<string, unknown>;
  const flagsNode = findNodeAtLocation(root, ['flags']);
  const flags = json.flags;
  if (!isRecord(flags)) {
    if (!options.requireFlagd) return { parsed: { kind: 'unrelated', problems: [] }, problems: [] };
    return { parsed: undefined, problems: [at(flagsNode?.offset ?? root.offset, 'Expected a "flags" object mapping flag keys to definitions.')] };
  }
  const entries = Object.values(flags);
  const looksLikeManifest = entries.length > 0 && entries.every((f) => isRecord(f) && ('flagType' in f || 'defaultValue' in f) && !('state' in f) && !('variants' in f));
  if (looksLikeManifest) return parseManifest(root, indexFlags(flagsNode), flags, at);
  const looksLikeFlagd = entries.length === 0 || entries.some((f) => isRecord(f) && ('state' in f || 'variants' in f));
  if (!looksLikeFlagd && !options.requireFlagd) return { parsed: { kind: 'unrelated', problems: [] }, problems: [] };

  const index = indexFlags(flagsNode);
  const problems = validateFlagd(root, index, json, at);
  if (problems.length > 0) return { parsed: undefined, problems };
  return mapFlagd(root, index, json, at);
}

/** Property node per flag key: a 10k-flag file must not cost a linear search per flag. */
type FlagIndex = Map<string, Node>;

function indexFlags(flagsNode: Node | undefined): FlagIndex {
  const index: FlagIndex = new Map();
  for (const property of flagsNode?.children ?? []) {
    const keyNode = property.children?.[0];
    if (keyNode && typeof keyNode.value === 'string') index.set(keyNode.value, property);
  }
  return index;
}

/** The node at `path` inside flag `key` (the key itself for an empty path), or the nearest existing ancestor. */
function flagNode(index: FlagIndex, root: Node, key: string, path: (string | number)[] = []): Node {
  const property = index.get(key);
  if (!property) return root;
  if (path.length === 0) return property.children?.[0] ?? property;
  const value = property.children?.[1];
  return (value && findNodeAtLocation(value, path)) ?? value ?? property;
}

function mapFlagd(root: Node, index: FlagIndex, json: Record<string, unknown>, at: (offset: number, message: string) => SourceProblem): ParseOutcome {
  const problems: SourceProblem[] = [];
  const evaluators = isRecord(json.$evaluators) ? json.$evaluators : {};
  const setMetadata = isRecord(json.metadata) ? json.metadata : {};
  const flags: FlagdFlag[] = [];
  for (const [key, raw] of Object.entries(json.flags as Record<string, unknown>)) {
    const flag = raw as { state: string; variants: Record<string, unknown>; defaultVariant?: string | null; targeting?: unknown; metadata?: Record<string, unknown> };
    const position = positionOfNode(at, flagNode(index, root, key));
    const variantNames = Object.keys(flag.variants);
    const defaultVariant = typeof flag.defaultVariant === 'string' ? flag.defaultVariant : undefined;
    const unresolved = new Set<string>();
    const targeting = resolveRefs(flag.targeting, evaluators, unresolved, []);
    for (const name of unresolved) {
      problems.push({ ...at(flagNode(index, root, key, ['targeting']).offset, `Flag '${key}' refers to evaluator '${name}', which $evaluators does not define.`), severity: 'warning' });
    }
    const summary = summarizeTargeting(targeting as JsonLogic, defaultVariant, variantNames);
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

/**
 * Our own checks first, for the mistakes people make by hand (they get a precise message and
 * location); then flagd-core's strict schema validation, which catches everything else.
 */
function validateFlagd(root: Node, index: FlagIndex, json: Record<string, unknown>, at: (offset: number, message: string) => SourceProblem): SourceProblem[] {
  const problems: SourceProblem[] = [];
  const nodeAt = ([, key, ...rest]: string[]) => flagNode(index, root, key!, rest);
  for (const [key, raw] of Object.entries(json.flags as Record<string, unknown>)) {
    if (!isRecord(raw)) {
      problems.push(at(nodeAt(['flags', key]).offset, `Flag '${key}' must be an object.`));
      continue;
    }
    if (raw.state !== 'ENABLED' && raw.state !== 'DISABLED') {
      problems.push(at(nodeAt(['flags', key, 'state']).offset, `Flag '${key}': "state" must be "ENABLED" or "DISABLED", not ${JSON.stringify(raw.state) ?? 'missing'}.`));
    }
    if (!isRecord(raw.variants) || Object.keys(raw.variants).length === 0) {
      problems.push(at(nodeAt(['flags', key, 'variants']).offset, `Flag '${key}': "variants" must be an object with at least one variant.`));
      continue;
    }
    const kinds = new Set(Object.values(raw.variants).map(valueKind));
    if (kinds.size > 1) {
      problems.push(at(nodeAt(['flags', key, 'variants']).offset, `Flag '${key}': all variants must have the same type (found ${[...kinds].join(', ')}).`));
    }
    if (kinds.has('other')) {
      problems.push(at(nodeAt(['flags', key, 'variants']).offset, `Flag '${key}': variant values must be booleans, strings, numbers or objects.`));
    }
    const defaultVariant = raw.defaultVariant;
    if (defaultVariant !== undefined && defaultVariant !== null && (typeof defaultVariant !== 'string' || !(defaultVariant in raw.variants))) {
      problems.push(at(nodeAt(['flags', key, 'defaultVariant']).offset, `Flag '${key}': defaultVariant ${JSON.stringify(defaultVariant)} is not one of its variants (${Object.keys(raw.variants).join(', ')}).`));
    }
  }
  if (problems.length > 0) return problems;

  try {
    new MemoryStorage(silentFlagdLogger, { disableDynamicCodeGeneration: true }).setConfigurations(JSON.stringify(json), true);
  } catch (error) {
    problems.push(schemaProblem(root, error, at));
  }
  return problems;
}

interface AjvError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** flagd-core puts the ajv errors as JSON after its message; the deepest path is the most useful one. */
function schemaProblem(root: Node, error: unknown, at: (offset: number, message: string) => SourceProblem): SourceProblem {
  const message = error instanceof Error ? error.message : String(error);
  const jsonStart = message.indexOf('[');
  let details: AjvError[] = [];
  if (jsonStart >= 0) {
    try {
      details = JSON.parse(message.slice(jsonStart)) as AjvError[];
    } catch {
      details = [];
    }
  }
  const deepest = details
    .filter((d) => typeof d.instancePath === 'string')
    .sort((a, b) => b.instancePath!.split('/').length - a.instancePath!.split('/').length)[0];
  if (!deepest) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message.split('\n')[0]}` : '';
    return at(root.offset, `Not a valid flagd file${cause}.`);
  }
  const path = deepest.instancePath!.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: Node | undefined;
  for (let length = path.length; length >= 0 && !node; length--) node = findNodeAtLocation(root, path.slice(0, length));
  const where = path.length > 0 ? path.join('.') : 'file';
  const extra = deepest.params?.additionalProperty ? ` ('${String(deepest.params.additionalProperty)}')` : deepest.params?.allowedValues ? ` (${(deepest.params.allowedValues as unknown[]).join(', ')})` : '';
  return at((node ?? root).offset, `Invalid flagd ${where}: ${deepest.message ?? 'schema violation'}${extra}.`);
}

function parseManifest(root: Node, index: FlagIndex, flags: Record<string, unknown>, at: (offset: number, message: string) => SourceProblem): ParseOutcome {
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

/** Replaces `{"$ref": name}` with the named evaluator, recursively, guarding against cycles. */
function resolveRefs(node: unknown, evaluators: Record<string, unknown>, unresolved: Set<string>, stack: string[]): unknown {
  if (Array.isArray(node)) return node.map((child) => resolveRefs(child, evaluators, unresolved, stack));
  if (!isRecord(node)) return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0] === '$ref' && typeof node.$ref === 'string') {
    const name = node.$ref;
    if (!(name in evaluators) || stack.includes(name)) {
      unresolved.add(name);
      return node;
    }
    return resolveRefs(evaluators[name], evaluators, unresolved, [...stack, name]);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = resolveRefs(node[key], evaluators, unresolved, stack);
  return out;
}

export function kindOf(values: readonly unknown[]): FlagKind {
  const kinds = new Set(values.map(valueKind));
  if (kinds.size !== 1) return 'json';
  const [only] = kinds;
  return only === 'boolean' || only === 'string' || only === 'number' ? only : 'json';
}

function valueKind(value: unknown): 'boolean' | 'string' | 'number' | 'json' | 'other' {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'object' && value !== null) return 'json';
  return 'other';
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

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionOf(starts: readonly number[], offset: number): { line: number; character: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - starts[low]! };
}

function positionOfNode(at: (offset: number, message: string) => SourceProblem, node: Node): { line: number; character: number } {
  const problem = at(node.offset, '');
  return { line: problem.line ?? 0, character: problem.character ?? 0 };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
