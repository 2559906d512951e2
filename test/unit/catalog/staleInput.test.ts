import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FlagCatalog } from '../../../src/core/catalog/flagCatalog';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { FlagdSource } from '../../../src/core/sources/flagd/flagdSource';
import { LaunchDarklySource } from '../../../src/core/sources/launchdarkly/launchDarklySource';
import type { FlagSource } from '../../../src/core/sources/model';
import { detectStaleFlags } from '../../../src/core/stale/detectStaleFlags';
import { ldEnvironment, ldFlag, LaunchDarklyTestServer } from '../../support/launchDarklyServer';

const token = 'api-0c1d2e3f-4a5b-4c6d-8e9f-0123456789ab';
const dayMs = 86_400_000;
// ldFlag() creates every flag on 2026-01-15; 60 days later a never-evaluated flag is long inactive.
const now = new Date(Date.UTC(2026, 0, 15) + 60 * dayMs);

const code = `import { init } from '@launchdarkly/node-server-sdk';
const client = init('sdk-key');
const context = { kind: 'user', key: 'u1' };
export async function page(name: string): Promise<unknown[]> {
  return [
    await client.variation('ghost-banner', context, false),
    await client.variation('busy-banner', context, false),
    await client.variation(\`experiment-\${name}\`, context, false),
    await client.variation('typo-key', context, false),
  ];
}
`;

interface Folder {
  root: string;
  write(relative: string, text: string): void;
  dispose(): void;
}

function folder(): Folder {
  const root = mkdtempSync(join(tmpdir(), 'flaglens-stale-input-')).replace(/\\/g, '/');
  return {
    root,
    write: (relative, text) => {
      mkdirSync(dirname(join(root, relative)), { recursive: true });
      writeFileSync(join(root, relative), text);
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

async function catalogOver(root: string, sources: FlagSource[]): Promise<{ catalog: FlagCatalog; dispose(): void }> {
  const index = await ReferenceIndex.build({ root });
  const catalog = new FlagCatalog({ now: () => now, detectStale: (input) => detectStaleFlags(input) });
  catalog.setSources(sources);
  catalog.setIndex(index);
  return {
    catalog,
    dispose: () => {
      catalog.dispose();
      index.dispose();
    },
  };
}

describe('FlagCatalog stale detection gets the same input as the CLI', () => {
  describe('over the LaunchDarkly API (local stand-in)', () => {
    let server: LaunchDarklyTestServer;
    let dir: Folder;
    let ld: LaunchDarklySource;

    beforeEach(async () => {
      server = await LaunchDarklyTestServer.start({
        token,
        project: 'web-shop',
        environments: [ldEnvironment('test')],
        flags: [
          ldFlag('ghost-banner', { test: { on: true } }),
          ldFlag('busy-banner', { test: { on: true } }),
          ldFlag('orphan', { test: { on: false } }),
        ],
        statuses: {
          test: {
            // LaunchDarkly answered for this flag: it has never been requested.
            'ghost-banner': { name: 'new' },
            'busy-banner': { name: 'active', lastRequested: new Date(now.getTime() - dayMs).toISOString() },
          },
        },
      });
      dir = folder();
      dir.write('src/page.ts', code);
      ld = new LaunchDarklySource({ token, project: 'web-shop', environments: ['test'], baseUrl: server.url });
      await ld.refresh();
    });

    afterEach(async () => {
      ld.dispose();
      dir.dispose();
      await server.close();
    });

    it('reports a never-evaluated flag as inactive, because the vendor tracks evaluations', async () => {
      const { catalog, dispose } = await catalogOver(dir.root, [ld]);
      try {
        const ghost = catalog.entry('ghost-banner');
        assert.equal(ghost?.definitions[0]?.sourceKind, 'launchdarkly');
        assert.deepEqual(
          ghost?.stale.map((f) => f.kind),
          ['inactive'],
          JSON.stringify(ghost?.stale),
        );
        assert.deepEqual(catalog.entry('busy-banner')?.stale, [], 'requested yesterday: not inactive');
      } finally {
        dispose();
      }
    });

    it('warns that an unused flag may hide behind a dynamic key', async () => {
      const { catalog, dispose } = await catalogOver(dir.root, [ld]);
      try {
        assert.equal(catalog.dynamic().length, 1);
        const unused = catalog.entry('orphan')?.stale.find((f) => f.kind === 'unused');
        assert.ok(unused, JSON.stringify(catalog.entry('orphan')?.stale));
        assert.ok(unused.evidence.some((line) => /dynamic key/.test(line)), JSON.stringify(unused.evidence));
      } finally {
        dispose();
      }
    });
  });

  it('reports unknown keys once a source has loaded, even when it defines no flags', async () => {
    const dir = folder();
    dir.write('src/page.ts', code);
    dir.write('flags/empty.flagd.json', JSON.stringify({ $schema: 'https://flagd.dev/schema/v0/flags.json', flags: {} }));
    const flagd = new FlagdSource({ root: dir.root, patterns: ['flags/*.flagd.json'], id: 'flagd:empty' });
    try {
      await flagd.refresh();
      const { catalog, dispose } = await catalogOver(dir.root, [flagd]);
      try {
        const unknown = catalog.staleFindings().filter((f) => f.kind === 'unknownKey');
        assert.deepEqual(unknown.map((f) => f.key).sort(), ['busy-banner', 'ghost-banner', 'typo-key']);
      } finally {
        dispose();
      }
    } finally {
      flagd.dispose();
      dir.dispose();
    }
  });
});
