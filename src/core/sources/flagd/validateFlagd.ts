import { MemoryStorage } from '@openfeature/flagd-core';
import type { Node } from 'jsonc-parser';
import type { SourceProblem } from '../model';
import { flagNode, isRecord, nearestNode, type FlagIndex, type Locate } from './jsonLocations';

const silentFlagdLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
/** flagd-core hashes and compiles every flag it validates; batches keep the event loop responsive. */
const flagsPerBatch = 500;

/**
 * Remembers which flag definitions already passed flagd-core's strict validation, so an edit to
 * one flag of a 10k-flag file re-validates that flag, not the file. Keyed by the flag's JSON and
 * invalidated when `$evaluators` (which `$ref`s expand to) or the top level changes.
 */
export class ValidationCache {
  context = '';
  readonly flags = new Map<string, string>();
}

/**
 * Our own checks first, for the mistakes people make by hand (they get a precise message and
 * location); then flagd-core's strict schema validation, which catches everything else.
 */
export async function validateFlagd(root: Node, index: FlagIndex, json: Record<string, unknown>, at: Locate, cache = new ValidationCache()): Promise<SourceProblem[]> {
  const problems = checkByHand(root, index, json, at);
  if (problems.length > 0) return problems;

  const { flags, ...topLevel } = json as { flags: Record<string, unknown> };
  const context = JSON.stringify(topLevel);
  if (cache.context !== context) {
    cache.flags.clear();
    cache.context = context;
  }
  const pending = Object.entries(flags)
    .map(([key, flag]) => [key, flag, JSON.stringify(flag)] as const)
    .filter(([key, , text]) => cache.flags.get(key) !== text);
  // Validate the top level on its own too, so a bad "metadata" is found even when no flag changed.
  const batches = pending.length === 0 ? [[]] : chunk(pending, flagsPerBatch);
  for (const [i, batch] of batches.entries()) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const config = { ...topLevel, flags: Object.fromEntries(batch.map(([key, flag]) => [key, flag])) };
    try {
      new MemoryStorage(silentFlagdLogger, { disableDynamicCodeGeneration: true }).setConfigurations(JSON.stringify(config), true);
    } catch (error) {
      return [schemaProblem(root, error, at)];
    }
    for (const [key, , text] of batch) cache.flags.set(key, text);
  }
  for (const key of [...cache.flags.keys()]) if (!(key in flags)) cache.flags.delete(key);
  return [];
}

function checkByHand(root: Node, index: FlagIndex, json: Record<string, unknown>, at: Locate): SourceProblem[] {
  const problems: SourceProblem[] = [];
  for (const [key, raw] of Object.entries(json.flags as Record<string, unknown>)) {
    const nodeAt = (...path: string[]) => flagNode(index, root, key, path);
    if (!isRecord(raw)) {
      problems.push(at(nodeAt().offset, `Flag '${key}' must be an object.`));
      continue;
    }
    if (raw.state !== 'ENABLED' && raw.state !== 'DISABLED') {
      problems.push(at(nodeAt('state').offset, `Flag '${key}': "state" must be "ENABLED" or "DISABLED", not ${JSON.stringify(raw.state) ?? 'missing'}.`));
    }
    if (!isRecord(raw.variants) || Object.keys(raw.variants).length === 0) {
      problems.push(at(nodeAt('variants').offset, `Flag '${key}': "variants" must be an object with at least one variant.`));
      continue;
    }
    const kinds = new Set(Object.values(raw.variants).map(valueKind));
    if (kinds.size > 1) {
      problems.push(at(nodeAt('variants').offset, `Flag '${key}': all variants must have the same type (found ${[...kinds].join(', ')}).`));
    }
    if (kinds.has('other')) {
      problems.push(at(nodeAt('variants').offset, `Flag '${key}': variant values must be booleans, strings, numbers or objects.`));
    }
    const defaultVariant = raw.defaultVariant;
    if (defaultVariant !== undefined && defaultVariant !== null && (typeof defaultVariant !== 'string' || !(defaultVariant in raw.variants))) {
      problems.push(at(nodeAt('defaultVariant').offset, `Flag '${key}': defaultVariant ${JSON.stringify(defaultVariant)} is not one of its variants (${Object.keys(raw.variants).join(', ')}).`));
    }
  }
  return problems;
}

interface AjvError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** flagd-core puts the ajv errors as JSON after its message; the deepest path is the most useful one. */
function schemaProblem(root: Node, error: unknown, at: Locate): SourceProblem {
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
  const node = nearestNode(root, path);
  const where = path.length > 0 ? path.join('.') : 'file';
  const extra = deepest.params?.additionalProperty ? ` ('${String(deepest.params.additionalProperty)}')` : deepest.params?.allowedValues ? ` (${(deepest.params.allowedValues as unknown[]).join(', ')})` : '';
  return at(node.offset, `Invalid flagd ${where}: ${deepest.message ?? 'schema violation'}${extra}.`);
}

export function valueKind(value: unknown): 'boolean' | 'string' | 'number' | 'json' | 'other' {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'object' && value !== null) return 'json';
  return 'other';
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
