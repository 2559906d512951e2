import * as assert from 'node:assert/strict';
import { checkFamily } from './fixtureHarness';

describe('references: shims are not the SDK', () => {
  it('object literals implementing isEnabled/getVariant/getFeatureValue (test doubles, a toolbar shim, a context default), an app class with the same method names and object arguments with a key property are not references; clients typed as SDK types are', async () => {
    const index = await checkFamily('shims');
    try {
      // Not only the marked lines: no key of a shim shows up anywhere, not even as a text match.
      const shimKeys = index.keys().filter((k) => /shim|double|service|context|cache|object-argument/.test(k));
      assert.deepEqual(shimKeys, []);
      assert.deepEqual(index.dynamic(), []);
    } finally {
      index.dispose();
    }
  });
});
