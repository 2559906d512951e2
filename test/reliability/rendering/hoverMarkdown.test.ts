import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlagCatalog } from '../../../src/core/catalog/flagCatalog';
import type { CatalogEntry } from '../../../src/core/catalog/model';
import { hoverMarkdown, type HoverOptions } from '../../../src/core/catalog/present/hoverMarkdown';
import { toggleTarget } from '../../../src/core/sources/protection';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { FlagdSource } from '../../../src/core/sources/flagd/flagdSource';
import { hostileValues } from './hostileValues';
import { assertInert, entryWith, fieldNames, folder, shownAs, type ExpectedLink } from './hoverSupport';
import { inspectMarkdown } from './markdownTokens';

const options: HoverOptions = { now: new Date('2026-06-15T12:00:00Z'), protectedEnvironments: [], sourcesLoaded: true, folder };

/** The links a hover for `entry` must have: toggle (when an environment may be toggled), references, dashboard. */
function ownLinks(entry: CatalogEntry): ExpectedLink[] {
  if (entry.definitions.length === 0) return [{ command: 'flaglens.findReferences', args: { key: entry.key, folder } }];
  return entry.definitions.flatMap((definition) => {
    const target = toggleTarget(definition.environments, options.preferredEnvironment, options.protectedEnvironments);
    const toggle: ExpectedLink[] = target ? [{ command: 'flaglens.toggleFlag', args: { key: entry.key, sourceId: definition.sourceId, environment: target.key, folder } }] : [];
    return [
      ...toggle,
      { command: 'flaglens.findReferences', args: { key: entry.key, folder } },
      { command: 'flaglens.openInDashboard', args: { key: entry.key, sourceId: definition.sourceId, folder } },
    ];
  });
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
      const entry: CatalogEntry = { key: value, definitions: [], references: [], stale: [] };
      assertInert(hoverMarkdown(entry, options), ownLinks(entry), [value], `unknown key ${JSON.stringify(value)}`);
    }
  });

  it('the toggle link says which environment it acts on in its title, quotes and all', () => {
    const environment = 'dev" onmouseover="x';
    const markdown = hoverMarkdown(entryWith('environment key', environment), options);
    const toggle = inspectMarkdown(markdown).links.find((link) => link.href.startsWith('command:flaglens.toggleFlag'));
    assert.equal(toggle?.title, `Turn off in ${environment}`, markdown);
    assert.equal(toggle?.text, `Toggle in ${environment}`, markdown);
  });

  it('characters that make one key read as another (bidi overrides, zero-width) are written out, and the links still carry the real key', () => {
    const key = 'pay-\u202egnikcehc\u202c-\u200bnew\u0007';
    const entry = entryWith('key', key);
    assertInert(hoverMarkdown(entry, options), ownLinks(entry), ['pay-\\u202egnikcehc\\u202c-\\u200bnew\\u0007'], 'hidden characters in the key');
    const environment = 'dev\u2066x';
    const withEnvironment = entryWith('environment key', environment);
    const seen = assertInert(hoverMarkdown(withEnvironment, options), ownLinks(withEnvironment), ['Toggle in dev\\u2066x'], 'hidden characters in the environment');
    assert.ok(!/[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(seen.visibleText), seen.visibleText);
  });

  it('a description of megabytes makes a hover of about a thousand characters', () => {
    const description = '[x](https://evil.example) '.repeat(80_000);
    const markdown = hoverMarkdown(entryWith('description', description), options);
    assert.ok(markdown.length < 4000, `${markdown.length} characters`);
    assertInert(markdown, ownLinks(entryWith('description', description)), [description.slice(0, 500)], 'long description');
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
      const literals = [flag.name, flag.description ?? '', flag.maintainer ?? '', ...flag.variations.map((variation) => variation.name)];
      assertInert(hoverMarkdown(entry, options), ownLinks(entry), literals, `flag ${JSON.stringify(entry.key)}`);
    }
  });
});
