import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { join } from 'node:path';
import { FlagCatalog } from '../../../src/core/catalog/flagCatalog';
import type { CatalogEntry } from '../../../src/core/catalog/model';
import { hoverMarkdown, type HoverOptions } from '../../../src/core/catalog/present/hoverMarkdown';
import type { SourceAvailability } from '../../../src/core/catalog/present/lensText';
import { toggleTarget } from '../../../src/core/sources/protection';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { FlagdSource } from '../../../src/core/sources/flagd/flagdSource';
import { hostileValues } from './hostileValues';
import { assertInert, entryWith, fieldNames, folder, referenceWith, root, shownAs, type ExpectedLink, type FieldName } from './hoverSupport';
import { inspectMarkdown } from './markdownTokens';

const options: HoverOptions = { now: new Date('2026-06-15T12:00:00Z'), protectedEnvironments: [], sourcesLoaded: true, folder, root };

/** What links to a key's references: its first three one by one, then all of them. */
function referenceLinks(entry: CatalogEntry): ExpectedLink[] {
  const each = entry.references.slice(0, 3).map((reference): ExpectedLink => ({ command: 'flaglens.openReference', args: { key: entry.key, file: reference.file, line: reference.keySpan.startLine, folder } }));
  return entry.references.length > 3 ? [...each, { command: 'flaglens.findReferences', args: { key: entry.key, folder } }] : each;
}

/** The links a hover for `entry` must have, in order, and nothing else. */
function ownLinks(entry: CatalogEntry, sources: SourceAvailability = 'loaded'): ExpectedLink[] {
  if (entry.definitions.length === 0) {
    const fix: Record<SourceAvailability, ExpectedLink[]> = {
      none: [{ command: 'flaglens.useFlagdFile' }, { command: 'flaglens.connectLaunchDarkly' }, { command: 'flaglens.connectUnleash' }],
      unavailable: [{ command: 'flaglens.showOutput' }],
      loading: [],
      loaded: [],
    };
    return [...referenceLinks(entry), ...fix[sources]];
  }
  const usage: ExpectedLink[] = entry.references.length > 0 ? [{ command: 'flaglens.findReferences', args: { key: entry.key, folder } }] : [];
  const single = entry.definitions.length === 1;
  const links = entry.definitions.flatMap((definition) => {
    const target = toggleTarget(definition.environments, options.preferredEnvironment, options.protectedEnvironments);
    const toggle: ExpectedLink[] = target ? [{ command: 'flaglens.toggleFlag', args: { key: entry.key, sourceId: definition.sourceId, environment: target.key, folder } }] : [];
    return [...toggle, ...(single ? usage : []), { command: 'flaglens.openInDashboard', args: { key: entry.key, sourceId: definition.sourceId, folder } }];
  });
  return single ? links : [...links, ...usage];
}

describe('reliability: hover Markdown keeps flag data inert', () => {
  it('a flagd variant name holding two backticks and a command link renders as code, not as a link (the reported bug)', () => {
    const name = '``[x](command:flaglens.toggleFlag?%5B%22k%22%5D)``';
    const entry = entryWith('variation name', name);
    const markdown = hoverMarkdown(entry, options);
    const seen = assertInert(markdown, ownLinks(entry), [name], 'variant name');
    assert.ok(!seen.links.some((link) => link.text === 'x'), markdown);
  });

  for (const field of fieldNames) {
    it(`every hostile value in the ${field} stays text; the only links are Flag Lens's own`, () => {
      for (const value of hostileValues) {
        const entry = entryWith(field, value);
        const shown = shownAs(field, value);
        assertInert(hoverMarkdown(entry, options), ownLinks(entry), shown === undefined ? [] : [shown], `${field} = ${JSON.stringify(value)}`);
      }
    });
  }

  it('an unknown key stays text in its hover', () => {
    for (const value of hostileValues) {
      const entry: CatalogEntry = { key: value, definitions: [], references: [referenceWith('key', value, value)], stale: [] };
      assertInert(hoverMarkdown(entry, options), ownLinks(entry), [value], `unknown key ${JSON.stringify(value)}`);
    }
  });

  const codeFields: { field: FieldName; shown: (value: string) => string }[] = [
    { field: 'key', shown: (value) => value },
    { field: 'origin name', shown: (value) => value },
    { field: 'origin file', shown: (value) => path.posix.basename(value) },
    { field: 'reference file', shown: (value) => `${path.posix.basename(value)}:7` },
  ];
  for (const sources of ['none', 'loading', 'unavailable', 'loaded'] as const) {
    it(`with sources ${sources}, what the code says (key, constant, files) stays text; the only links are Flag Lens's own`, () => {
      for (const { field, shown } of codeFields) {
        for (const value of hostileValues) {
          const key = field === 'key' ? value : 'safe-key';
          const entry: CatalogEntry = { key, definitions: [], references: [referenceWith(field, value, key)], stale: [] };
          const context = `${field} = ${JSON.stringify(value)}, sources ${sources}`;
          assertInert(hoverMarkdown(entry, { ...options, sources, reference: entry.references[0] }), ownLinks(entry, sources), [shown(value)], context);
        }
      }
    });
  }

  it('four references or more: three links to places, then one to all', () => {
    const entry: CatalogEntry = {
      key: 'k',
      definitions: [],
      references: [0, 1, 2, 3].map((i) => ({ ...referenceWith('key', 'k', 'k'), file: `${root}/src/f${i}.ts` })),
      stale: [],
    };
    const seen = assertInert(hoverMarkdown(entry, { ...options, sources: 'none' }), ownLinks(entry, 'none'), ['4 references in 4 files', 'f0.ts:7', 'all 4'], 'four references');
    assert.equal(seen.links.find((link) => link.href.includes('f0.ts'))?.title, 'src/f0.ts', 'the title shows the path in the folder');
  });

  it('the toggle link says what it does and where in its text and title, quotes and all', () => {
    const environment = 'dev" onmouseover="x';
    const markdown = hoverMarkdown(entryWith('environment key', environment), options);
    const toggle = inspectMarkdown(markdown).links.find((link) => link.href.startsWith('command:flaglens.toggleFlag'));
    assert.equal(toggle?.title, `Disable in ${environment}: safe-key`, markdown);
    assert.equal(toggle?.text, `Disable in ${environment}`, markdown);
  });

  it('characters that make one key read as another (bidi overrides, zero-width) are written out, and the links still carry the real key', () => {
    const key = 'pay-\u202egnikcehc\u202c-\u200bnew\u0007';
    const entry = entryWith('key', key);
    assertInert(hoverMarkdown(entry, options), ownLinks(entry), ['pay-\\u202egnikcehc\\u202c-\\u200bnew\\u0007'], 'hidden characters in the key');
    const environment = 'dev\u2066x';
    const withEnvironment = entryWith('environment key', environment);
    const seen = assertInert(hoverMarkdown(withEnvironment, options), ownLinks(withEnvironment), ['Disable in dev\\u2066x'], 'hidden characters in the environment');
    assert.ok(!/[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(seen.visibleText), seen.visibleText);
  });

  it('a description of megabytes makes a hover of about a thousand characters, the description one line of it', () => {
    const description = '[x](https://evil.example) '.repeat(80_000);
    const markdown = hoverMarkdown(entryWith('description', description), options);
    assert.ok(markdown.length < 2000, `${markdown.length} characters`);
    assertInert(markdown, ownLinks(entryWith('description', description)), [description.slice(0, 150)], 'long description');
    assert.ok(!inspectMarkdown(markdown).visibleText.includes(description.slice(0, 200)), 'cut to about 160 characters');
  });

  it("a key written to rewrite the link's JSON once VS Code decodes it twice still reaches the command as itself", () => {
    // %22 decodes to a quote: decoded twice, this key would end its own string and set "key" again.
    const key = 'a%22,%22key%22:%22victim';
    const entry = entryWith('key', key);
    assertInert(hoverMarkdown(entry, options), ownLinks(entry), [key], 'percent-encoded JSON in the key');
  });
});

const reportedVariant = '``[x](command:flaglens.toggleFlag?%5B%22k%22%5D)``';

describe('reliability: hover Markdown over real flagd files with hostile content', () => {
  let root: string;
  let flagd: FlagdSource;
  let index: ReferenceIndex;
  let catalog: FlagCatalog;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'flaglens-render-')).replace(/\\/g, '/');
    mkdirSync(join(root, 'flags'));
    // One file per value: the flagd schema refuses some of them (a newline in a variant name), and a
    // refused file must not take the others with it.
    const write = (name: string, flags: Record<string, unknown>): void => writeFileSync(join(root, 'flags', `${name}.flagd.json`), JSON.stringify({ flags }, null, 2));
    hostileValues.forEach((value, i) => {
      write(`v${i}`, {
        [`flag-${i}`]: { state: 'ENABLED', variants: { [value]: `served ${value}`, plain: 'plain' }, defaultVariant: value, metadata: { name: value, description: value, owner: value } },
      });
    });
    write('key', { [reportedVariant]: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' } });
    flagd = new FlagdSource({ root, patterns: ['flags/*.flagd.json'], id: 'flagd:main' });
    await flagd.refresh();
    index = await ReferenceIndex.build({ root });
    catalog = new FlagCatalog({ now: () => options.now });
    catalog.setSources([flagd]);
    catalog.setIndex(index);
  });

  after(() => {
    catalog.dispose();
    index.dispose();
    flagd.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('renders every flag of the files with only Flag Lens links and every value as text', () => {
    const entries = catalog.entries();
    assert.ok(entries.length > hostileValues.length / 2, `the flagd source loaded ${entries.length} flags`);
    const reported = catalog.entries().find((entry) => entry.definitions[0]?.flag.variations.some((variation) => variation.name === reportedVariant));
    assert.ok(reported, 'the variant name from the report loads from a real flagd file');
    assert.ok(catalog.entry(reportedVariant), 'and so does a key like it');
    for (const entry of entries) {
      const flag = entry.definitions[0]!.flag;
      // Variation names show where they are served (and in the trailer when their value says more).
      const served = Object.values(flag.environments).flatMap((state) => (state.serving.type === 'variation' ? [state.serving.variation] : []));
      const literals = [flag.name, flag.description ?? '', flag.maintainer ?? '', ...served];
      assertInert(hoverMarkdown(entry, options), ownLinks(entry), literals, `flag ${JSON.stringify(entry.key)}`);
    }
  });
});
