import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FlagCatalog } from '../../../src/core/catalog/flagCatalog';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { FlagdSource } from '../../../src/core/sources/flagd/flagdSource';
import { detectStaleFlags } from '../../../src/core/stale/detectStaleFlags';

export const devFlags = {
  $schema: 'https://flagd.dev/schema/v0/flags.json',
  metadata: { flagSetId: 'dev' },
  flags: {
    'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on', metadata: { description: 'One-page checkout' } },
    'banner-text': { state: 'ENABLED', variants: { default: 'Free returns', holiday: 'Holiday sale' }, defaultVariant: 'holiday' },
    'old-header': { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
  },
};

export const prodFlags = {
  $schema: 'https://flagd.dev/schema/v0/flags.json',
  metadata: { flagSetId: 'prod' },
  flags: {
    'new-checkout': {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: { fractional: [['on', 25], ['off', 75]] },
    },
    'banner-text': { state: 'ENABLED', variants: { default: 'Free returns', holiday: 'Holiday sale' }, defaultVariant: 'default' },
    'old-header': { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
  },
};

/** A second source that also defines `new-checkout` (e.g. a team's own flag file). */
export const otherFlags = {
  $schema: 'https://flagd.dev/schema/v0/flags.json',
  metadata: { flagSetId: 'team' },
  flags: { 'new-checkout': { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'off' } },
};

export const appSource = `import { OpenFeature } from '@openfeature/server-sdk';
import { NEW_CHECKOUT } from './keys';

const client = OpenFeature.getClient();

export async function render(name: string): Promise<string> {
  const checkout = await client.getBooleanValue('new-checkout', false);
  const again = await client.getBooleanValue(NEW_CHECKOUT, false);
  const typo = await client.getBooleanValue('new-chekout', false);
  const dynamic = await client.getBooleanValue(\`experiment-\${name}\`, false);
  const banner = await client.getStringValue('banner-text', 'none');
  return [checkout, again, typo, dynamic, banner].join(',');
}
`;

export const keysSource = `export const NEW_CHECKOUT = 'new-checkout';\n`;

export interface CatalogWorkspace {
  root: string;
  app: string;
  index: ReferenceIndex;
  flagd: FlagdSource;
  catalog: FlagCatalog;
  write(relative: string, text: string): string;
  dispose(): void;
}

/** A real folder on disk: two flagd files (dev, prod), two TS files, a real index and a real flagd source. */
export async function createCatalogWorkspace(options: { stale?: boolean; now?: Date } = {}): Promise<CatalogWorkspace> {
  const root = mkdtempSync(join(tmpdir(), 'flaglens-catalog-')).replace(/\\/g, '/');
  const write = (relative: string, text: string): string => {
    const file = join(root, relative).replace(/\\/g, '/');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  write('flags/dev.flagd.json', JSON.stringify(devFlags, null, 2));
  write('flags/prod.flagd.json', JSON.stringify(prodFlags, null, 2));
  const app = write('src/app.ts', appSource);
  write('src/keys.ts', keysSource);
  const flagd = new FlagdSource({ root, patterns: ['flags/*.flagd.json'], id: 'flagd:main' });
  await flagd.refresh();
  const index = await ReferenceIndex.build({ root });
  const now = options.now ?? new Date();
  const catalog = new FlagCatalog({ now: () => now, detectStale: options.stale ? (input) => detectStaleFlags(input) : undefined });
  catalog.setSources([flagd]);
  catalog.setIndex(index);
  return {
    root,
    app,
    index,
    flagd,
    catalog,
    write,
    dispose: () => {
      catalog.dispose();
      index.dispose();
      flagd.dispose();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
