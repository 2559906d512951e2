import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { catalogReferences, codeFlags, codeKeyCount, sdkOrder } from '../../../src/core/catalog/codeFlags';
import { FlagCatalog } from '../../../src/core/catalog/flagCatalog';
import { loadConfig } from '../../../src/core/config/loadConfig';
import type { DynamicReference, FlagReference, SdkName, SourceSpan } from '../../../src/core/references/model';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';

/** A folder with no flag source at all: SDK calls of every family, a custom pattern and two dynamic keys. */
const files: Record<string, string> = {
  '.flaglens.json': JSON.stringify({ patterns: [{ function: 'useUiFlag', keyArg: 0 }] }),
  'src/ld.ts': `import { init } from '@launchdarkly/node-server-sdk';
const ldClient = init('sdk-key');
export async function a(context: object) {
  const x = await ldClient.variation('new-checkout', context, false);
  const y = await ldClient.variation('new-checkout', context, false);
  return [x, y, await ldClient.variation('Dark-Mode', context, false)];
}
`,
  'src/of.ts': `import { OpenFeature } from '@openfeature/server-sdk';
const client = OpenFeature.getClient();
export async function b(name: string) {
  const on = await client.getBooleanValue('new-checkout', false);
  const dyn = await client.getBooleanValue(\`exp-\${name}\`, false);
  return [on, dyn, await client.getBooleanValue('beta', false)];
}
`,
  'src/un.ts': `import { initialize } from 'unleash-client';
const unleash = initialize({ url: 'http://127.0.0.1:4242/api', appName: 'app', customHeaders: {} });
export const c = () => unleash.isEnabled('search-v2');
`,
  'src/gb.ts': `import { GrowthBook } from '@growthbook/growthbook';
const gb = new GrowthBook({});
export const d = () => gb.isOn('promo');
`,
  'src/custom.ts': `import { useUiFlag } from './flags';
export const e = () => useUiFlag('sidebar');
export const f = (k: string) => useUiFlag(k);
`,
  'src/flags.ts': `export function useUiFlag(key: string): boolean { return key.length > 0; }
`,
};

describe('catalog: flags in code (no source needed)', () => {
  let root: string;
  let index: ReferenceIndex;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'flaglens-codeflags-')).replace(/\\/g, '/');
    for (const [relative, text] of Object.entries(files)) {
      const file = join(root, relative);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    const { config } = await loadConfig(root);
    index = await ReferenceIndex.build({ root, config });
  });

  after(() => {
    index.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('groups the keys the real index found by SDK, in SDK order, with per-SDK reference counts', () => {
    const result = codeFlags(index.all(), index.dynamic());
    const shape = result.groups.map((group) => ({ sdk: group.sdk, references: group.references, keys: group.keys.map((k) => `${k.key}:${k.references.length}`) }));
    assert.deepEqual(shape, [
      { sdk: 'launchdarkly', references: 3, keys: ['Dark-Mode:1', 'new-checkout:2'] },
      { sdk: 'openfeature', references: 2, keys: ['beta:1', 'new-checkout:1'] },
      { sdk: 'unleash', references: 1, keys: ['search-v2:1'] },
      { sdk: 'growthbook', references: 1, keys: ['promo:1'] },
      { sdk: 'custom', references: 1, keys: ['sidebar:1'] },
    ]);
    assert.deepEqual(result.groups.map((g) => g.label), ['LaunchDarkly', 'OpenFeature', 'Unleash', 'GrowthBook', 'Custom patterns']);
    // new-checkout is used through two SDKs: listed in both groups, counted once.
    assert.equal(result.keys, 6);
    assert.equal(codeKeyCount(index.all()), 6);
    assert.equal(result.references, 8);
  });

  it('lists the unresolved keys with their reason, in file order', () => {
    const result = codeFlags(index.all(), index.dynamic());
    assert.deepEqual(
      result.dynamic.map((d) => `${d.file.slice(root.length + 1)}:${d.span.startLine + 1}:${d.sdk}`),
      ['src/custom.ts:3:custom', 'src/of.ts:5:openfeature'],
    );
    for (const dynamic of result.dynamic) assert.ok(dynamic.reason.length > 0, 'every dynamic reference says why');
  });

  it('reads the same references through a catalog with no source as the index holds', () => {
    const catalog = new FlagCatalog();
    catalog.setIndex(index);
    try {
      assert.equal(catalog.sources().length, 0);
      const viaCatalog = catalogReferences(catalog);
      assert.equal(viaCatalog.length, index.all().length);
      assert.deepEqual(codeFlags(viaCatalog, catalog.dynamic()), codeFlags(index.all(), index.dynamic()));
    } finally {
      catalog.dispose();
    }
  });

  it('keeps each key\'s references in file and position order, with the number of files', () => {
    const ld = codeFlags(index.all(), []).groups[0]!.keys.find((k) => k.key === 'new-checkout')!;
    assert.deepEqual(ld.references.map((r) => r.keySpan.startLine + 1), [4, 5]);
    assert.equal(ld.files, 1);
  });
});

describe('catalog: flags in code ordering', () => {
  const span = (start: number, line: number): SourceSpan => ({ start, end: start + 3, startLine: line, startCharacter: 0, endLine: line, endCharacter: 3 });
  const ref = (key: string, sdk: SdkName, file: string, start: number): FlagReference => ({
    key,
    file,
    keySpan: span(start, start),
    callSpan: span(start, start),
    sdk,
    pattern: `${sdk}.x`,
    kind: 'boolean',
    confidence: sdk === 'text' ? 'text' : 'ast',
    via: 'literal',
  });

  it('puts vendor SDKs before custom patterns and text matches whatever order the index returns', () => {
    const refs = [ref('t', 'text', '/w/a.md', 1), ref('c', 'custom', '/w/a.ts', 1), ref('g', 'growthbook', '/w/a.ts', 2), ref('u', 'unleash', '/w/a.ts', 3), ref('o', 'openfeature', '/w/a.ts', 4), ref('l', 'launchdarkly', '/w/a.ts', 5)];
    assert.deepEqual(codeFlags(refs, []).groups.map((g) => g.sdk), [...sdkOrder]);
    assert.deepEqual(codeFlags([...refs].reverse(), []).groups.map((g) => g.label), ['LaunchDarkly', 'OpenFeature', 'Unleash', 'GrowthBook', 'Custom patterns', 'Text matches']);
  });

  it('sorts keys case-insensitively and references by file then offset', () => {
    const refs = [ref('beta', 'openfeature', '/w/b.ts', 9), ref('Alpha', 'openfeature', '/w/a.ts', 5), ref('beta', 'openfeature', '/w/a.ts', 50), ref('beta', 'openfeature', '/w/a.ts', 7), ref('alpha', 'openfeature', '/w/a.ts', 1)];
    const group = codeFlags(refs, []).groups[0]!;
    assert.deepEqual(group.keys.map((k) => k.key), ['Alpha', 'alpha', 'beta']);
    const beta = group.keys[2]!;
    assert.deepEqual(beta.references.map((r) => `${r.file}@${r.keySpan.start}`), ['/w/a.ts@7', '/w/a.ts@50', '/w/b.ts@9']);
    assert.equal(beta.files, 2);
    assert.equal(codeFlags(refs, []).keys, 3, 'Alpha and alpha are different keys');
  });

  it('is empty, not missing, when the code has no flags', () => {
    const dynamic: DynamicReference = { file: '/w/a.ts', span: span(3, 0), sdk: 'launchdarkly', pattern: 'launchdarkly.variation', reason: 'template literal with substitutions' };
    assert.deepEqual(codeFlags([], []), { groups: [], dynamic: [], keys: 0, references: 0 });
    assert.deepEqual(codeFlags([], [dynamic]).dynamic, [dynamic], 'a workspace with only dynamic keys still lists them');
  });
});
