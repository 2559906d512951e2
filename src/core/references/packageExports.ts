/**
 * What a package.json says a subpath of the package is: its `exports` map (subpaths, `*` patterns,
 * conditions) and `typesVersions`. Pure functions over the parsed JSON; the resolver turns the
 * targets into files.
 */

/**
 * Conditions in the order we try them. Every branch is kept (not only the first that Node would
 * take): we want the file the source came from, and a `types` or `source` branch names it more often
 * than `default` (which names build output).
 */
const conditionOrder = ['source', 'types', 'typescript', 'development', 'import', 'module', 'browser', 'node', 'require', 'default'];

/** Every string target under a conditions object, in preference order; `null` branches give nothing. */
export function conditionTargets(value: unknown, depth = 0): string[] {
  if (depth > 8) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => conditionTargets(v, depth + 1));
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = [...conditionOrder.filter((k) => k in record), ...Object.keys(record).filter((k) => !conditionOrder.includes(k))];
    return keys.flatMap((k) => conditionTargets(record[k], depth + 1));
  }
  return [];
}

/** Whether an `exports` value is a subpath map (`{ ".": …, "./x": … }`) rather than conditions for `.`; once per map. */
function isSubpathMap(exports: unknown): exports is Record<string, unknown> {
  if (!exports || typeof exports !== 'object' || Array.isArray(exports)) return false;
  let known = subpathMaps.get(exports);
  if (known === undefined) subpathMaps.set(exports, (known = Object.keys(exports).some((k) => k.startsWith('.'))));
  return known;
}

const subpathMaps = new WeakMap<object, boolean>();

/**
 * The targets `exports` gives a subpath (`.` or `./billing`), with `*` filled in, or undefined when
 * the map does not name it. Exact keys win; among patterns the longest prefix before the `*` wins,
 * as in Node; a legacy folder key (`./features/`) maps everything under it.
 */
export function exportTargets(exports: unknown, subpath: string): string[] | undefined {
  if (exports === undefined || exports === null) return undefined;
  if (!isSubpathMap(exports)) return subpath === '.' ? conditionTargets(exports) : undefined;
  return mapTargets(exports, subpath);
}

/**
 * The targets a package's `imports` map gives a `#` specifier (`#types`, `#db/*`), matched as
 * `exports` keys are; undefined when the map does not name it.
 */
export function importTargets(imports: unknown, specifier: string): string[] | undefined {
  if (!imports || typeof imports !== 'object' || Array.isArray(imports) || !specifier.startsWith('#')) return undefined;
  return mapTargets(imports as Record<string, unknown>, specifier);
}

function mapTargets(exports: Record<string, unknown>, subpath: string): string[] | undefined {
  if (Object.prototype.hasOwnProperty.call(exports, subpath) && !subpath.includes('*')) return conditionTargets(exports[subpath]);
  let best: { key: string; star: string; prefix: number } | undefined;
  for (const key of Object.keys(exports)) {
    const star = key.indexOf('*');
    let match: string | undefined;
    if (star >= 0) {
      const prefix = key.slice(0, star);
      const suffix = key.slice(star + 1);
      if (subpath.length >= key.length - 1 && subpath.startsWith(prefix) && subpath.endsWith(suffix)) match = subpath.slice(prefix.length, subpath.length - suffix.length);
    } else if (key.endsWith('/') && subpath.startsWith(key)) match = subpath.slice(key.length);
    if (match === undefined) continue;
    const prefix = star >= 0 ? star : key.length;
    // Node's order: the longer part before the `*` wins, then the longer key.
    if (!best || prefix > best.prefix || (prefix === best.prefix && key.length > best.key.length)) best = { key, star: match, prefix };
  }
  if (!best) return undefined;
  const { key, star } = best;
  return conditionTargets(exports[key]).map((t) => (key.includes('*') ? t.split('*').join(star) : t + star));
}

/**
 * The targets `typesVersions` gives a subpath (`billing`, no `./`; `index` for the package root).
 * TypeScript uses the first version range that matches its own version; every real range matches a
 * current compiler, so the first entry is the one.
 */
export function typesVersionsTargets(typesVersions: unknown, subpath: string): string[] | undefined {
  const mappings = firstTypesVersion(typesVersions);
  if (!mappings) return undefined;
  // An exact pattern answers at once; the ordered patterns are worked out once per map (a package of
  // thousands of them is asked once per subpath its specifiers name).
  const exact = typesVersionsExactTargets(typesVersions, subpath);
  if (exact) return exact;
  let ordered = orderedPatterns.get(mappings);
  if (!ordered) orderedPatterns.set(mappings, (ordered = Object.keys(mappings).filter((p) => p.includes('*')).sort((a, b) => prefixLength(b) - prefixLength(a))));
  for (const pattern of ordered) {
    const targets = mappings[pattern];
    if (!Array.isArray(targets)) continue;
    const strings = targets.filter((t): t is string => typeof t === 'string');
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === subpath) return strings;
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (subpath.length >= prefix.length + suffix.length && subpath.startsWith(prefix) && subpath.endsWith(suffix)) {
      const matched = subpath.slice(prefix.length, subpath.length - suffix.length);
      return strings.map((t) => t.split('*').join(matched));
    }
  }
  return undefined;
}

const orderedPatterns = new WeakMap<object, string[]>();

/** The targets `typesVersions` names a subpath by exactly (no pattern): one lookup, however many patterns the map holds. */
export function typesVersionsExactTargets(typesVersions: unknown, subpath: string): string[] | undefined {
  const mappings = firstTypesVersion(typesVersions);
  if (!mappings || subpath.includes('*') || !Object.prototype.hasOwnProperty.call(mappings, subpath)) return undefined;
  const targets = mappings[subpath];
  return Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : undefined;
}

function firstTypesVersion(typesVersions: unknown): Record<string, unknown> | undefined {
  if (!typesVersions || typeof typesVersions !== 'object' || Array.isArray(typesVersions)) return undefined;
  const first = Object.values(typesVersions as Record<string, unknown>)[0];
  return first && typeof first === 'object' && !Array.isArray(first) ? (first as Record<string, unknown>) : undefined;
}

function prefixLength(pattern: string): number {
  const star = pattern.indexOf('*');
  return star < 0 ? pattern.length + 1 : star;
}
