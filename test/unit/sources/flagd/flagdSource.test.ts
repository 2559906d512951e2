import * as assert from 'node:assert/strict';
import { promises as fs, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FlagLensError } from '../../../../src/core/errors';
import { discoverFlagdFiles } from '../../../../src/core/sources/flagd/discoverFlagdFiles';
import { evaluateFlag, evaluateFlagFile } from '../../../../src/core/sources/flagd/evaluateFlag';
import { FlagdSource } from '../../../../src/core/sources/flagd/flagdSource';
import type { FlagSnapshot } from '../../../../src/core/sources/model';

const fixtures = path.resolve(__dirname, '../../../fixtures/flagd');

const devFile = `{
  "flags": {
    "new-checkout": {
      "state": "ENABLED",
      "variants": { "on": true, "off": false },
      "defaultVariant": "off",
      "targeting": { "fractional": [["on", 1], ["off", 3]] }
    },
    "dark-mode": {
      "state": "DISABLED",
      "variants": { "on": true, "off": false },
      "defaultVariant": "on"
    }
  }
}
`;

async function write(root: string, relative: string, text: string): Promise<string> {
  const file = path.join(root, relative);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
  return file.replace(/\\/g, '/');
}

/** Resolves with the first snapshot that satisfies the predicate, or rejects after a generous wait. */
function nextSnapshot(source: FlagdSource, predicate: (s: FlagSnapshot) => boolean, timeoutMs = 8000): Promise<FlagSnapshot> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error('no matching snapshot'));
    }, timeoutMs);
    const subscription = source.onDidChangeSnapshot((snapshot) => {
      if (!predicate(snapshot)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(snapshot);
    });
  });
}

describe('flagd/discoverFlagdFiles', () => {
  let root: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-discover-'));
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('finds *.flagd.json and flags.json, skipping node_modules and .gitignored folders', async () => {
    await write(root, '.gitignore', 'dist/\n*.local.flagd.json\n');
    const expected = [
      await write(root, 'flags.json', '{}'),
      await write(root, 'config/app.flagd.json', '{}'),
      await write(root, 'packages/web/flags.json', '{}'),
    ];
    await write(root, 'node_modules/lib/flags.flagd.json', '{}');
    await write(root, 'dist/app.flagd.json', '{}');
    await write(root, 'config/dev.local.flagd.json', '{}');
    await write(root, 'packages/web/.gitignore', 'generated\n');
    await write(root, 'packages/web/generated/flags.json', '{}');
    await write(root, 'other.json', '{}');
    assert.deepEqual(await discoverFlagdFiles({ root }), expected.sort());
  });

  it('uses configured globs and plain paths instead, without .gitignore', async () => {
    await write(root, '.gitignore', 'flags/\n');
    const a = await write(root, 'flags/a.json', '{}');
    await write(root, 'flags/b.txt', '{}');
    const c = await write(root, 'special/feature-flags.json', '{}');
    await write(root, 'app.flagd.json', '{}');
    assert.deepEqual(await discoverFlagdFiles({ root, patterns: ['flags/*.json', 'special/feature-flags.json', 'missing.json'] }), [a, c].sort());
  });

  it('honors cancellation', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(discoverFlagdFiles({ root, signal: controller.signal }), (e: unknown) => FlagLensError.is(e, 'cancelled'));
  });
});

describe('flagd/FlagdSource', () => {
  let root: string;
  const sources: FlagdSource[] = [];

  function source(options: Partial<ConstructorParameters<typeof FlagdSource>[0]> = {}): FlagdSource {
    const created = new FlagdSource({ root, debounceMs: 40, ...options });
    sources.push(created);
    return created;
  }

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-flagd-'));
  });

  afterEach(async () => {
    for (const s of sources.splice(0)) s.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('reads the fixture into the model: one unprotected environment per file, flagd metadata kept', async () => {
    const flagd = new FlagdSource({ root: path.join(fixtures, 'basic') });
    sources.push(flagd);
    const snapshot = await flagd.refresh();
    assert.equal(flagd.label, 'flagd: shop.flagd.json');
    assert.deepEqual(flagd.status.state, 'connected');
    assert.deepEqual(snapshot.environments, [{ key: 'shop-dev', name: 'shop.flagd.json', protected: false }]);
    const darkMode = snapshot.flags.find((f) => f.key === 'dark-mode')!;
    assert.equal(darkMode.description, 'Dark theme');
    assert.equal(darkMode.maintainer, 'team-web');
    assert.equal(darkMode.type, 'release');
    assert.equal(darkMode.temporary, true);
    assert.equal(darkMode.flagMetadata?.version, 'v3');
    assert.equal(darkMode.flagMetadata?.flagSetId, 'shop-dev');
    const env = darkMode.environments['shop-dev']!;
    assert.equal(env.on, true);
    assert.equal(env.protected, false);
    assert.deepEqual(env.definedAt, { file: path.join(fixtures, 'basic/shop.flagd.json').replace(/\\/g, '/'), line: 15, character: 4 });
    const searchV2 = snapshot.flags.find((f) => f.key === 'search-v2')!;
    assert.equal(searchV2.temporary, false);
    assert.equal(searchV2.type, 'operational');
    assert.deepEqual(snapshot.flags.map((f) => f.key), [...snapshot.flags.map((f) => f.key)].sort());
  });

  it('merges files: flags by key, one environment per file named by flagSetId or file name; manifests add defaults', async () => {
    await write(root, 'dev.flagd.json', devFile);
    await write(root, 'config/prod.flagd.json', JSON.stringify({ metadata: { flagSetId: 'production' }, flags: { 'new-checkout': { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'off' } } }));
    await write(root, 'flags.json', JSON.stringify({ flags: { 'new-checkout': { flagType: 'boolean', defaultValue: false }, 'manifest-only': { flagType: 'string', defaultValue: 'x' } } }));
    const flagd = source();
    const snapshot = await flagd.refresh();
    assert.equal(flagd.label, 'flagd: 3 files');
    assert.deepEqual(snapshot.environments.map((e) => [e.key, e.name, e.protected]), [
      ['production', 'config/prod.flagd.json', true],
      ['dev', 'dev.flagd.json', false],
    ]);
    // Protected by its name alone: the reason says so rather than crediting the file.
    assert.equal(snapshot.environments[0]!.protectedBecause, "its name 'production' looks like production");
    const checkout = snapshot.flags.find((f) => f.key === 'new-checkout')!;
    assert.deepEqual(Object.keys(checkout.environments).sort(), ['dev', 'production']);
    assert.equal(checkout.environments.production!.on, false);
    assert.equal(checkout.defaultValue, false);
    const manifestOnly = snapshot.flags.find((f) => f.key === 'manifest-only')!;
    assert.deepEqual(manifestOnly.environments, {});
    assert.equal(manifestOnly.defaultValue, 'x');
  });

  it('names environments by path when two files share a name', async () => {
    await write(root, 'a/flags.flagd.json', devFile);
    await write(root, 'b/flags.flagd.json', devFile);
    const snapshot = await source().refresh();
    assert.deepEqual(snapshot.environments.map((e) => e.key), ['a/flags.flagd.json', 'b/flags.flagd.json']);
  });

  it('keeps the last good state of a file that becomes malformed, with a located problem, and recovers', async () => {
    const file = await write(root, 'dev.flagd.json', devFile);
    const flagd = source();
    await flagd.refresh();
    await fs.writeFile(file, devFile.replace('"state": "ENABLED",', '"state": "ENABLED"'));
    const broken = await flagd.refresh();
    assert.deepEqual(broken.flags.map((f) => f.key), ['dark-mode', 'new-checkout']);
    assert.equal(broken.flags.find((f) => f.key === 'new-checkout')!.environments.dev!.on, true);
    assert.equal(broken.problems?.length, 1);
    assert.deepEqual([broken.problems![0]!.line, broken.problems![0]!.file], [4, file]);
    await fs.writeFile(file, devFile.replace('"state": "DISABLED"', '"state": "ENABLED"'));
    const fixed = await flagd.refresh();
    assert.deepEqual(fixed.problems, []);
    assert.equal(fixed.flags.find((f) => f.key === 'dark-mode')!.environments.dev!.on, true);
  });

  it('a malformed file with no good state yet contributes only its problem', async () => {
    await write(root, 'bad.flagd.json', '{ "flags": { ');
    const snapshot = await source().refresh();
    assert.deepEqual(snapshot.flags, []);
    assert.equal(snapshot.problems?.length, 1);
    assert.match(snapshot.problems![0]!.message, /Invalid JSON/);
  });

  it('watches: an external edit is picked up and emitted', async () => {
    const file = await write(root, 'dev.flagd.json', devFile);
    const flagd = source();
    flagd.start();
    await nextSnapshot(flagd, () => true);
    const changed = nextSnapshot(flagd, (s) => s.flags.find((f) => f.key === 'dark-mode')?.environments.dev?.on === true);
    await fs.writeFile(file, devFile.replace('"state": "DISABLED"', '"state": "ENABLED"'));
    const snapshot = await changed;
    assert.equal(snapshot.flags.find((f) => f.key === 'dark-mode')!.environments.dev!.on, true);
  });

  it('debounces a burst of writes into one reload of the final content', async () => {
    const file = await write(root, 'dev.flagd.json', devFile);
    const flagd = source({ debounceMs: 250 });
    flagd.start();
    await nextSnapshot(flagd, () => true);
    const emitted: FlagSnapshot[] = [];
    flagd.onDidChangeSnapshot((s) => emitted.push(s));
    const final = nextSnapshot(flagd, (s) => s.flags.find((f) => f.key === 'dark-mode')?.environments.dev?.on === true);
    for (let i = 0; i < 5; i++) writeFileSync(file, devFile.replace('"defaultVariant": "on"', `"defaultVariant": "${i % 2 ? 'off' : 'on'}"`));
    writeFileSync(file, devFile.replace('"state": "DISABLED"', '"state": "ENABLED"'));
    await final;
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(emitted.length, 1);
  });

  it('watches through editors that save by writing a temp file and renaming it over the original', async () => {
    const file = await write(root, 'dev.flagd.json', devFile);
    const flagd = source();
    flagd.start();
    await nextSnapshot(flagd, () => true);
    const steps: [string, string, (s: FlagSnapshot) => boolean][] = [
      ['"state": "DISABLED"', '"state": "ENABLED"', (s) => s.flags.find((f) => f.key === 'dark-mode')?.environments.dev?.on === true],
      ['"targeting": { "fractional": [["on", 1], ["off", 3]] }', '"targeting": { "fractional": [["on", 1], ["off", 1]] }', (s) => JSON.stringify(s.flags.find((f) => f.key === 'new-checkout')?.environments.dev?.serving).includes('"percent":50')],
    ];
    for (const [from, to, predicate] of steps) {
      const current = await fs.readFile(file, 'utf8');
      const changed = nextSnapshot(flagd, predicate);
      const temp = `${file}.swp`;
      await fs.writeFile(temp, current.replace(from, to));
      await fs.rename(temp, file);
      await changed;
    }
    const after = flagd.snapshot!.flags.find((f) => f.key === 'new-checkout')!;
    assert.equal(flagd.snapshot!.flags.find((f) => f.key === 'dark-mode')!.environments.dev!.on, true);
    assert.equal(after.environments.dev!.serving.type, 'split');
  });

  it('watches: a new flag file next to a watched one joins, a deleted one leaves', async () => {
    await write(root, 'dev.flagd.json', devFile);
    const flagd = source();
    flagd.start();
    await nextSnapshot(flagd, () => true);
    const joined = nextSnapshot(flagd, (s) => s.environments.length === 2);
    const qa = await write(root, 'qa.flagd.json', devFile);
    await write(root, 'notes.json', '{}');
    assert.deepEqual((await joined).environments.map((e) => e.key), ['dev', 'qa']);
    const left = nextSnapshot(flagd, (s) => s.environments.length === 1);
    await fs.rm(qa);
    assert.deepEqual((await left).environments.map((e) => e.key), ['dev']);
    assert.deepEqual(flagd.trackedFiles.map((f) => path.basename(f)), ['dev.flagd.json']);
  });

  it('toggle flips state with a minimal edit, emits immediately, and survives the watcher echo', async () => {
    const file = await write(root, 'dev.flagd.json', devFile);
    const flagd = source();
    flagd.start();
    await nextSnapshot(flagd, () => true);
    const emitted: FlagSnapshot[] = [];
    flagd.onDidChangeSnapshot((s) => emitted.push(s));
    await flagd.toggle({ key: 'new-checkout', environment: 'dev', on: false });
    assert.equal(await fs.readFile(file, 'utf8'), devFile.replace('"state": "ENABLED"', '"state": "DISABLED"'));
    assert.equal(emitted.length, 1);
    assert.equal(flagd.snapshot!.flags.find((f) => f.key === 'new-checkout')!.environments.dev!.on, false);
    // The split is kept, so turning it back on restores the rollout.
    assert.equal(flagd.snapshot!.flags.find((f) => f.key === 'new-checkout')!.environments.dev!.serving.type, 'split');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(emitted.length, 1, 'the watcher event for our own write must not emit again');
    await flagd.toggle({ key: 'new-checkout', environment: 'dev.flagd.json', on: true });
    assert.equal(await fs.readFile(file, 'utf8'), devFile);
  });

  it('toggle refuses production-like and configured environments unless explicitly allowed', async () => {
    const prod = await write(root, 'production.flagd.json', devFile);
    await write(root, 'qa.flagd.json', devFile);
    const flagd = source({ protectedEnvironments: ['qa'] });
    await flagd.refresh();
    await assert.rejects(flagd.toggle({ key: 'dark-mode', environment: 'production', on: true }), (e: unknown) => FlagLensError.is(e, 'protectedEnvironment') && /looks like production/.test(e.message));
    await assert.rejects(flagd.toggle({ key: 'dark-mode', environment: 'qa', on: true }), (e: unknown) => FlagLensError.is(e, 'protectedEnvironment'));
    assert.equal(await fs.readFile(prod, 'utf8'), devFile);
    await flagd.toggle({ key: 'dark-mode', environment: 'production', on: true, allowProtected: true });
    assert.ok((await fs.readFile(prod, 'utf8')).includes('"state": "ENABLED",\n      "variants": { "on": true, "off": false },\n      "defaultVariant": "on"'));
  });

  it('toggle reports unknown environments and keys, and refuses a file with JSON errors', async () => {
    const file = await write(root, 'dev.flagd.json', devFile);
    const flagd = source();
    await flagd.refresh();
    await assert.rejects(flagd.toggle({ key: 'dark-mode', environment: 'staging', on: true }), (e: unknown) => FlagLensError.is(e, 'notFound') && /known: dev/.test(e.message));
    await assert.rejects(flagd.toggle({ key: 'nope', environment: 'dev', on: true }), (e: unknown) => FlagLensError.is(e, 'notFound'));
    await fs.writeFile(file, devFile.replace('"state": "ENABLED",', '"state": "ENABLED"'));
    await assert.rejects(flagd.toggle({ key: 'dark-mode', environment: 'dev', on: true }), (e: unknown) => FlagLensError.is(e, 'parse'));
  });

  it('answers "what does this context get" with flagd\'s own evaluator', async () => {
    const flagd = new FlagdSource({ root: path.join(fixtures, 'basic') });
    sources.push(flagd);
    await flagd.refresh();
    assert.deepEqual(flagd.evaluate('checkout-rollout', { email: 'ana@example.com' }), { key: 'checkout-rollout', value: true, variant: 'on', reason: 'TARGETING_MATCH', environment: 'shop-dev' });
    assert.equal(flagd.evaluate('checkout-rollout', { email: 'x@other.org', userId: 'nobody' })?.variant, 'off');
    assert.equal(flagd.evaluate('app-version-gate', { appVersion: '2.3.1' })?.value, 'v2');
    assert.equal(flagd.evaluate('max-cart-items')?.value, 100);
    assert.deepEqual(flagd.evaluate('free-shipping'), { key: 'free-shipping', value: undefined, reason: 'DISABLED', environment: 'shop-dev' });
    assert.equal(flagd.evaluate('missing'), undefined);
    // The same user always lands in the same bucket, and 1:3 buckets roughly a quarter of users on.
    const users = Array.from({ length: 400 }, (_, i) => `user-${i}`);
    const onCount = users.filter((u) => flagd.evaluate('new-checkout', { targetingKey: u })?.value === true).length;
    assert.ok(onCount > 60 && onCount < 140, String(onCount));
    assert.equal(flagd.evaluate('new-checkout', { targetingKey: 'user-7' })?.value, flagd.evaluate('new-checkout', { targetingKey: 'user-7' })?.value);
  });

  it('evaluateFlag works from text alone, evaluateFlagFile from a file', async () => {
    const result = evaluateFlag(devFile, 'dark-mode', {});
    assert.equal(result.reason, 'DISABLED');
    assert.equal(result.value, undefined);
    assert.equal(evaluateFlag(devFile, 'nope').errorCode, 'FLAG_NOT_FOUND');
    const fromFile = await evaluateFlagFile(path.join(fixtures, 'basic/shop.flagd.json'), 'search-v2', { email: 'bo@example.com' });
    assert.deepEqual([fromFile.value, fromFile.variant, fromFile.reason], [true, 'on', 'TARGETING_MATCH']);
  });

  it('is misconfigured when configured globs match nothing', async () => {
    const flagd = source({ patterns: ['flags/*.flagd.json'] });
    const snapshot = await flagd.refresh();
    assert.deepEqual(snapshot.flags, []);
    assert.equal(flagd.status.state, 'misconfigured');
  });
});
