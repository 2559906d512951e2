import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { buildIndex, checkFamily, copyFixture } from './fixtureHarness';

describe('references: keys inside object arguments (keyProperty)', () => {
  it('reads the key from the named property of an object literal: literals, constants, enums, as-const maps, imports, shorthand, nested paths, wrappers', async () => {
    const index = await checkFamily('keyProperty');
    try {
      const [enumKey] = index.referencesOf('is-x');
      // The reference is the key expression, not the object or the call: hovers, rename and lenses sit on it.
      assert.equal(enumKey!.keySpan.end - enumKey!.keySpan.start, 'FeatureFlagsKeysEnum.IS_X'.length);
      assert.deepEqual(enumKey!.origin && { name: enumKey!.origin.name, file: enumKey!.origin.file?.split('/').pop() }, { name: 'FeatureFlagsKeysEnum.IS_X', file: 'keys.ts' });
      assert.ok(enumKey!.callSpan.end - enumKey!.callSpan.start > enumKey!.keySpan.end - enumKey!.keySpan.start, 'the call span is the whole call');
      const [shorthand] = index.referencesOf('shorthand-flag');
      assert.equal(shorthand!.keySpan.end - shorthand!.keySpan.start, 'flag'.length);
      const [wrapped] = index.referencesOf('via-wrapper');
      assert.deepEqual(wrapped!.wrappers!.map((w) => w.split('/').pop()), ['dynamic.ts#checkFlag']);
    } finally {
      index.dispose();
    }
  });

  it('an edit of the call or of the enum the key comes from in another file updates the reference', async () => {
    const root = await copyFixture('keyProperty');
    const index = await buildIndex(root);
    try {
      const server = path.posix.join(root, 'src/server.ts');
      const keys = path.posix.join(root, 'src/keys.ts');
      const text = await fs.readFile(server, 'utf8');
      await index.updateFile(server, text.replace("{ flag: 'literal-flag', user }", "{ user, flag: 'edited-flag' }"));
      assert.deepEqual(index.referencesOf('literal-flag'), []);
      assert.equal(index.referencesOf('edited-flag')[0]?.keySpan.startLine, 13);
      await index.updateFile(keys, (await fs.readFile(keys, 'utf8')).replace("IS_X = 'is-x'", "IS_X = 'is-x-renamed'"));
      assert.deepEqual(index.referencesOf('is-x'), []);
      assert.deepEqual(index.referencesOf('is-x-renamed').map((r) => path.posix.relative(root, r.file)), ['src/server.ts']);
    } finally {
      index.dispose();
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
