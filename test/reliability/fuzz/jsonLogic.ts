import type { Rng } from './prng';
import { weirdKey } from './textMutations';

/** JSON Logic operators flagd evaluates (standard ones plus flagd's own), and a few it does not know. */
const operators = ['if', 'if', 'if', '==', '===', '!=', '!', 'and', 'or', '<', '>', 'in', 'in', 'cat', 'var', 'fractional', 'fractional', 'sem_ver', 'sem_ver', 'starts_with', 'ends_with', '$ref', 'merge', 'missing', 'substr', 'nope'];
const contextVars = ['email', 'targetingKey', 'version', 'tier', '$flagd.flagKey', '$flagd.timestamp', 'nested.a', '', 'constructor'];
const semVerOps = ['=', '!=', '>', '>=', '<', '<=', '^', '~', 'bogus'];

function leaf(rng: Rng, variants: readonly string[]): unknown {
  switch (rng.int(10)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return variants.length > 0 ? rng.pick(variants) : 'on';
    case 4:
    case 5:
      return { var: rng.pick(contextVars) };
    case 6:
    case 7:
      return rng.pick([true, false, null, 0, -1, 1e21, 100, 'x', '1.2.3', '@example.com']);
    case 8:
      return weirdKey(rng);
    default:
      return [];
  }
}

/** A random targeting rule: well-formed enough that flagd's validator often accepts it, odd enough to hurt. */
export function randomTargeting(rng: Rng, variants: readonly string[], depth = 0): unknown {
  // flagd wants an object at the top of a rule.
  if (depth > 0 && (depth > 4 || rng.chance(0.25))) return leaf(rng, variants);
  const op = rng.pick(operators);
  const arg = () => randomTargeting(rng, variants, depth + 1);
  switch (op) {
    case 'if':
      return { if: Array.from({ length: rng.chance(0.8) ? 3 : rng.range(0, 5) }, arg) };
    case '==':
    case '===':
    case '!=':
    case '<':
    case '>':
    case 'in':
    case 'starts_with':
    case 'ends_with':
    case 'cat':
    case 'merge':
    case 'and':
    case 'or':
      return { [op]: Array.from({ length: rng.chance(0.85) ? 2 : rng.range(0, 4) }, arg) };
    case '!':
      return { '!': [arg()] };
    case 'missing':
      return { missing: [rng.pick(contextVars)] };
    case 'substr':
      return { substr: [arg(), rng.pick([0, 1, -1, 1e9])] };
    case 'fractional': {
      const buckets = variants.map((v) => [v, rng.pick([0, 1, 25, 50, 100, -5, 1e9, 0.5])]);
      return { fractional: rng.chance(0.5) ? [{ var: rng.pick(contextVars) }, ...buckets] : buckets };
    }
    case 'sem_ver':
      return { sem_ver: [{ var: 'version' }, rng.pick(semVerOps), rng.pick(['1.2.3', 'v2', '', '1.0.0-beta+x', '99999999999999999999.0.0'])] };
    case '$ref':
      return { $ref: rng.pick(['shared', 'missing', 'self', weirdKey(rng)]) };
    case 'var':
      return { var: [rng.pick(contextVars), arg()] };
    default:
      return { [op]: Array.from({ length: rng.range(0, 3) }, arg) };
  }
}

/**
 * Rewrites targeting, default variants and evaluators of a parsed flagd file, keeping its shape, so
 * the evaluator and the targeting summary see many rules instead of mostly schema errors.
 */
export function mutateFlagdLogic(rng: Rng, text: string): string | undefined {
  let json: { flags?: Record<string, Record<string, unknown>>; $evaluators?: Record<string, unknown> };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return undefined;
  }
  const flags = json.flags && typeof json.flags === 'object' ? Object.values(json.flags) : [];
  if (flags.length === 0) return undefined;
  // One flag at a time: flagd rejects the whole file for one bad rule.
  for (const flag of [rng.pick(flags)]) {
    if (!flag || typeof flag !== 'object') continue;
    const variants = flag.variants && typeof flag.variants === 'object' ? Object.keys(flag.variants) : [];
    flag.targeting = randomTargeting(rng, variants);
    if (rng.chance(0.2)) flag.defaultVariant = rng.chance(0.8) && variants.length > 0 ? rng.pick(variants) : rng.pick([null, 'missing-variant']);
  }
  if (rng.chance(0.3)) json.$evaluators = { shared: randomTargeting(rng, ['on', 'off']) };
  return JSON.stringify(json, null, rng.pick([0, 2]));
}
