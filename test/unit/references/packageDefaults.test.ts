import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { buildIndex, writeTempWorkspace } from './fixtureHarness';

/**
 * A workspace package's default export that leads to an SDK client is imported by the package's
 * name, not by its file's: `import flags from '@acme/flags'` for `packages/flags/src/index.ts`, whose
 * own hint is `src`. The package specifiers naming the file are hints too.
 */
const root: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['packages/*', 'apps/*'] }),
  'apps/web/package.json': JSON.stringify({ name: 'web', dependencies: { '@acme/flags': '*', '@growthbook/growthbook': '*' } }),
};

const cases: { name: string; files: Record<string, string>; expected: string[] }[] = [
  {
    name: "a client held in a constant and exported as the default of a package whose main is src/index.ts",
    files: {
      'packages/flags/package.json': JSON.stringify({ name: '@acme/flags', main: 'src/index.ts' }),
      'packages/flags/src/index.ts': "import { GrowthBook } from '@growthbook/growthbook';\nconst client = new GrowthBook({});\nexport default client;\n",
      'apps/web/src/page.ts': "import flags from '@acme/flags';\nexport const page = () => (flags.isOn('pkg-main') ? 'new' : 'old');\n",
    },
    expected: ['apps/web/src/page.ts:2 pkg-main'],
  },
  {
    name: 'a client exported as the default of an exports subpath (./client → ./src/gb.ts)',
    files: {
      'packages/flags/package.json': JSON.stringify({ name: '@acme/flags', exports: { '.': './src/index.ts', './client': './src/gb.ts' } }),
      'packages/flags/src/index.ts': 'export const version = 1;\n',
      'packages/flags/src/gb.ts': "import { GrowthBook } from '@growthbook/growthbook';\nexport default new GrowthBook({});\n",
      'apps/web/src/page.ts': "import c from '@acme/flags/client';\nexport const on = c.isOn('pkg-subpath');\n",
    },
    expected: ['apps/web/src/page.ts:2 pkg-subpath'],
  },
  {
    name: 'a value declared to hold a client, the default of a package entry, read through its type',
    files: {
      'packages/flags/package.json': JSON.stringify({ name: '@acme/flags', types: 'src/index.ts' }),
      'packages/flags/src/index.ts': [
        "import type { GrowthBook } from '@growthbook/growthbook';",
        'export interface Ctx { flags: GrowthBook }',
        'declare const ctx: Ctx;',
        'export default ctx;',
      ].join('\n'),
      'apps/web/src/page.ts': "import app from '@acme/flags';\nexport const on = app.flags.isOn('pkg-typed');\n",
    },
    expected: ['apps/web/src/page.ts:2 pkg-typed'],
  },
];

function located(index: ReferenceIndex): string[] {
  return index
    .all()
    .map((r) => `${path.posix.relative(index.root, r.file)}:${r.keySpan.startLine + 1} ${r.key}`)
    .sort();
}

async function withIndex(files: Record<string, string>, check: (index: ReferenceIndex, exhaustive: ReferenceIndex) => void): Promise<void> {
  const dir = await writeTempWorkspace('flaglens-package-defaults-', { ...root, ...files });
  const index = await buildIndex(dir);
  const exhaustive = await buildIndex(dir, { exhaustive: true });
  try {
    check(index, exhaustive);
  } finally {
    index.dispose();
    exhaustive.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('references: a package default is hinted by the package specifiers naming its file', () => {
  for (const { name, files, expected } of cases) {
    it(`${name}: its use is found, as the exhaustive analysis finds it`, () =>
      withIndex(files, (index, exhaustive) => {
        assert.deepEqual(located(index), expected);
        assert.deepEqual(located(exhaustive), expected);
      }));
  }

  it("a subpath named with a common word (./react) hints the whole specifier: files importing React are not analyzed", () =>
    withIndex(
      {
        'packages/flags/package.json': JSON.stringify({ name: '@acme/flags', exports: { '.': './src/index.ts', './react': './src/provider.ts', './.': './src/provider.ts' } }),
        'packages/flags/src/index.ts': 'export const version = 1;\n',
        'packages/flags/src/provider.ts': "import { GrowthBook } from '@growthbook/growthbook';\nexport default new GrowthBook({});\n",
        'apps/web/src/page.tsx': "import gb from '@acme/flags/react';\nexport const on = gb.isOn('pkg-react');\n",
        ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`apps/web/src/c${i}.tsx`, `import React from 'react';\nimport Other from './c${(i + 1) % 20}';\nexport default () => React.createElement('div', null, String(Other));\n`])),
      },
      (index) => {
        assert.deepEqual(located(index), ['apps/web/src/page.tsx:2 pkg-react']);
        assert.equal(index.stats.filesParsed, 2, 'the provider and the page only');
      },
    ));

  it('a subpath whose exports target is missing is named by what typesVersions maps it to', () =>
    withIndex(
      {
        'packages/flags/package.json': JSON.stringify({ name: '@acme/flags', exports: { '.': './src/index.ts', './client': './dist/client.js' }, typesVersions: { '*': { client: ['./src/gb.ts'] } } }),
        'packages/flags/src/index.ts': 'export const version = 1;\n',
        'packages/flags/src/gb.ts': "import { GrowthBook } from '@growthbook/growthbook';\nexport default new GrowthBook({});\n",
        'apps/web/src/page.ts': "import c from '@acme/flags/client';\nexport const on = c.isOn('pkg-types-versions');\n",
      },
      (index) => assert.deepEqual(located(index), ['apps/web/src/page.ts:2 pkg-types-versions']),
    ));

  it('a default named by a # key of the imports map is found where it is imported by that key', () =>
    withIndex(
      {
        'packages/flags/package.json': JSON.stringify({ name: '@acme/flags', imports: { '#ff': './src/featureClient.ts' } }),
        'packages/flags/src/featureClient.ts': "import { GrowthBook } from '@growthbook/growthbook';\nexport default new GrowthBook({});\n",
        'packages/flags/src/use.ts': "import ff from '#ff';\nexport const on = ff.isOn('pkg-hash-default');\n",
      },
      (index) => assert.deepEqual(located(index), ['packages/flags/src/use.ts:2 pkg-hash-default']),
    ));

  it("the package name hints its entry only: default imports of the package's subpaths are not analyzed for it", () =>
    withIndex(
      {
        'packages/ui/package.json': JSON.stringify({ name: '@acme/ui', main: 'src/index.ts', exports: { '.': './src/index.ts', './*': './src/*.ts' } }),
        'packages/ui/src/index.ts': "import { GrowthBook } from '@growthbook/growthbook';\nexport default new GrowthBook({});\n",
        ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`packages/ui/src/b${i}.ts`, `export default ${i};\n`])),
        ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`apps/web/src/u${i}.ts`, `import B from '@acme/ui/b${i}';\nexport const u${i} = B + 1;\n`])),
        'apps/web/src/page.ts': "import ui from '@acme/ui';\nexport const on = ui.isOn('pkg-entry');\n",
      },
      (index) => {
        assert.deepEqual(located(index), ['apps/web/src/page.ts:2 pkg-entry']);
        assert.equal(index.stats.filesParsed, 2, 'the entry and the page only');
      },
    ));

  it("a default imported from '.' or '..' counts where it leads to a hinted default, not elsewhere", () =>
    withIndex(
      {
        'packages/flags/package.json': JSON.stringify({ name: '@acme/flags', main: 'src/index.ts' }),
        'packages/flags/src/index.ts': "import { GrowthBook } from '@growthbook/growthbook';\nexport default new GrowthBook({});\n",
        'packages/flags/src/sub/use.ts': "import gb from '..';\nexport const on = gb.isOn('pkg-parent-default');\n",
        ...Object.fromEntries(
          Array.from({ length: 20 }, (_, i) => [
            [`apps/web/src/c${i}/index.ts`, `export default ${i};\n`],
            [`apps/web/src/c${i}/story.ts`, `import C from '.';\nexport const s = C;\n`],
            [`apps/web/src/c${i}/sub/test.ts`, `import C from '..';\nexport const t = C;\n`],
          ]).flat(),
        ),
      },
      (index) => {
        assert.deepEqual(located(index), ['packages/flags/src/sub/use.ts:2 pkg-parent-default']);
        assert.equal(index.stats.filesParsed, 2, 'the entry and its importer only');
      },
    ));

  it('a file importing only names of that package is not analyzed for it (no default, no namespace)', () =>
    withIndex(
      {
        ...cases[0]!.files,
        'packages/flags/src/index.ts': "import { GrowthBook } from '@growthbook/growthbook';\nconst client = new GrowthBook({});\nexport default client;\nexport type Options = { on: boolean };\n",
        'apps/web/src/other.ts': [
          "import type { Options } from '@acme/flags';",
          "declare const flags: { isOn(key: string): boolean };",
          "export const other = (o: Options) => o.on && flags.isOn('not-a-flag');",
        ].join('\n'),
      },
      (index) => {
        assert.deepEqual(located(index), ['apps/web/src/page.ts:2 pkg-main']);
        assert.equal(index.stats.filesParsed, 2, 'the package entry and the page only');
      },
    ));
});
