import * as assert from 'node:assert/strict';
import { promises as fs, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { astRefs, buildIndex, expectMarkers, fixturePath, fixturesRoot, writeTempWorkspace } from './fixtureHarness';

/**
 * A workspace where most files have nothing to do with flags and the ones that do reach them in
 * every indirect way the analysis follows: wrappers and a factory behind a barrel of many modules,
 * a class field holding the client, an SDK component aliased in a workspace file, a custom
 * pattern wrapper whose key is built from its parameter. The scan must find every reference while
 * parsing none of the unrelated files, and must notice when an unrelated file starts to matter.
 */
const files: Record<string, string> = {
  '.flaglens.json': JSON.stringify({ patterns: [{ method: 'isEnabled', receiver: 'flagResolver', keyArg: 0 }] }),
  'src/flags/index.ts': [
    "export * from './client';",
    "export * from './wrappers';",
    "export * from './keys';",
    "export * from './dates';",
    "export * from './money';",
    "export { Gate } from './gate';",
    "export type { Options } from './options';",
  ].join('\n'),
  'src/flags/client.ts': "import { init } from '@launchdarkly/node-server-sdk';\nexport const ld = init('sdk-key');\n",
  'src/flags/wrappers.ts': [
    "import { ld } from './client';",
    'export function isOn(key: string) {',
    '  return ld.variation(key, {}, false);',
    '}',
    'export class FlagService {',
    '  check(name: string) {',
    '    return ld.boolVariation(name, {}, false);',
    '  }',
    '}',
    'export function createFlagService() {',
    '  return new FlagService();',
    '}',
    'export class Holder {',
    '  client = ld;',
    '}',
  ].join('\n'),
  'src/flags/keys.ts': "export const CHECKOUT = 'new-checkout';\n",
  'src/flags/options.ts': 'export interface Options { verbose: boolean }\n',
  'src/flags/gate.ts': "import { IfFeatureEnabled } from '@growthbook/growthbook-react';\nexport const Gate = IfFeatureEnabled;\n",
  'src/flags/dates.ts': "import { pad } from '../util/pad';\nexport function formatDate(d: Date) {\n  return pad(d.getDate());\n}\n",
  'src/flags/money.ts': "import { pad } from '../util/pad';\nexport const formatMoney = (n: number) => pad(n);\n",
  'src/util/pad.ts': "import { check } from './check';\nexport function pad(n: number) {\n  return String(n).padStart(2, '0');\n}\nexport function formatKey(k: string) {\n  return check(k);\n}\n",
  'src/util/check.ts': 'export function check(k: string) {\n  return k.length > 0;\n}\n',
  'src/components/card.tsx': 'export const Card = () => <div />;\n',
  'src/app.ts': [
    "import { isOn, createFlagService, Holder, CHECKOUT, formatDate, type Options } from './flags';",
    "import { formatKey } from './util/pad';",
    'export function app(options: Options) {',
    '  isOn(CHECKOUT); // @ref new-checkout via=wrapper',
    "  createFlagService().check('svc-flag'); // @ref svc-flag via=wrapper",
    "  new Holder().client.variation('held-flag', {}, false); // @ref held-flag",
    "  formatKey('late-flag');",
    '  return formatDate(new Date()) + String(options.verbose);',
    '}',
  ].join('\n'),
  'src/view.tsx': [
    "import { Gate } from './flags';",
    "import { Card } from './components/card';",
    'export const View = () => (',
    '  <>',
    '    <Gate feature="gated" /> {/* @ref gated */}',
    '    <Card />',
    '  </>',
    ');',
  ].join('\n'),
  'src/custom.ts': "declare const flagResolver: { isEnabled(name: string): boolean };\nexport const conditional = (name: string) => flagResolver.isEnabled('x-' + name);\n",
  'src/customUse.ts': "import { conditional } from './custom';\nconditional('y'); // @ref x-y via=wrapper\n",
  'src/literal.ts': [
    "import { pad } from './util/pad';",
    'declare const flagResolver: { isEnabled(name: string): boolean };',
    'export function banner() {',
    "  return flagResolver.isEnabled('lit') ? pad(1) : ''; // @ref lit",
    '}',
  ].join('\n'),
};

function writeWorkspace(): Promise<string> {
  return writeTempWorkspace('flaglens-reach-', files);
}

describe('references: values are followed only into files that can reach flags', () => {
  let root: string;
  let index: ReferenceIndex;

  beforeEach(async () => {
    root = await writeWorkspace();
    index = await buildIndex(root);
  });

  afterEach(async () => {
    index.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('finds wrappers, factories, client fields, aliased SDK components and custom wrappers behind a barrel', async () => {
    await expectMarkers(root, index);
  });

  it('parses none of the files that cannot reach flags', () => {
    // The references' files, the modules their keys and wrappers live in, and the barrel they go through.
    const needed = ['app.ts', 'view.tsx', 'customUse.ts', 'custom.ts', 'flags/index.ts', 'flags/client.ts', 'flags/wrappers.ts', 'flags/keys.ts', 'flags/gate.ts'];
    // Never parsed: the date, money, padding and check helpers, the interface module, the Card component,
    // and literal.ts, whose one reference (a custom call with its key written out) is read from its text.
    assert.equal(index.stats.filesParsed, needed.length, `parsed ${index.stats.filesParsed} files, expected ${needed.join(', ')}`);
  });

  it('a helper that starts to evaluate flags makes its callers be analyzed again', async () => {
    assert.ok(!astRefs(index).includes('src/app.ts:7 late-flag'));
    const check = path.posix.join(root, 'src/util/check.ts');
    const wrapper = "import { ld } from '../flags/client';\nexport function check(k: string) {\n  return ld.variation(k, {}, false);\n}\n";
    await fs.writeFile(check, wrapper);
    const result = await index.updateFile(check);
    assert.ok(result.files.includes(path.posix.join(root, 'src/app.ts')), `app.ts reported as changed (got ${result.files.join(', ')})`);
    assert.ok(astRefs(index).includes('src/app.ts:7 late-flag'), 'formatKey → check → ld.variation: app.ts calls a wrapper now');
    await fs.writeFile(check, files['src/util/check.ts']!);
    await index.updateFile(check);
    assert.ok(!astRefs(index).includes('src/app.ts:7 late-flag'), 'and no longer once the helper is plain again');
  });

  it('a component that becomes an SDK component is seen where it is used', async () => {
    const card = path.posix.join(root, 'src/components/card.tsx');
    await fs.writeFile(card, "import { IfFeatureEnabled } from '@growthbook/growthbook-react';\nexport const Card = IfFeatureEnabled;\n");
    await index.updateFile(card);
    const dynamic = index.dynamic().map((d) => `${path.posix.relative(root, d.file)}:${d.span.startLine + 1} ${d.reason}`);
    assert.ok(dynamic.includes('src/view.tsx:6 no feature attribute'), `got ${dynamic.join('; ')}`);
  });
});

describe('references: skipping what cannot reach flags changes no result', () => {
  function everything(index: ReferenceIndex): string[] {
    const rel = (file: string) => path.posix.relative(index.root, file);
    return [
      // Every field: a file whose references are read from its text must give what its analysis gives.
      ...index.all().map((r) => JSON.stringify({ ...r, file: rel(r.file) })),
      ...index.dynamic().map((d) => JSON.stringify({ ...d, file: rel(d.file) })),
    ].sort();
  }

  for (const family of readdirSync(fixturesRoot).sort()) {
    it(`${family}: the same references, kinds, wrappers and origins as following every value`, async () => {
      const root = fixturePath(family);
      const pruned = await buildIndex(root);
      const exhaustive = await buildIndex(root, { exhaustive: true });
      try {
        assert.deepEqual(everything(pruned), everything(exhaustive));
        assert.ok(pruned.stats.filesParsed <= exhaustive.stats.filesParsed);
      } finally {
        pruned.dispose();
        exhaustive.dispose();
      }
    });
  }

  it('the workspace above: the same results, fewer files parsed', async () => {
    const root = await writeWorkspace();
    const pruned = await buildIndex(root);
    const exhaustive = await buildIndex(root, { exhaustive: true });
    try {
      assert.deepEqual(everything(pruned), everything(exhaustive));
      assert.ok(pruned.stats.filesParsed < exhaustive.stats.filesParsed, `${pruned.stats.filesParsed} vs ${exhaustive.stats.filesParsed}`);
    } finally {
      pruned.dispose();
      exhaustive.dispose();
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
