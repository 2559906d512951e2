import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { exportTargets, importTargets, typesVersionsTargets } from '../../../src/core/references/packageExports';
import { matchesWorkspace, workspaceGlobsOfPnpm } from '../../../src/core/references/workspaceGlobs';
import { buildIndex, checkFamily, copyFixture, describeRef, expectMarkers, fixturePath, withTempIndex } from './fixtureHarness';

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

  it('exports maps: exact keys before patterns, the longest pattern prefix, conditions in source-first order, sugar, folder keys', () => {
    const exports = {
      '.': { import: './dist/index.mjs', types: './src/index.ts' },
      './*': './src/*.ts',
      './billing/*': { types: './src/billing/*/index.ts', default: './dist/billing/*.js' },
      './billing/special': './src/special.ts',
      './legacy/': './old/',
      './internal/*': null,
    };
    assert.deepEqual(exportTargets(exports, '.'), ['./src/index.ts', './dist/index.mjs']);
    assert.deepEqual(exportTargets(exports, './search'), ['./src/search.ts']);
    assert.deepEqual(exportTargets(exports, './billing/plans'), ['./src/billing/plans/index.ts', './dist/billing/plans.js']);
    assert.deepEqual(exportTargets(exports, './billing/special'), ['./src/special.ts']);
    assert.deepEqual(exportTargets(exports, './legacy/a/b.js'), ['./old/a/b.js']);
    assert.deepEqual(exportTargets(exports, './internal/x'), []);
    assert.deepEqual(exportTargets('./src/index.ts', '.'), ['./src/index.ts']);
    assert.equal(exportTargets('./src/index.ts', './x'), undefined);
    assert.equal(exportTargets({ '.': './a.ts' }, './b'), undefined);
    assert.deepEqual(typesVersionsTargets({ '>=4.2': { 'billing': ['./types/billing.d.ts'], '*': ['./src/*'] } }, 'billing'), ['./types/billing.d.ts']);
    assert.deepEqual(typesVersionsTargets({ '*': { '*': ['./src/*', './gen/*'] } }, 'a/b'), ['./src/a/b', './gen/a/b']);
  });

  it('imports maps: # specifiers, exact keys and patterns, conditions; nothing for other specifiers or shapes', () => {
    const imports = { '#flags': { types: './src/flags.ts', default: './dist/flags.js' }, '#db/*': './src/db/*.ts', '#sdk': '@acme/sdk' };
    assert.deepEqual(importTargets(imports, '#flags'), ['./src/flags.ts', './dist/flags.js']);
    assert.deepEqual(importTargets(imports, '#db/users'), ['./src/db/users.ts']);
    assert.deepEqual(importTargets(imports, '#sdk'), ['@acme/sdk']);
    assert.equal(importTargets(imports, '#other'), undefined);
    assert.equal(importTargets(imports, 'flags'), undefined);
    assert.equal(importTargets(['#flags'], '#flags'), undefined);
    assert.equal(importTargets('./x.ts', '#flags'), undefined);
  });

  it("subpath imports (package.json imports): keys, a default and a package named by a # specifier are followed; another package's map is not read", () =>
    withTempIndex(
      'flaglens-subpath-imports-',
      {
        'package.json': JSON.stringify({ name: 'app', imports: { '#flags': './src/flags/index.ts', '#keys/*': './src/keys/*.ts', '#gb': { types: './src/gb.ts', default: './dist/gb.js' } }, dependencies: { '@growthbook/growthbook': '*' } }),
        'src/flags/index.ts': "import { GrowthBook } from '@growthbook/growthbook';\nconst gb = new GrowthBook();\nexport default gb;\n",
        'src/gb.ts': "import { GrowthBook } from '@growthbook/growthbook';\nexport const client = new GrowthBook();\n",
        'src/keys/billing.ts': "export const BILLING = 'billing-v2';\n",
        'src/page.ts': [
          "import flags from '#flags';",
          "import { client } from '#gb';",
          "import { BILLING } from '#keys/billing';",
          "export const a = flags.isOn(BILLING);",
          "export const b = client.isOn('imports-gb');",
        ].join('\n'),
        // A nested package has its own map: '#flags' names nothing there.
        'tools/package.json': JSON.stringify({ name: 'tools', imports: { '#other': './other.ts' } }),
        'tools/other.ts': 'export const other = { isOn: (k: string) => k.length > 0 };\n',
        'tools/cli.ts': "import flags from '#flags';\nimport { other } from '#other';\nexport const c = flags.isOn('not-this-package') && other.isOn('not-a-flag');\n",
      },
      (index, root) => {
        assert.deepEqual(index.all().map((r) => describeRef(root, r)).sort(), ['src/page.ts:4 billing-v2', 'src/page.ts:5 imports-gb']);
      },
    ));

  it("a tsconfig paths key starting with # is taken before the package's imports map, as TypeScript takes it", () =>
    withTempIndex(
      'flaglens-subpath-paths-',
      {
        'package.json': JSON.stringify({ name: 'app', imports: { '#gb': './src/other.ts' }, dependencies: { '@growthbook/growthbook': '*' } }),
        'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '#gb': ['src/gb.ts'], '#lib/*': ['src/lib/*'] } } }),
        'src/gb.ts': "import { GrowthBook } from '@growthbook/growthbook';\nexport const client = new GrowthBook();\n",
        'src/other.ts': 'export const client = { isOn: (k: string) => k.length > 0 };\n',
        'src/lib/keys.ts': "export const KEY = 'paths-hash-key';\n",
        'src/page.ts': "import { client } from '#gb';\nimport { KEY } from '#lib/keys';\nexport const on = client.isOn(KEY);\n",
      },
      (index, root) => assert.deepEqual(index.all().map((r) => describeRef(root, r)), ['src/page.ts:3 paths-hash-key']),
    ));

  it('pnpm-workspace.yaml: block and flow lists, quotes, comments, exclusions; a settings-only file declares nothing', () => {
    const block = workspaceGlobsOfPnpm("# comment\npackages:\n  # all of them\n  - 'packages/*'\n  - \"apps/**\" # nested\n  - '!**/test/**'\nonlyBuiltDependencies:\n  - esbuild\n")!;
    assert.ok(matchesWorkspace(block, 'packages/common'));
    assert.ok(matchesWorkspace(block, 'apps/web/admin'));
    assert.ok(!matchesWorkspace(block, 'apps/x/test/fixture'));
    assert.ok(!matchesWorkspace(block, 'esbuild'));
    assert.ok(!matchesWorkspace(block, 'packages/a/b'));
    const flow = workspaceGlobsOfPnpm("packages: ['libs/*', tools]\n")!;
    assert.ok(matchesWorkspace(flow, 'libs/x') && matchesWorkspace(flow, 'tools'));
    assert.equal(workspaceGlobsOfPnpm('overrides:\n  a: b\n'), undefined);
  });
});
