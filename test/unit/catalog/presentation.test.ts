import assert from 'node:assert/strict';
import { hoverMarkdown, type HoverOptions } from '../../../src/core/catalog/present/hoverMarkdown';
import { lensText } from '../../../src/core/catalog/present/lensText';
import { escapeMarkdown, inlineCode } from '../../../src/core/catalog/present/markdown';
import { relativeTime } from '../../../src/core/catalog/present/relativeTime';
import { lensStateText, servingText, stateSummary } from '../../../src/core/catalog/present/servingText';
import type { EvidenceState } from '../../../src/core/evidence/model';
import type { FlagDefinition } from '../../../src/core/sources/model';
import { createCatalogWorkspace, devFlags, type CatalogWorkspace } from './workspace';

const options = (overrides: Partial<HoverOptions> = {}): HoverOptions => ({
  now: new Date(),
  protectedEnvironments: [],
  sourcesLoaded: true,
  ...overrides,
});

/** The `command:` URIs of a hover's links, in order. */
const commandLinks = (markdown: string): string[] => [...markdown.matchAll(/\]\((command:[^ )]+)/g)].map((match) => match[1]!);

describe('catalog presentation over real flagd state', () => {
  let ws: CatalogWorkspace;

  before(async () => {
    ws = await createCatalogWorkspace({ stale: true });
  });

  after(() => ws.dispose());

  it('writes the code lens line per environment: disabled, or what an enabled flag serves', () => {
    assert.equal(lensText(ws.catalog.entry('new-checkout')!, [], 'loaded'), '⚑ new-checkout · dev: serves on · prod: 25% rollout');
    assert.equal(lensText(ws.catalog.entry('banner-text')!, [], 'loaded'), '⚑ banner-text · dev: serves holiday · prod: serves default');
    assert.equal(lensText(ws.catalog.entry('new-checkout')!, ['prod'], 'loaded'), '⚑ new-checkout · prod: 25% rollout', 'the setting picks environments');
    assert.equal(lensText(ws.catalog.entry('new-checkout')!, ['prod', 'dev'], 'loaded'), '⚑ new-checkout · prod: 25% rollout · dev: serves on', 'and orders them');
    assert.equal(lensText(ws.catalog.entry('new-chekout')!, [], 'loaded'), '⚑ new-chekout · not defined in any source');
    assert.equal(lensText(ws.catalog.entry('new-chekout')!, [], 'loading'), '⚑ new-chekout · loading flags…');
    assert.equal(lensText(ws.catalog.entry('new-chekout')!, [], 'unavailable'), '⚑ new-chekout · no flag data');
    assert.equal(lensText(ws.catalog.entry('new-chekout')!, [], 'none'), '⚑ new-chekout · no flag source');
    assert.equal(lensText(ws.catalog.entry('old-header')!, [], 'loaded'), '⚑ old-header · dev: disabled · prod: disabled · ⚠ stale');
  });

  it('writes a compact hover: heading, description, one line per environment, a trailer, one line of links', () => {
    const markdown = hoverMarkdown(ws.catalog.entry('new-checkout')!, options());
    const lines = markdown.split('  \n');
    assert.deepEqual(lines.slice(0, 5), [
      '**new-checkout** · boolean · temporary',
      'One-page checkout',
      '**dev** · serves `on`',
      '**prod** 🔒 · serves `on` 25% · `off` 75%',
      'flagd\\: 2 files',
    ]);
    assert.equal(lines.length, 6, markdown);
    assert.match(lines[5]!, /^\[Disable in dev\]\(command:flaglens\.toggleFlag\?[^)]*"Disable in dev: new-checkout"\) · \[2 references in 1 file\]\(command:flaglens\.findReferences\?[^)]*\) · \[Open in flag file\]\(command:flaglens\.openInDashboard\?/);
    const toggleArgs = JSON.parse(decodeURIComponent(commandLinks(markdown)[0]!.split('?')[1]!)) as unknown[];
    assert.deepEqual(toggleArgs, [{ key: 'new-checkout', sourceId: 'flagd:main', environment: 'dev' }]);
    assert.doesNotMatch(markdown, /\|/, 'no table: its header words ran together in a hover');
    assert.doesNotMatch(markdown, /Off variation|Last modified|— {2}/, 'no column that is empty for every flagd environment');
  });

  it('shows evidence under each environment: 24 h and 7 d counts, a sparkline, configured vs observed; why not, escaped', () => {
    const now = new Date('2026-12-05T12:00:00Z');
    const day = 86_400_000;
    const daily = [9000, 10000, 11000, 12000, 11500, 13000, 14000];
    const week = {
      since: new Date(now.getTime() - 7 * day),
      until: now,
      total: daily.reduce((a, b) => a + b, 0),
      byVariation: { on: 19000, off: 61500 },
      series: daily.map((total, i) => ({ at: new Date(now.getTime() - (7 - i) * day), total })),
    };
    const lastDay = { since: new Date(now.getTime() - day), until: now, total: 12408, byVariation: { on: 2990, off: 9418 } };
    const asked: string[] = [];
    const evidence = (sourceId: string, key: string, environment: string): EvidenceState | undefined => {
      asked.push(`${sourceId} ${key} ${environment}`);
      if (environment === 'prod') return { state: 'ready', fetchedAt: now, evidence: { environment, evaluations: week, lastDay, note: 'counts *lag* [an hour](command:evil)' } };
      return { state: 'unavailable', reason: 'no evidence: the token may not read usage data (403)', cause: 'forbidden' };
    };
    const lines = hoverMarkdown(ws.catalog.entry('new-checkout')!, options({ now, evidence })).split('  \n');
    assert.deepEqual(lines.slice(2, 6), [
      '**dev** · serves `on`',
      '↳ no evidence\\: the token may not read usage data (403)',
      '**prod** 🔒 · serves `on` 25% · `off` 75%',
      '↳ 24 h: 12,408 · 7 d: 80,500 ▆▆▇▇▇██ · configured on 25% · observed on 24.1% of 12,408 · _counts \\*lag\\* \\[an hour\\](command\\:evil)_',
    ]);
    assert.deepEqual(asked, ['flagd:main new-checkout dev', 'flagd:main new-checkout prod']);
    // Nothing loaded (or a source without counts): no evidence line at all.
    assert.equal(hoverMarkdown(ws.catalog.entry('new-checkout')!, options({ now, evidence: () => undefined })), hoverMarkdown(ws.catalog.entry('new-checkout')!, options({ now })));
  });

  it('offers the next ramp step in the hover only where a split between on and off is under way', async () => {
    const ramp = await createCatalogWorkspace();
    try {
      const dev = structuredClone(devFlags) as { flags: Record<string, Record<string, unknown>> };
      dev.flags['new-checkout']!.targeting = { fractional: [['on', 40], ['off', 60]] };
      ramp.write('flags/dev.flagd.json', JSON.stringify(dev, null, 2));
      await ramp.flagd.refresh();
      const markdown = hoverMarkdown(ramp.catalog.entry('new-checkout')!, options());
      const links = commandLinks(markdown);
      assert.ok(links.some((l) => l.startsWith('command:flaglens.changeRollout?')), markdown);
      assert.match(markdown, /\[Change rollout in dev \\\(40%\\\)\]\(command:flaglens\.changeRollout\?[^)]* "Change rollout in dev \(40%\): new-checkout"\)/);
      const args = JSON.parse(decodeURIComponent(links.find((l) => l.startsWith('command:flaglens.changeRollout?'))!.split('?')[1]!)) as unknown[];
      assert.deepEqual(args, [{ key: 'new-checkout', sourceId: 'flagd:main', environment: 'dev' }]);
    } finally {
      ramp.dispose();
    }
    // The shared workspace's dev serves plain 'on': no ramp link, only the toggle.
    assert.ok(!commandLinks(hoverMarkdown(ws.catalog.entry('new-checkout')!, options())).some((l) => l.includes('changeRollout')));
  });

  it('names a flag once when its name is its key, and both when the source names it', () => {
    const entry = ws.catalog.entry('new-checkout')!;
    const named = { ...entry, definitions: [{ ...entry.definitions[0]!, flag: { ...entry.definitions[0]!.flag, name: 'New checkout' } }] };
    assert.equal(hoverMarkdown(named, options()).split('  \n')[0], '**New checkout** `new-checkout` · boolean · temporary');
    assert.equal(hoverMarkdown(entry, options()).split('  \n')[0], '**new-checkout** · boolean · temporary');
  });

  it('never offers a hover toggle for a protected environment, even when it is the chosen one', () => {
    const markdown = hoverMarkdown(ws.catalog.entry('new-checkout')!, options({ preferredEnvironment: 'prod' }));
    assert.match(markdown, /\[Disable in dev\]/);
    const onlyDev = hoverMarkdown(ws.catalog.entry('new-checkout')!, options({ protectedEnvironments: ['dev'] }));
    assert.doesNotMatch(onlyDev, /Disable in|Enable in/, 'dev listed as protected + prod production-like: nothing to toggle from a hover');
    assert.match(onlyDev, /\*\*dev\*\* 🔒 ·/);
  });

  it('marks stale flags and explains unknown keys', () => {
    const stale = hoverMarkdown(ws.catalog.entry('old-header')!, options());
    assert.match(stale.split('  \n')[0]!, /· ⚠ stale$/);
    assert.match(stale, /⚠ \*\*Stale \(unused\)\*\*/);
    assert.match(stale, /not referenced in code/);
    assert.match(stale, /\*\*dev\*\* · disabled — code default/, 'flagd: a disabled flag gives code its own default');
    const unknown = hoverMarkdown(ws.catalog.entry('new-chekout')!, options({ suggestion: 'new-checkout', reference: ws.catalog.entry('new-chekout')!.references[0] }));
    const lines = unknown.split('  \n');
    assert.equal(lines[0], '**new-chekout** · literal');
    assert.match(lines[1]!, /^1 reference in 1 file: \[app\.ts\\:9\]\(command:flaglens\.openReference\?/);
    assert.equal(lines[2], '**Unknown flag**: no configured source defines it. Did you mean `new-checkout`?');
    assert.doesNotMatch(unknown, /Disable in|Enable in/);
  });

  it('without a source: how the code names the key, where it is used, and the ways to connect one', () => {
    const entry = ws.catalog.entry('new-checkout')!;
    const code = { ...entry, definitions: [] };
    const viaConstant = entry.references.find((reference) => reference.via === 'constant')!;
    const none = hoverMarkdown(code, options({ sources: 'none', sourcesLoaded: false, root: ws.root, reference: viaConstant })).split('  \n');
    assert.equal(none[0], '**new-checkout** · constant `NEW_CHECKOUT` from `src/keys.ts`');
    assert.match(none[2]!, /^No flag source configured — \[Use a flagd file\]\(command:flaglens\.useFlagdFile\) · \[Connect LaunchDarkly\]\(command:flaglens\.connectLaunchDarkly\) · \[Connect Unleash\]\(command:flaglens\.connectUnleash\)$/);
    assert.match(none[1]!, /^2 references in 1 file: \[app\.ts\\:7\]\(command:flaglens\.openReference\?[^)]* "src\/app\.ts"\) · \[app\.ts\\:8\]/);
    assert.doesNotMatch(none.join('\n'), /has loaded|Unknown flag/, 'nothing is loading: none is configured');
    const literal = entry.references.find((reference) => reference.via === 'literal')!;
    assert.equal(hoverMarkdown(code, options({ sources: 'none', reference: literal })).split('  \n')[0], '**new-checkout** · literal');
    assert.equal(hoverMarkdown(code, options({ sources: 'none', root: ws.root })).split('  \n')[0], '**new-checkout** · literal · constant `NEW_CHECKOUT` from `src/keys.ts`', 'a tooltip without a reference lists each way');
    assert.equal(hoverMarkdown(code, options({ sources: 'loading' })).split('  \n')[2], 'Flag sources are still loading.');
    assert.match(hoverMarkdown(code, options({ sources: 'unavailable' })).split('  \n')[2]!, /^No flag source could be loaded — \[Show Output\]\(command:flaglens\.showOutput\)$/);
    assert.equal(hoverMarkdown(code, options({ sourcesLoaded: false })).split('  \n')[2], 'Flag sources are still loading.', 'callers that only say "not loaded" get the loading wording');
  });
});

const booleanFlag: FlagDefinition = {
  key: 'f',
  name: 'f',
  kind: 'boolean',
  variations: [{ name: 'yes', value: true }, { name: 'no', value: false }],
  temporary: true,
  tags: [],
  archived: false,
  environments: {},
};

describe('catalog presentation: serving and dates', () => {
  it('describes what is served', () => {
    assert.equal(servingText({ type: 'variation', variation: 'on' }), 'on');
    assert.equal(servingText({ type: 'split', split: [{ variation: 'on', percent: 33.333 }, { variation: 'off', percent: 66.667 }] }), 'on 33.3% · off 66.7%');
    assert.equal(servingText({ type: 'rules', count: 1, summary: 'x' }), '1 rule');
    assert.equal(servingText({ type: 'rules', count: 3, summary: 'x' }), '3 rules');
  });

  it('turns environment state into the short lens form: the state, or what is served, never both as ON/OFF', () => {
    const state = (on: boolean, serving: Parameters<typeof servingText>[0]) => ({ environment: 'e', on, serving, protected: false });
    assert.equal(lensStateText(booleanFlag, undefined), '—');
    assert.equal(lensStateText(booleanFlag, state(false, { type: 'variation', variation: 'yes' })), 'disabled');
    assert.equal(lensStateText(booleanFlag, state(true, { type: 'variation', variation: 'yes' })), 'serves yes');
    assert.equal(lensStateText(booleanFlag, state(true, { type: 'variation', variation: 'no' })), 'serves no', 'enabled but serving false says what it serves');
    assert.equal(lensStateText(booleanFlag, state(true, { type: 'variation', variation: '' })), 'serves the code default', 'flagd without a defaultVariant');
    assert.equal(lensStateText(booleanFlag, state(true, { type: 'split', split: [{ variation: 'no', percent: 90 }, { variation: 'yes', percent: 10 }] })), '10% rollout');
    const stringFlag = { ...booleanFlag, kind: 'string' as const, variations: [{ name: 'a', value: 'A' }, { name: 'b', value: 'B' }] };
    assert.equal(lensStateText(stringFlag, state(true, { type: 'split', split: [{ variation: 'a', percent: 50 }, { variation: 'b', percent: 50 }] })), 'split a 50%/b 50%');
    assert.equal(stateSummary(booleanFlag, state(true, { type: 'variation', variation: 'yes' })), 'enabled · serves yes');
    assert.equal(stateSummary(booleanFlag, { ...state(false, { type: 'variation', variation: 'yes' }), offVariation: 'no' }), 'disabled · serves no');
    assert.equal(stateSummary(booleanFlag, state(false, { type: 'variation', variation: 'yes' })), 'disabled · code default');
    assert.equal(stateSummary(booleanFlag, state(true, { type: 'rules', count: 2, summary: '', fallthrough: { type: 'variation', variation: 'no' } })), 'enabled · 2 rules, else no');
    assert.equal(stateSummary(booleanFlag, state(true, { type: 'split', split: [{ variation: 'yes', percent: 25 }, { variation: 'no', percent: 75 }] })), 'enabled · serves yes 25% · no 75%');
    assert.equal(stateSummary(booleanFlag, undefined), 'not in this environment');
  });

  it('escapes source-provided text for markdown', () => {
    assert.equal(escapeMarkdown('# *Big* | [link](x) <b>'), '\\# \\*Big\\* \\| \\[link\\](x) \\<b\\>');
    assert.equal(escapeMarkdown('two\nlines - fine'), 'two lines - fine');
    assert.equal(escapeMarkdown('- item'), '\\- item');
    assert.equal(inlineCode('a`b'), '`` a`b ``');
    assert.equal(inlineCode('a``b'), '``` a``b ```', 'the fence outruns every backtick run inside');
    assert.equal(inlineCode('`x`'), '`` `x` ``', 'padded so an edge backtick cannot join the fence');
    assert.equal(inlineCode(''), '` `');
    assert.equal(escapeMarkdown('see https://x.example, www.x.example, a@x.example'), 'see https\\://x.example, www\\.x.example, a\\@x.example', 'no GFM autolinks');
    assert.equal(escapeMarkdown('$(alert) &amp; 2) item'), '\\$(alert) \\&amp; 2) item');
    assert.equal(escapeMarkdown('2) item'), '2\\) item');
  });

  it('writes relative dates', () => {
    const now = new Date('2026-06-15T12:00:00Z');
    const ago = (seconds: number) => relativeTime(new Date(now.getTime() - seconds * 1000), now);
    assert.equal(ago(10), 'just now');
    assert.equal(ago(-3600), 'just now', 'clock skew');
    assert.equal(ago(60), '1 minute ago');
    assert.equal(ago(5 * 60), '5 minutes ago');
    assert.equal(ago(3 * 3600), '3 hours ago');
    assert.equal(ago(86400), 'yesterday');
    assert.equal(ago(4 * 86400), '4 days ago');
    assert.equal(ago(65 * 86400), '2 months ago');
    assert.equal(ago(800 * 86400), '2 years ago');
    assert.equal(relativeTime(new Date('garbage'), now), 'unknown');
  });
});
