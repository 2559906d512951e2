import * as assert from 'node:assert/strict';
import { checkFamily } from './fixtureHarness';

describe('references: every package path a monorepo uses', () => {
  it('pnpm workspace: exports subpaths (conditions, patterns), typesVersions, outDir→rootDir, directory index, project references, paths/baseUrl, rootDirs, self-imports', async () => {
    const index = await checkFamily('packagePaths');
    try {
      // Same-named packages outside the workspace globs (examples/, a `!` exclusion) are never reached.
      assert.deepEqual(index.keys().filter((k) => k.includes('wrong')), []);
    } finally {
      index.dispose();
    }
  });
});
