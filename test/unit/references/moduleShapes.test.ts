import * as assert from 'node:assert/strict';
import { checkFamily } from './fixtureHarness';

describe('references: modules that are the client, wrappers that are object members or take an object', () => {
  it('module.exports = client and export = client: require, import = require, default and namespace imports are the client; a module assigning its own object is not', async () => {
    const index = await checkFamily('wholeModuleExports');
    try {
      assert.deepEqual(
        index.keys().filter((k) => k.startsWith('not-a-flag')),
        [],
      );
    } finally {
      index.dispose();
    }
  });

  it('object-literal members that wrap the SDK (imported or local) and wrappers taking the key as a property of an object; helpers of the same shapes are not', async () => {
    const index = await checkFamily('objectWrappers');
    try {
      assert.deepEqual(
        index.keys().filter((k) => k.startsWith('not-a-flag') || k === 'built-elsewhere'),
        [],
      );
      // A wrapper whose callers all pass constants leaves no "nothing calls it with a constant" report behind.
      assert.deepEqual(
        index.dynamic().map((d) => d.reason).filter((r) => r.includes('which nothing calls')),
        [],
      );
    } finally {
      index.dispose();
    }
  });
});

describe('references: casts of values from elsewhere, static readonly keys', () => {
  it('a value from elsewhere cast to an SDK type is a client (as, as unknown as, <T>, inline); an object literal cast to it, or a cast to any, is not', async () => {
    const index = await checkFamily('castReceivers');
    try {
      assert.deepEqual(
        index.keys().filter((k) => k.startsWith('not-a-flag')),
        [],
      );
    } finally {
      index.dispose();
    }
  });

  it('static readonly class fields are constant keys (with their class as the origin); a static field that is not readonly is dynamic', async () => {
    const index = await checkFamily('staticKeys');
    try {
      const origin = index.all().find((r) => r.key === 'static-new-checkout')?.origin;
      assert.equal(origin?.name, 'Flags.NewCheckout');
    } finally {
      index.dispose();
    }
  });
});
