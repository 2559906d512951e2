import * as assert from 'node:assert/strict';
import type { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { checkFamily } from './fixtureHarness';

/** Checks a family's markers, then runs `more` on its index (disposed either way). */
async function withFamily(family: string, more: (index: ReferenceIndex) => void = () => {}): Promise<void> {
  const index = await checkFamily(family);
  try {
    more(index);
  } finally {
    index.dispose();
  }
}

const notFlags = (index: ReferenceIndex): string[] => index.keys().filter((k) => k.startsWith('not-a-flag'));

describe('references: modules that are the client, wrappers that are object members or take an object', () => {
  it('module.exports = client and export = client: require, import = require, default and namespace imports are the client; a module assigning its own object is not', async () => {
    await withFamily('wholeModuleExports', (index) => assert.deepEqual(notFlags(index), []));
  });

  it('object-literal members that wrap the SDK (imported or local) and wrappers taking the key as a property of an object; helpers of the same shapes are not', async () => {
    await withFamily('objectWrappers', (index) => {
      assert.deepEqual(
        index.keys().filter((k) => k.startsWith('not-a-flag') || k === 'built-elsewhere'),
        [],
      );
      // A wrapper whose callers all pass constants leaves no "nothing calls it with a constant" report behind.
      assert.deepEqual(
        index.dynamic().map((d) => d.reason).filter((r) => r.includes('which nothing calls')),
        [],
      );
    });
  });
});

describe('references: casts of values from elsewhere, static readonly keys', () => {
  it('a value from elsewhere cast to an SDK type is a client (as, as unknown as, <T>, inline); an object literal cast to it, or a cast to any, is not', async () => {
    await withFamily('castReceivers', (index) => assert.deepEqual(notFlags(index), []));
  });

  it('static readonly class fields are constant keys (with their class as the origin); a static field that is not readonly is dynamic', async () => {
    await withFamily('staticKeys', (index) => {
      const origin = index.all().find((r) => r.key === 'static-new-checkout')?.origin;
      assert.equal(origin?.name, 'Flags.NewCheckout');
    });
  });
});
