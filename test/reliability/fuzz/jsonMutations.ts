import { parse as parseJsonc } from 'jsonc-parser';
import type { Rng } from './prng';
import { mutateTextTimes, weirdKey } from './textMutations';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Property names the config and flagd readers look at, so mutations reach past the syntax check. */
export const jsonVocabulary = [
  'flags', 'state', 'variants', 'defaultVariant', 'targeting', 'metadata', '$evaluators', '$ref', 'fractional', 'sem_ver', 'if', 'var', 'in', 'starts_with',
  'ends_with', '==', '!', 'merge', 'flagSetId', 'flagType', 'defaultValue', 'description', 'ENABLED', 'DISABLED', 'on', 'off',
  'patterns', 'function', 'method', 'receiver', 'property', 'keyArg', 'transform', 'stripPrefix', 'valuePath', 'negate', 'exclude', 'sources', 'flagd',
  'launchdarkly', 'unleash', 'pollIntervalSeconds', 'protectedEnvironments', 'stale', 'releasedAfterDays', 'inactiveAfterDays', 'typeLifetimeDays', 'url',
  'project', 'environments', 'baseUrl', 'paths', 'files', 'camelToKebab', 'camelToSnake', 'none', '$schema', '__proto__', 'constructor', 'toString',
];

const deepMarker = /"@@deep:(\d+):(\d+)@@"/g;

function deepText(kind: number, depth: number): string {
  switch (kind % 5) {
    case 0:
      return `${'['.repeat(depth)}${']'.repeat(depth)}`;
    case 1:
      return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    case 2:
      return `${'{"if":['.repeat(depth)}true${']}'.repeat(depth)}`;
    case 3:
      return `${'{"$ref":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
    default:
      return `${'[{"var":'.repeat(depth)}"x"${'}]'.repeat(depth)}`;
  }
}

function randomValue(rng: Rng, depth = 0): Json {
  switch (rng.int(depth > 2 ? 9 : 12)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -1, 1, 1.5, 20, 21, 1e308, -1e308, 2 ** 53 + 1, 36500, 36501, 10, 9]);
    case 3:
      return rng.pick(jsonVocabulary);
    case 4:
    case 5:
      return weirdKey(rng);
    case 6:
      return 'x'.repeat(rng.size(30_000));
    case 7:
      // Replaced by deeply nested JSON text after serialization.
      return `@@deep:${rng.int(5)}:${rng.size(6000)}@@`;
    case 8:
      return {};
    case 9:
      return Array.from({ length: rng.size(6) }, () => randomValue(rng, depth + 1));
    case 10: {
      const out: { [key: string]: Json } = {};
      for (let i = rng.size(5); i > 0; i--) out[rng.chance(0.6) ? rng.pick(jsonVocabulary) : weirdKey(rng)] = randomValue(rng, depth + 1);
      return out;
    }
    default:
      return { $ref: rng.pick(['a', 'b', 'self', weirdKey(rng)]) };
  }
}

/** Every container in the tree, so a mutation can land anywhere. */
function containers(value: Json, out: (Json[] | { [key: string]: Json })[] = [], depth = 0): (Json[] | { [key: string]: Json })[] {
  if (value === null || typeof value !== 'object' || depth > 200) return out;
  out.push(value);
  for (const child of Array.isArray(value) ? value : Object.values(value)) containers(child, out, depth + 1);
  return out;
}

function mutateTree(rng: Rng, root: Json): Json {
  const all = containers(root);
  if (all.length === 0 || rng.chance(0.03)) return randomValue(rng);
  const target = rng.pick(all);
  if (Array.isArray(target)) {
    const roll = rng.int(3);
    if (roll === 0 || target.length === 0) target.splice(rng.int(target.length + 1), 0, randomValue(rng));
    else if (roll === 1) target.splice(rng.int(target.length), 1);
    else target[rng.int(target.length)] = randomValue(rng);
    return root;
  }
  const keys = Object.keys(target);
  const roll = rng.int(4);
  if (roll === 0 || keys.length === 0) {
    // defineProperty so '__proto__' becomes an own key, as JSON.parse would make it.
    Object.defineProperty(target, rng.chance(0.7) ? rng.pick(jsonVocabulary) : weirdKey(rng), { value: randomValue(rng), enumerable: true, writable: true, configurable: true });
  } else if (roll === 1) {
    delete target[rng.pick(keys)];
  } else if (roll === 2) {
    target[rng.pick(keys)] = randomValue(rng);
  } else {
    const from = rng.pick(keys);
    const value = target[from]!;
    delete target[from];
    Object.defineProperty(target, rng.chance(0.5) ? rng.pick(jsonVocabulary) : weirdKey(rng), { value, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

/**
 * Structure-aware JSON mutation (values, keys, deep nesting, `$ref` cycles), then sometimes a
 * text-level mutation on top so the syntax-error paths get their share.
 */
export function mutateJson(rng: Rng, text: string, donor: string): string {
  let tree = parseJsonc(text, [], { allowTrailingComma: true }) as Json | undefined;
  if (tree === undefined) tree = {};
  for (let i = rng.size(6); i > 0; i--) tree = mutateTree(rng, tree);
  let out = JSON.stringify(tree, null, rng.pick([0, 2, '\t'])) ?? 'null';
  out = out.replace(deepMarker, (_m, kind: string, depth: string) => deepText(Number(kind), Number(depth)));
  if (rng.chance(0.25)) out = mutateTextTimes(rng, out, donor, rng.size(3));
  return out;
}
