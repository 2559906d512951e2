import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { resetTypeCheckerStats, typeCheckerStats } from '../../../src/core/references/checkerFallback';
import { buildIndex, checkFamily, copyFixture, describeRef } from './fixtureHarness';

describe('references: receivers typed through declarations in other files', () => {
  it('finds calls on receivers whose declared type (parameters, destructuring, fields, interface and type-alias properties, return types, Pick/Readonly/Promise/union wrappers, interfaces extending the SDK type; types and functions exported by a list or as the default) names an SDK client; same-named methods on app types are not references', async () => {
    resetTypeCheckerStats();
    const index = await checkFamily('typedReceivers');
    try {
      assert.deepEqual(index.keys().filter((k) => k.startsWith('not-a-flag')), [], 'negative twins are not even text matches');
      const stats = typeCheckerStats();
      // Only the mapped type needs the checker: every other receiver is settled by its declarations.
      assert.equal(stats.queries, 1, 'the checker is asked once');
      assert.equal(stats.clients, 1);
    } finally {
      index.dispose();
    }
  });

  it('with "typeChecker": false the receiver only the checker can type is not found, and the checker never runs', async () => {
    const root = await copyFixture('typedReceivers');
    await fs.writeFile(path.join(root, '.flaglens.json'), JSON.stringify({ typeChecker: false }));
    resetTypeCheckerStats();
    const index = await buildIndex(root);
    try {
      const refs = index.all().filter((r) => r.confidence === 'ast').map((r) => describeRef(index.root, r));
      assert.ok(!refs.some((r) => r.endsWith(' mapped-type-flag')), refs.join('\n'));
      assert.ok(refs.includes('src/handlers/checkout.ts:5 new-checkout'), 'declared types still count');
      assert.equal(typeCheckerStats().queries, 0);
    } finally {
      index.dispose();
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
