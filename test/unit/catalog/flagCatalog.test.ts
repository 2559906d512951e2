import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { CatalogChange } from '../../../src/core/catalog/model';
import { FlagdSource } from '../../../src/core/sources/flagd/flagdSource';
import { appSource, createCatalogWorkspace, otherFlags, type CatalogWorkspace } from './workspace';

function waitFor(catalog: CatalogWorkspace['catalog'], predicate: (change: CatalogChange) => boolean, timeoutMs = 10_000): Promise<CatalogChange> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error('no matching catalog change'));
    }, timeoutMs);
    const subscription = catalog.onDidChange((change) => {
      if (!predicate(change)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(change);
    });
  });
}

describe('FlagCatalog over a real index and real flagd files', () => {
  let ws: CatalogWorkspace;

  beforeEach(async () => {
    ws = await createCatalogWorkspace();
  });

  afterEach(() => ws.dispose());

  it('joins definitions and references by key', () => {
    const entry = ws.catalog.entry('new-checkout');
    assert.ok(entry);
    assert.equal(entry.definitions.length, 1);
    const [definition] = entry.definitions;
    assert.equal(definition!.sourceId, 'flagd:main');
    assert.equal(definition!.sourceKind, 'flagd');
    assert.deepEqual(definition!.environments.map((e) => e.key), ['dev', 'prod']);
    assert.equal(definition!.flag.environments.prod?.serving.type, 'split');
    // The literal and the imported constant both count; the typo is a different key.
    assert.equal(entry.references.length, 2);
    assert.deepEqual(entry.references.map((r) => r.via).sort(), ['constant', 'literal']);
  });

  it('lists every defined or referenced key, and defined keys separately', () => {
    assert.deepEqual(ws.catalog.definedKeys(), ['banner-text', 'new-checkout', 'old-header']);
    assert.deepEqual(ws.catalog.keys(), ['banner-text', 'new-checkout', 'new-chekout', 'old-header']);
    const unreferenced = ws.catalog.entry('old-header');
    assert.equal(unreferenced?.references.length, 0);
    assert.equal(unreferenced?.definitions.length, 1);
    assert.equal(ws.catalog.entry('not-anywhere'), undefined);
  });

  it('answers the per-file and per-position queries the editor surfaces ask', () => {
    assert.deepEqual(ws.catalog.entriesForFile(ws.app).map((e) => e.key), ['new-checkout', 'new-chekout', 'banner-text']);
    const offset = appSource.indexOf("'banner-text'") + 3;
    const hit = ws.catalog.referenceAt(ws.app, offset);
    assert.equal(hit?.entry.key, 'banner-text');
    assert.equal(hit?.reference.keySpan.startLine, appSource.slice(0, offset).split('\n').length - 1);
    assert.equal(ws.catalog.referenceAt(ws.app, appSource.indexOf('export async')), undefined);
    assert.equal(ws.catalog.dynamicIn(ws.app).length, 1);
    assert.deepEqual(ws.catalog.files(), [ws.app, `${ws.root}/src/keys.ts`].filter((f) => ws.catalog.referencesIn(f).length > 0 || ws.catalog.dynamicIn(f).length > 0));
  });

  it('reports unknown keys with a did-you-mean only once a source has loaded', () => {
    const unknown = ws.catalog.unknownReferencesIn(ws.app);
    assert.deepEqual(unknown.map((r) => r.key), ['new-chekout']);
    assert.equal(ws.catalog.suggestionFor('new-chekout'), 'new-checkout');
    const counts = ws.catalog.counts();
    assert.deepEqual(counts, { flags: 3, references: 4, dynamic: 1, unknown: 1, staleFlags: 0 });

    assert.equal(ws.catalog.definitionState(), 'loaded');
    ws.catalog.setSources([]);
    assert.equal(ws.catalog.hasDefinitions(), false);
    assert.equal(ws.catalog.definitionState(), 'unavailable');
    assert.deepEqual(ws.catalog.unknownReferencesIn(ws.app), [], 'nothing is unknown before any source loaded');
    assert.equal(ws.catalog.counts().unknown, 0);
  });

  it('shows both definitions when two sources define the same key', async () => {
    ws.write('team/team.flagd.json', JSON.stringify(otherFlags));
    const team = new FlagdSource({ root: ws.root, patterns: ['team/*.flagd.json'], id: 'flagd:team' });
    try {
      await team.refresh();
      ws.catalog.setSources([ws.flagd, team]);
      const entry = ws.catalog.entry('new-checkout');
      assert.deepEqual(entry?.definitions.map((d) => d.sourceId), ['flagd:main', 'flagd:team']);
      assert.equal(entry?.definitions[1]?.flag.environments.team?.on, false);
      assert.equal(ws.catalog.counts().flags, 3, 'keys are counted once');
    } finally {
      team.dispose();
    }
  });

  it('fires a definitions change when a toggle rewrites the flag file, and reflects the new state', async () => {
    assert.equal(ws.catalog.entry('old-header')?.definitions[0]?.flag.environments.dev?.on, false);
    const changed = waitFor(ws.catalog, (change) => change.definitions === true);
    await ws.flagd.toggle({ key: 'old-header', environment: 'dev', on: true });
    await changed;
    assert.equal(ws.catalog.entry('old-header')?.definitions[0]?.flag.environments.dev?.on, true);
    assert.match(readFileSync(`${ws.root}/flags/dev.flagd.json`, 'utf8'), /"old-header"[^}]*"state": "ENABLED"/);
  });

  it('fires a files change when the index resyncs an edited buffer, without touching disk', async () => {
    const changed = waitFor(ws.catalog, (change) => change.files?.includes(ws.app) === true);
    await ws.index.updateFile(ws.app, appSource.replace("'new-chekout'", "'old-header'"));
    await changed;
    assert.deepEqual(ws.catalog.unknownReferencesIn(ws.app), []);
    assert.equal(ws.catalog.entry('old-header')?.references.length, 1);
    assert.equal(ws.catalog.entry('new-chekout'), undefined);
    assert.equal(readFileSync(ws.app, 'utf8'), appSource);
  });

  it('exposes a malformed flag file as a problem at the line the parser reports, keeps the last good state, and clears it once fixed', async () => {
    const devFile = `${ws.root}/flags/dev.flagd.json`;
    const good = readFileSync(devFile, 'utf8');
    assert.deepEqual(ws.catalog.sourceProblemFiles(), []);
    // Cut inside the "banner-text" entry: the JSON ends early, on a line the parser names.
    const broken = good.slice(0, good.indexOf('"banner-text"') + 20);
    ws.write('flags/dev.flagd.json', broken);
    const reported = waitFor(ws.catalog, (change) => change.definitions === true);
    await ws.flagd.refresh();
    await reported;
    assert.deepEqual(ws.catalog.sourceProblemFiles(), [devFile]);
    const [problem, ...more] = ws.catalog.sourceProblemsIn(devFile);
    assert.equal(more.length, 0, JSON.stringify(more));
    assert.match(problem!.message, /Invalid JSON/);
    assert.equal(problem!.sourceId, 'flagd:main');
    assert.notEqual(problem!.severity, 'warning');
    assert.equal(problem!.line, broken.split('\n').length - 1, 'points at the last line, where the text ends');
    assert.equal(ws.catalog.entry('new-checkout')?.definitions[0]?.flag.environments.dev?.on, true, 'last good state kept');

    ws.write('flags/dev.flagd.json', good);
    await ws.flagd.refresh();
    assert.deepEqual(ws.catalog.sourceProblemFiles(), []);
    assert.deepEqual(ws.catalog.sourceProblemsIn(devFile), []);
  });

  it('reports flagd validation warnings with their severity', async () => {
    const devFile = `${ws.root}/flags/dev.flagd.json`;
    const json = JSON.parse(readFileSync(devFile, 'utf8')) as { flags: Record<string, Record<string, unknown>> };
    json.flags['old-header']!.targeting = { if: [{ $ref: 'missingEvaluator' }, 'on', 'off'] };
    ws.write('flags/dev.flagd.json', JSON.stringify(json, null, 2));
    await ws.flagd.refresh();
    const problems = ws.catalog.sourceProblemsIn(devFile);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0]!.severity, 'warning');
    assert.match(problems[0]!.message, /missingEvaluator/);
    const targetingLine = readFileSync(devFile, 'utf8').split('\n').findIndex((line) => line.includes('"targeting"'));
    assert.equal(problems[0]!.line, targetingLine, 'points at the flag\'s targeting');
    // A warning does not stop the load: the edit itself is live.
    assert.ok(ws.catalog.entry('old-header')?.definitions[0]?.flag.environments.dev);
  });

  it('is loading while a source has not delivered its first snapshot', () => {
    const fresh = new FlagdSource({ root: ws.root, patterns: ['flags/*.flagd.json'], id: 'flagd:fresh' });
    try {
      ws.catalog.setSources([fresh]);
      assert.equal(ws.catalog.definitionState(), 'loading');
      assert.deepEqual(ws.catalog.unknownReferencesIn(ws.app), [], 'no unknown-key noise while loading');
    } finally {
      fresh.dispose();
    }
  });

  it('stops listening to replaced sources', async () => {
    ws.catalog.setSources([]);
    let fired = 0;
    const subscription = ws.catalog.onDidChange((change) => {
      if (change.definitions) fired++;
    });
    await ws.flagd.refresh();
    subscription.dispose();
    assert.equal(fired, 0);
  });
});

describe('FlagCatalog with stale detection', () => {
  it('attaches stale findings to entries and counts stale flags', async () => {
    const ws = await createCatalogWorkspace({ stale: true });
    try {
      const unused = ws.catalog.entry('old-header')?.stale ?? [];
      assert.ok(unused.some((f) => f.kind === 'unused'), JSON.stringify(unused));
      assert.ok(ws.catalog.counts().staleFlags >= 1);
      // The stale module's own unknown-key suggestion is used for did-you-mean.
      assert.equal(ws.catalog.suggestionFor('new-chekout'), 'new-checkout');
      assert.deepEqual(ws.catalog.entry('new-checkout')?.stale.filter((f) => f.kind === 'unused'), []);
    } finally {
      ws.dispose();
    }
  });
});
