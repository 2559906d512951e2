import assert from 'node:assert/strict';
import { hoverMarkdown, type HoverOptions } from '../../../src/core/catalog/present/hoverMarkdown';
import { lensText } from '../../../src/core/catalog/present/lensText';
import { escapeMarkdown, inlineCode } from '../../../src/core/catalog/present/markdown';
import { relativeTime } from '../../../src/core/catalog/present/relativeTime';
import { lensStateText, servingText, stateSummary } from '../../../src/core/catalog/present/servingText';
import type { FlagDefinition } from '../../../src/core/sources/model';
import { createCatalogWorkspace, type CatalogWorkspace } from './workspace';

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

  it('writes the code lens line per environment', () => {
    assert.equal(lensText(ws.catalog.entry('new-checkout')!, [], 'loaded'), '⚑ new-checkout · dev: ON · prod: 25% rollout');
    assert.equal(lensText(ws.catalog.entry('banner-text')!, [], 'loaded'), '⚑ banner-text · dev: holiday · prod: default');
    assert.equal(lensText(ws.catalog.entry('new-checkout')!, ['prod'], 'loaded'), '⚑ new-checkout · prod: 25% rollout', 'the setting picks environments');
    assert.equal(lensText(ws.catalog.entry('new-checkout')!, ['prod', 'dev'], 'loaded'), '⚑ new-checkout · prod: 25% rollout · dev: ON', 'and orders them');
    assert.equal(lensText(ws.catalog.entry('new-chekout')!, [], 'loaded'), '⚑ new-chekout · not defined in any source');
    assert.equal(lensText(ws.catalog.entry('new-chekout')!, [], 'loading'), '⚑ new-chekout · loading flags…');
    assert.equal(lensText(ws.catalog.entry('new-chekout')!, [], 'unavailable'), '⚑ new-chekout · no flag data');
    assert.equal(lensText(ws.catalog.entry('old-header')!, [], 'loaded'), '⚑ old-header · dev: OFF · prod: OFF · ⚠ stale');
  });

  it('writes the hover: title, description, variations, environment table, usage and command links', () => {
    const markdown = hoverMarkdown(ws.catalog.entry('new-checkout')!, options());
    const lines = markdown.split('\n');
    assert.equal(lines[0], '**new-checkout** `new-checkout` · boolean · temporary');
    assert.ok(lines.includes('One-page checkout'), markdown);
    assert.ok(lines.includes('Variations: `on` = `true`, `off` = `false`'), markdown);
    assert.ok(lines.includes('| Environment | State | Serving | Off variation | Last modified |'), markdown);
    assert.ok(lines.some((l) => l.startsWith('| dev | **ON** | on | — |')), markdown);
    assert.ok(lines.some((l) => l.startsWith('| prod 🔒 | **ON** | on 25% · off 75% | — |')), markdown);
    assert.ok(markdown.includes('2 references in 1 file'), markdown);
    assert.match(markdown, /\[Toggle in dev\]\(command:flaglens\.toggleFlag\?/);
    assert.match(markdown, /\[Find all references\]\(command:flaglens\.findReferences\?/);
    assert.match(markdown, /\[Open in flag file\]\(command:flaglens\.openInDashboard\?/);
    const toggleArgs = JSON.parse(decodeURIComponent(commandLinks(markdown)[0]!.split('?')[1]!)) as unknown[];
    assert.deepEqual(toggleArgs, [{ key: 'new-checkout', sourceId: 'flagd:main', environment: 'dev' }]);
  });

  it('never offers a hover toggle for a protected environment, even when it is the chosen one', () => {
    const markdown = hoverMarkdown(ws.catalog.entry('new-checkout')!, options({ preferredEnvironment: 'prod' }));
    assert.match(markdown, /\[Toggle in dev\]/);
    const onlyDev = hoverMarkdown(ws.catalog.entry('new-checkout')!, options({ protectedEnvironments: ['dev'] }));
    assert.doesNotMatch(onlyDev, /Toggle in/, 'dev listed as protected + prod production-like: nothing to toggle from a hover');
    assert.match(onlyDev, /\| dev 🔒 \|/);
  });

  it('marks stale flags and explains unknown keys', () => {
    const stale = hoverMarkdown(ws.catalog.entry('old-header')!, options());
    assert.match(stale.split('\n')[0]!, /· ⚠ stale$/);
    assert.match(stale, /⚠ \*\*Stale \(unused\)\*\*/);
    assert.match(stale, /0 references in 0 files/);
    const unknown = hoverMarkdown(ws.catalog.entry('new-chekout')!, options());
    assert.match(unknown, /^\*\*Unknown flag\*\* `new-chekout`/);
    assert.match(unknown, /No configured source defines this key\./);
    assert.doesNotMatch(unknown, /Toggle in/);
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

  it('turns environment state into the short lens form', () => {
    const state = (on: boolean, serving: Parameters<typeof servingText>[0]) => ({ environment: 'e', on, serving, protected: false });
    assert.equal(lensStateText(booleanFlag, undefined), '—');
    assert.equal(lensStateText(booleanFlag, state(false, { type: 'variation', variation: 'yes' })), 'OFF');
    assert.equal(lensStateText(booleanFlag, state(true, { type: 'variation', variation: 'yes' })), 'ON');
    assert.equal(lensStateText(booleanFlag, state(true, { type: 'variation', variation: 'no' })), 'no', 'on but serving false says what it serves');
    assert.equal(lensStateText(booleanFlag, state(true, { type: 'split', split: [{ variation: 'no', percent: 90 }, { variation: 'yes', percent: 10 }] })), '10% rollout');
    const stringFlag = { ...booleanFlag, kind: 'string' as const, variations: [{ name: 'a', value: 'A' }, { name: 'b', value: 'B' }] };
    assert.equal(lensStateText(stringFlag, state(true, { type: 'split', split: [{ variation: 'a', percent: 50 }, { variation: 'b', percent: 50 }] })), 'split a 50%/b 50%');
    assert.equal(stateSummary(booleanFlag, state(true, { type: 'variation', variation: 'yes' })), 'ON');
    assert.equal(stateSummary(booleanFlag, { ...state(false, { type: 'variation', variation: 'yes' }), offVariation: 'no' }), 'OFF · serves no');
    assert.equal(stateSummary(booleanFlag, state(true, { type: 'rules', count: 2, summary: '' })), 'ON · 2 rules');
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
