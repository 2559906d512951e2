import * as assert from 'node:assert/strict';
import { checkFamily } from './fixtureHarness';

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
});
