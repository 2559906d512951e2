import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FlagLensError } from '../../../src/core/errors';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import type { Logger } from '../../../src/core/log';
import { checkFamily, copyFixture, expectMarkers } from './fixtureHarness';

const sdkCall = (key: string) => `import { OpenFeature } from '@openfeature/server-sdk';\nexport const v = OpenFeature.getClient().getBooleanValue('${key}', false);\n`;

describe('references: negatives', () => {
  it('comments, strings and templates that look like SDK calls, unrelated isEnabled, shadowed identifiers, look-alike packages', async () => {
    (await checkFamily('negatives')).dispose();
  });

  it('skips .gitignored files (nested .gitignore too), node_modules, build output, config excludes and oversized files, logging the reason', async () => {
    const root = await copyFixture('negatives');
    const write = async (rel: string, text: string) => {
      await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await fs.writeFile(path.join(root, rel), text);
    };
    await write('generated/flags.ts', sdkCall('gitignored-dir'));
    await write('src/secret.local.ts', sdkCall('gitignored-pattern'));
    await write('src/nested/.gitignore', 'skip-me.ts\n');
    await write('src/nested/skip-me.ts', sdkCall('nested-gitignore'));
    await write('src/nested/keep-me.ts', sdkCall('nested-kept'));
    await write('node_modules/some-lib/index.ts', sdkCall('in-node-modules'));
    await write('packages/x/node_modules/dep/index.js', sdkCall('nested-node-modules'));
    await write('dist/bundle.js', sdkCall('in-dist'));
    await write('build/out.ts', sdkCall('in-build'));
    await write('coverage/lcov.ts', sdkCall('in-coverage'));
    await write('.next/server.js', sdkCall('in-next'));
    await write('legacy/old.ts', sdkCall('excluded-by-config'));
    await write('src/huge.ts', sdkCall('oversized') + `export const padding = '${'x'.repeat(4096)}';\n`);
    const infos: string[] = [];
    const logger: Logger = { trace: () => undefined, debug: () => undefined, info: (m) => infos.push(m), warn: () => undefined, error: () => undefined };
    const index = await ReferenceIndex.build({ root, config: { patterns: [], exclude: ['legacy/**'] }, maxFileBytes: 2048, logger });
    try {
      const keys = index.keys();
      assert.deepEqual(keys, ['nested-kept', 'outer-hook-still-real', 'real-key']);
      assert.deepEqual(index.skipped.map((s) => path.posix.relative(root, s.file)), ['src/huge.ts']);
      assert.match(index.skipped[0]!.reason, /size cap/);
      assert.ok(infos.some((m) => m.includes('src/huge.ts') && m.includes('size cap')), 'the skip is logged with its reason');
    } finally {
      index.dispose();
    }
  });

  it('a file with syntax errors still yields the references that parse', async () => {
    const root = await copyFixture('negatives');
    await fs.writeFile(path.join(root, 'src/broken.ts'), `${sdkCall('before-syntax-error')}\nexport function broken( {\n  return 1 +;\n`);
    const index = await ReferenceIndex.build({ root });
    try {
      assert.ok(index.keys().includes('before-syntax-error'));
      await fs.rm(path.join(root, 'src/broken.ts'));
      await index.updateFile(path.join(root, 'src/broken.ts'));
      await expectMarkers(root, index);
    } finally {
      index.dispose();
    }
  });

  it('a file nested too deeply for the parser is skipped with a reason, in the build and on update', async () => {
    const root = await copyFixture('negatives');
    const deep = (key: string) => `${sdkCall('shallow-' + key)}export const deep = ${'('.repeat(6000)}1${')'.repeat(6000)};\n`;
    await fs.writeFile(path.join(root, 'src/deep.ts'), deep('build'));
    const index = await ReferenceIndex.build({ root });
    try {
      const file = path.posix.join(root, 'src/deep.ts');
      assert.deepEqual(index.skipped.map((s) => [path.posix.relative(root, s.file), s.reason]), [['src/deep.ts', 'nesting too deep for the parser']]);
      await expectMarkers(root, index);
      await index.updateFile(file, deep('update'));
      assert.equal(index.skipped.length, 1);
      await index.updateFile(file, sdkCall('fixed'));
      assert.deepEqual(index.skipped, []);
      assert.deepEqual(index.referencesIn(file).map((r) => r.key), ['fixed']);
    } finally {
      index.dispose();
    }
  });

  it('an aborted build stops with a cancelled error', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(ReferenceIndex.build({ root: await copyFixture('mixed') }, controller.signal), (error: unknown) => FlagLensError.is(error, 'cancelled'));
  });
});
