import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FlagReference } from '../../../src/core/references/model';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';

const files: Record<string, string> = {
  'src/flags/keys.ts': `export const NEW_CHECKOUT = 'new-checkout';
export const FLAGS = { bannerText: 'checkout-banner-text', nested: { deep: 'deep-flag' } } as const;
export enum FlagKey {
  LegacyPayments = 'legacy-payments',
}
`,
  'src/hooks/useFeature.ts': `import { useBooleanFlagValue } from '@openfeature/react-sdk';
export function useFeature(flagKey: string): boolean {
  return useBooleanFlagValue(flagKey, false);
}
`,
  'src/app.tsx': `import { useBooleanFlagValue, useStringFlagValue } from '@openfeature/react-sdk';
import { useFlags } from 'launchdarkly-react-client-sdk';
import * as keys from './flags/keys';
import { FLAGS, FlagKey, NEW_CHECKOUT } from './flags/keys';
import { useFeature } from './hooks/useFeature';

const LOCAL = 'local-flag';
const ALIAS = NEW_CHECKOUT;

export function App() {
  const a = useBooleanFlagValue('literal-flag', false);
  const b = useBooleanFlagValue(NEW_CHECKOUT, false);
  const c = useStringFlagValue(FLAGS.bannerText, 'x');
  const d = useBooleanFlagValue(FlagKey.LegacyPayments, false);
  const e = useFeature('wrapped-flag');
  const f = useBooleanFlagValue(LOCAL, false);
  const g = useBooleanFlagValue(ALIAS, false);
  const h = useBooleanFlagValue(keys.FLAGS.nested.deep, false);
  const { darkMode } = useFlags();
  return [a, b, c, d, e, f, g, h, darkMode];
}
`,
};

describe('references: origin (how a key that is not written out was found)', () => {
  let root: string;
  let index: ReferenceIndex;
  let app: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'flaglens-origin-')).replace(/\\/g, '/');
    for (const [relative, text] of Object.entries(files)) {
      const file = join(root, relative);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    app = `${root}/src/app.tsx`;
    index = await ReferenceIndex.build({ root });
  });

  after(() => {
    index.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  const at = (key: string): FlagReference => {
    const found = index.referencesOf(key).filter((reference) => reference.file === app);
    assert.ok(found.length > 0, `no reference to ${key} in app.tsx: ${JSON.stringify(index.all().map((r) => r.key))}`);
    return found[0]!;
  };

  it('a written-out key has none', () => {
    const reference = at('literal-flag');
    assert.equal(reference.via, 'literal');
    assert.equal(reference.origin, undefined);
  });

  it('an imported constant names itself and the file that declares it', () => {
    const reference = at('new-checkout');
    assert.equal(reference.via, 'constant');
    assert.deepEqual(reference.origin, { name: 'NEW_CHECKOUT', file: `${root}/src/flags/keys.ts` });
  });

  it('a constant map member names the member access as written', () => {
    assert.deepEqual(at('checkout-banner-text').origin, { name: 'FLAGS.bannerText', file: `${root}/src/flags/keys.ts` });
    assert.deepEqual(at('deep-flag').origin, { name: 'keys.FLAGS.nested.deep', file: `${root}/src/flags/keys.ts` });
  });

  it('an enum member is named Enum.Member', () => {
    const reference = at('legacy-payments');
    assert.equal(reference.via, 'enum');
    assert.deepEqual(reference.origin, { name: 'FlagKey.LegacyPayments', file: `${root}/src/flags/keys.ts` });
  });

  it('a wrapper names the outermost wrapper and its file', () => {
    const reference = at('wrapped-flag');
    assert.equal(reference.via, 'wrapper');
    assert.deepEqual(reference.origin, { name: 'useFeature', file: `${root}/src/hooks/useFeature.ts` });
  });

  it('a local constant, and an alias of a constant, name what the call site wrote', () => {
    assert.deepEqual(at('local-flag').origin, { name: 'LOCAL', file: app });
    const alias = index.referencesOf('new-checkout').filter((reference) => reference.file === app);
    assert.deepEqual(
      alias.map((reference) => reference.origin?.name),
      ['NEW_CHECKOUT', 'ALIAS'],
      'the outermost name wins over the constant it aliases',
    );
  });

  it('a flags-object property names the property', () => {
    const reference = at('dark-mode');
    assert.equal(reference.via, 'property');
    assert.deepEqual(reference.origin, { name: 'darkMode' });
  });
});

describe('references: dynamic-key reasons quote code so a reader can pair the quotes', () => {
  let root: string;
  let index: ReferenceIndex;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'flaglens-reason-')).replace(/\\/g, '/');
    mkdirSync(join(root, 'src'));
    writeFileSync(
      join(root, 'src/app.ts'),
      `import { OpenFeature } from '@openfeature/server-sdk';
const client = OpenFeature.getClient();
export async function run(query: Record<string, string>): Promise<unknown[]> {
  return [
    await client.getBooleanValue(String(query.experiment ?? 'gift-wrap-experiment'), false),
    await client.getBooleanValue(query['it' + "'s"], false),
  ];
}
`,
    );
    index = await ReferenceIndex.build({ root });
  });

  after(() => {
    index.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('a long call keeps its callee, in backticks, instead of being cut inside a string literal', () => {
    const reasons = index.dynamic().map((dynamic) => dynamic.reason);
    assert.ok(reasons.includes('key computed by a call: `String(…)`'), JSON.stringify(reasons));
    assert.ok(reasons.includes("`query['it' + \"'s\"]` reads an object that is not a constant"), JSON.stringify(reasons));
  });
});
