import type { DynamicReference, FlagReference, SdkName } from '../references/model';

/**
 * What the code alone says about flags, with or without a flag source: every key the reference
 * index found, grouped by the SDK that evaluates it, and the calls whose key could not be resolved.
 * The Flags view's "Flags in code" section and the no-source status bar read this.
 */

/** Vendor SDKs first (most specific), then the project's own patterns, then bare text matches (least certain). */
export const sdkOrder: readonly SdkName[] = ['launchdarkly', 'openfeature', 'unleash', 'growthbook', 'custom', 'text'];

export const sdkLabels: Readonly<Record<SdkName, string>> = {
  launchdarkly: 'LaunchDarkly',
  openfeature: 'OpenFeature',
  unleash: 'Unleash',
  growthbook: 'GrowthBook',
  custom: 'Custom patterns',
  text: 'Text matches',
};

/** One key as one SDK uses it; a key evaluated through two SDKs appears in both groups. */
export interface CodeKey {
  key: string;
  sdk: SdkName;
  /** In file order, then position. */
  references: FlagReference[];
  /** Distinct files among `references`. */
  files: number;
}

export interface CodeSdkGroup {
  sdk: SdkName;
  label: string;
  /** Sorted by key, case-insensitively. */
  keys: CodeKey[];
  references: number;
}

export interface CodeFlags {
  /** Non-empty groups only, in `sdkOrder`. */
  groups: CodeSdkGroup[];
  /** Unresolved keys in file order, then position. */
  dynamic: DynamicReference[];
  /** Distinct keys over every group (a key in two groups counts once). */
  keys: number;
  references: number;
}

function byPosition(a: { file: string; start: number }, b: { file: string; start: number }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start;
}

/** Case-insensitive first so `Beta` sits next to `beta`, then code units so the order is total. */
function byKey(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function codeFlags(references: readonly FlagReference[], dynamic: readonly DynamicReference[]): CodeFlags {
  const bySdk = new Map<SdkName, Map<string, FlagReference[]>>();
  const distinct = new Set<string>();
  for (const reference of references) {
    distinct.add(reference.key);
    let keys = bySdk.get(reference.sdk);
    if (!keys) bySdk.set(reference.sdk, (keys = new Map()));
    const list = keys.get(reference.key);
    if (list) list.push(reference);
    else keys.set(reference.key, [reference]);
  }
  const groups: CodeSdkGroup[] = [];
  // An SDK added to the model but not to `sdkOrder` still shows, last, rather than vanishing.
  const order = [...sdkOrder, ...[...bySdk.keys()].filter((sdk) => !sdkOrder.includes(sdk))];
  for (const sdk of order) {
    const keys = bySdk.get(sdk);
    if (!keys) continue;
    const codeKeys = [...keys]
      .sort(([a], [b]) => byKey(a, b))
      .map(([key, list]): CodeKey => {
        const sorted = [...list].sort((a, b) => byPosition({ file: a.file, start: a.keySpan.start }, { file: b.file, start: b.keySpan.start }));
        return { key, sdk, references: sorted, files: new Set(sorted.map((r) => r.file)).size };
      });
    groups.push({ sdk, label: sdkLabels[sdk] ?? sdk, keys: codeKeys, references: codeKeys.reduce((sum, k) => sum + k.references.length, 0) });
  }
  const sortedDynamic = [...dynamic].sort((a, b) => byPosition({ file: a.file, start: a.span.start }, { file: b.file, start: b.span.start }));
  return { groups, dynamic: sortedDynamic, keys: distinct.size, references: references.length };
}

/** Distinct keys found in code, without building the groups (the status bar repaints often). */
export function codeKeyCount(references: readonly FlagReference[]): number {
  return new Set(references.map((reference) => reference.key)).size;
}

/** Every reference a catalog holds, file by file (the catalog exposes no flat list). */
export function catalogReferences(catalog: { files(): string[]; referencesIn(file: string): readonly FlagReference[] }): FlagReference[] {
  return catalog.files().flatMap((file) => catalog.referencesIn(file));
}
