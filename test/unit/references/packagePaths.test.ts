import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { buildIndex, checkFamily, copyFixture, describeRef, expectMarkers, fixturePath } from './fixtureHarness';

/** What `npm install` leaves: the workspace package linked at the root, a registry copy under legacy/. */
async function install(root: string): Promise<void> {
  await fs.mkdir(path.join(root, 'node_modules'), { recursive: true });
  await fs.symlink(path.join('..', 'packages', 'shared'), path.join(root, 'node_modules', 'shared'), 'dir');
  const copy = path.join(root, 'legacy', 'node_modules', 'shared');
  await fs.mkdir(copy, { recursive: true });
  await fs.writeFile(path.join(copy, 'package.json'), JSON.stringify({ name: 'shared', version: '1.0.0', exports: { './flags': './flags.js' } }));
  await fs.writeFile(path.join(copy, 'flags.js'), "exports.SHARED_FLAG = 'installed-registry-copy';\n");
}

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

  it('yarn/npm workspace installed: a link to the workspace package is followed, a same-named copy in node_modules is not', async () => {
    const root = await copyFixture('packagePathsInstalled');
    try {
      await install(root);
      const index = await buildIndex(root);
      try {
        await expectMarkers(root, index);
        assert.deepEqual(index.all().filter((r) => r.file.includes('/legacy/')).map((r) => describeRef(root, r)), []);
      } finally {
        index.dispose();
      }
      // Opened through a link: node_modules/shared leads to the real path of the same package.
      const link = `${root}-link`;
      await fs.symlink(root, link, 'dir');
      const linked = await buildIndex(link);
      try {
        await expectMarkers(link, linked);
      } finally {
        linked.dispose();
        await fs.rm(link, { force: true });
      }
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('the same workspace not installed: legacy/ resolves by the workspace root, as Node would through its node_modules', async () => {
    const root = fixturePath('packagePathsInstalled');
    const index = await buildIndex(root);
    try {
      assert.deepEqual(
        index.all().map((r) => describeRef(root, r)).sort(),
        ['legacy/src/main.ts:5 installed-shared', 'packages/app/src/main.ts:5 installed-shared'],
      );
    } finally {
      index.dispose();
    }
  });
});
