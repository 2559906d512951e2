import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlagDefinition, FlagSnapshot } from '../../../src/core/sources/model';
import { SnapshotCache } from '../../../src/core/sources/snapshotCache';
import { UnleashSource, type UnleashSourceOptions } from '../../../src/core/sources/unleash/unleashSource';
import { admin } from './unleashAdmin';
import { unleash } from './unleashFixture';
import { rejection } from '../../support/rejection';

// Unique per run so the suite also passes against a server that already has flags.
const suffix = randomBytes(3).toString('hex');
const names = {
  release: `release-rollout-${suffix}`,
  constrained: `constrained-${suffix}`,
  segmented: `segmented-${suffix}`,
  killSwitch: `kill-switch-${suffix}`,
  archived: `archived-${suffix}`,
  stale: `stale-${suffix}`,
  toggled: `toggled-${suffix}`,
  protectedToggle: `prod-toggle-${suffix}`,
  seen: `seen-${suffix}`,
};

const sources: UnleashSource[] = [];
function source(options: Partial<UnleashSourceOptions> = {}): UnleashSource {
  const created = new UnleashSource({ url: unleash().url, token: unleash().adminToken, project: 'default', pollIntervalMs: 60_000, ...options });
  sources.push(created);
  return created;
}

function flag(snapshot: FlagSnapshot, key: string): FlagDefinition {
  const found = snapshot.flags.find((f) => f.key === key);
  assert.ok(found, `flag ${key} missing from the snapshot (has ${snapshot.flags.map((f) => f.key).join(', ')})`);
  return found;
}

describe('UnleashSource against a real Unleash server', () => {
  before(async () => {
    await admin.createFlag(names.release, 'release', 'New checkout flow');
    await admin.addStrategy(names.release, 'development', { name: 'flexibleRollout', parameters: { rollout: '25', stickiness: 'default', groupId: names.release } });
    await admin.setEnabled(names.release, 'development', true);
    await admin.addTag(names.release, 'checkout');

    await admin.createFlag(names.constrained, 'experiment');
    await admin.addStrategy(names.constrained, 'development', { name: 'default', constraints: [{ contextName: 'userId', operator: 'IN', values: ['alice', 'bob'] }] });
    await admin.addStrategy(names.constrained, 'development', {
      name: 'flexibleRollout',
      parameters: { rollout: '50', stickiness: 'default', groupId: names.constrained },
      constraints: [{ contextName: 'appName', operator: 'STR_STARTS_WITH', values: ['web'] }],
    });
    // Disabled strategies are not evaluated by SDKs, so they must not show up as rules.
    await admin.addStrategy(names.constrained, 'development', { name: 'flexibleRollout', parameters: { rollout: '100', stickiness: 'default', groupId: names.constrained }, disabled: true });
    await admin.setEnabled(names.constrained, 'development', true);

    const segment = await admin.createSegment(`beta-testers-${suffix}`, [{ contextName: 'userId', operator: 'IN', values: ['carol'] }]);
    await admin.createFlag(names.segmented, 'permission');
    await admin.addStrategy(names.segmented, 'development', { name: 'default', segments: [segment.id] } as never);

    await admin.createFlag(names.killSwitch, 'kill-switch');
    await admin.addStrategy(names.killSwitch, 'production', { name: 'default' });
    await admin.setEnabled(names.killSwitch, 'production', true);

    await admin.createFlag(names.archived, 'release');
    await admin.archive(names.archived);

    await admin.createFlag(names.stale, 'operational');
    await admin.markStale(names.stale);

    await admin.createFlag(names.toggled, 'release');
    await admin.createFlag(names.protectedToggle, 'release');
  });

  after(() => {
    for (const s of sources) s.dispose();
  });

  describe('reading', () => {
    let snapshot: FlagSnapshot;
    before(async () => {
      snapshot = await source().refresh();
    });

    it('lists the project environments with production protected', () => {
      assert.deepEqual(
        snapshot.environments.map((e) => [e.key, e.protected]),
        [
          ['development', false],
          ['production', true],
        ],
      );
    });

    it('maps a 25 % flexibleRollout to a 25/75 split and keeps the other environment off', () => {
      const release = flag(snapshot, names.release);
      assert.equal(release.type, 'release');
      assert.equal(release.temporary, true);
      assert.equal(release.archived, false);
      assert.equal(release.description, 'New checkout flow');
      assert.deepEqual(release.tags, ['checkout']);
      assert.ok(release.createdAt instanceof Date && !Number.isNaN(release.createdAt.getTime()));
      assert.equal(release.dashboardUrl, `${unleash().url}/projects/default/features/${names.release}`);
      const development = release.environments.development!;
      assert.equal(development.on, true);
      assert.equal(development.protected, false);
      assert.deepEqual(development.serving, {
        type: 'split',
        split: [
          { variation: 'on', percent: 25 },
          { variation: 'off', percent: 75 },
        ],
      });
      assert.equal(release.environments.production!.on, false);
      assert.equal(release.environments.production!.protected, true);
    });

    it('dates each environment\'s last change from the event log', () => {
      const release = flag(snapshot, names.release);
      const created = release.createdAt!.getTime();
      const development = release.environments.development!.lastModified;
      const production = release.environments.production!.lastModified;
      assert.ok(development instanceof Date && production instanceof Date);
      // Development got a strategy and was enabled after creation; production was never touched.
      assert.ok(development.getTime() > created, `development changed at ${development.toISOString()}, created ${release.createdAt!.toISOString()}`);
      assert.equal(production.getTime(), created);
      assert.ok(release.lastModified!.getTime() >= development.getTime());
    });

    it('summarizes constrained strategies as rules and ignores disabled ones', () => {
      const constrained = flag(snapshot, names.constrained);
      assert.equal(constrained.temporary, true);
      const serving = constrained.environments.development!.serving;
      assert.equal(serving.type, 'rules');
      if (serving.type !== 'rules') return;
      assert.equal(serving.count, 2);
      assert.match(serving.summary, /userId IN alice, bob → on/);
      assert.match(serving.summary, /appName STR_STARTS_WITH web → 50%/);
      assert.deepEqual(serving.fallthrough, { type: 'variation', variation: 'off' });
    });

    it('names the segment a strategy uses', () => {
      const serving = flag(snapshot, names.segmented).environments.development!.serving;
      assert.equal(serving.type, 'rules');
      if (serving.type === 'rules') assert.match(serving.summary, new RegExp(`segment beta-testers-${suffix} → on`));
      assert.equal(flag(snapshot, names.segmented).temporary, false);
    });

    it('reports a kill switch as permanent and on in production', () => {
      const killSwitch = flag(snapshot, names.killSwitch);
      assert.equal(killSwitch.type, 'kill-switch');
      assert.equal(killSwitch.temporary, false);
      assert.equal(killSwitch.environments.production!.on, true);
      assert.deepEqual(killSwitch.environments.production!.serving, { type: 'variation', variation: 'on' });
      assert.equal(killSwitch.environments.development!.on, false);
    });

    it('reports archived flags as archived, with no live state', () => {
      const archived = flag(snapshot, names.archived);
      assert.equal(archived.archived, true);
      assert.deepEqual(archived.environments, {});
      assert.ok(archived.lastModified instanceof Date, 'archivedAt becomes lastModified');
      assert.equal(flag(snapshot, names.release).archived, false);
    });

    it('carries the stale mark set in Unleash', () => {
      assert.equal(flag(snapshot, names.stale).markedStale, true);
      assert.equal(flag(snapshot, names.release).markedStale, false);
    });

    it('limits the snapshot to the configured environments', async () => {
      const onlyDevelopment = await source({ environments: ['development'] }).refresh();
      assert.deepEqual(onlyDevelopment.environments.map((e) => e.key), ['development']);
      assert.deepEqual(Object.keys(flag(onlyDevelopment, names.release).environments), ['development']);
    });

    it('treats an environment the project does not have as a configuration error', async () => {
      const misconfigured = source({ environments: ['development', 'qa'] });
      const error = await rejection(misconfigured.refresh());
      assert.equal(error.reason, 'invalidConfig');
      assert.match(error.message, /no environment 'qa'/);
      assert.equal(misconfigured.status.state, 'misconfigured');
    });

    it('reports an unknown project as not found and misconfigured', async () => {
      const missing = source({ project: `no-such-project-${suffix}` });
      const error = await rejection(missing.refresh());
      assert.equal(error.reason, 'notFound');
      assert.equal(missing.status.state, 'misconfigured');
    });
  });

  describe('toggling', () => {
    it('turns a flag on and off in development, visible through a fresh read', async () => {
      const toggler = source();
      await toggler.toggle({ key: names.toggled, environment: 'development', on: true });
      // The source refreshes itself after its own toggle…
      assert.equal(flag(toggler.snapshot!, names.toggled).environments.development!.on, true);
      // …and a separate reader sees the server's state.
      assert.equal(flag(await source().refresh(), names.toggled).environments.development!.on, true);
      await toggler.toggle({ key: names.toggled, environment: 'development', on: false });
      assert.equal(flag(await source().refresh(), names.toggled).environments.development!.on, false);
    });

    it('refuses production without allowProtected and leaves the server unchanged', async () => {
      const toggler = source();
      const error = await rejection(toggler.toggle({ key: names.protectedToggle, environment: 'production', on: true }));
      assert.equal(error.reason, 'protectedEnvironment');
      assert.match(error.message, /production/);
      assert.equal(flag(await source().refresh(), names.protectedToggle).environments.production!.on, false);
    });

    it('changes production when allowProtected is given', async () => {
      const toggler = source();
      await toggler.toggle({ key: names.protectedToggle, environment: 'production', on: true, allowProtected: true });
      const production = flag(await source().refresh(), names.protectedToggle).environments.production!;
      assert.equal(production.on, true);
      // Unleash adds a 100 % rollout when a flag without strategies is turned on.
      assert.deepEqual(production.serving, { type: 'variation', variation: 'on' });
    });

    it('refuses a protected environment listed in the workspace config', async () => {
      const toggler = source({ protectedEnvironments: ['development'] });
      const error = await rejection(toggler.toggle({ key: names.toggled, environment: 'development', on: true }));
      assert.equal(error.reason, 'protectedEnvironment');
      assert.equal(flag(await source().refresh(), names.toggled).environments.development!.on, false);
    });

    it('reports a flag that does not exist as not found', async () => {
      const error = await rejection(source().toggle({ key: `missing-${suffix}`, environment: 'development', on: true }));
      assert.equal(error.reason, 'notFound');
    });
  });

  describe('failures', () => {
    it('reports a wrong token as unauthorized without echoing it', async () => {
      const wrongToken = `*:*.${randomBytes(24).toString('hex')}`;
      const unauthorized = source({ token: wrongToken });
      const error = await rejection(unauthorized.refresh());
      assert.equal(error.reason, 'unauthorized');
      assert.equal(unauthorized.status.state, 'authError');
      assert.ok(!error.message.includes(wrongToken), error.message);
      assert.ok(!JSON.stringify(unauthorized.status).includes(wrongToken));
      assert.equal(unauthorized.snapshot, undefined);
    });

    it('reports a missing token as misconfigured before any request', async () => {
      const noToken = source({ token: '' });
      const error = await rejection(noToken.refresh());
      assert.equal(error.reason, 'invalidConfig');
      assert.equal(noToken.status.state, 'misconfigured');
    });

    describe('when the server stops mid-run', () => {
      let cacheDir: string;
      before(() => {
        cacheDir = mkdtempSync(join(tmpdir(), 'flaglens-unleash-cache-'));
      });
      after(async function () {
        this.timeout(120_000);
        // A polling source would write into the folder again once the server is back.
        for (const s of sources) s.dispose();
        rmSync(cacheDir, { recursive: true, force: true });
        // Later tests (and files) get the server back.
        await unleash().startServer();
      });

      it('goes offline, keeps the last snapshot, and the next start shows the cached state', async () => {
        const cache = new SnapshotCache(cacheDir);
        const live = source({ cache });
        const first = await live.refresh();
        assert.ok(flag(first, names.release));
        // The cache write is fire-and-forget in the base class; wait until it lands.
        let cached: FlagSnapshot | undefined;
        for (let i = 0; i < 50 && !cached; i++) {
          cached = await cache.read(live.id);
          if (!cached) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.ok(cached, 'the snapshot was written to the cache');

        await unleash().stopServer();
        const error = await rejection(live.refresh());
        assert.equal(error.reason, 'network');
        assert.equal(live.status.state, 'offline');
        // The success time is taken when the refresh finishes, a tick after the snapshot's fetchedAt.
        if (live.status.state === 'offline') assert.ok(Math.abs(live.status.lastSuccess!.getTime() - first.fetchedAt.getTime()) < 1000, `${live.status.lastSuccess?.toISOString()} vs ${first.fetchedAt.toISOString()}`);
        assert.equal(live.snapshot, first, 'the last good snapshot is kept');

        // An editor starting while the server is down shows the cached state.
        const restarted = source({ cache });
        const shown = new Promise<FlagSnapshot>((resolve) => restarted.onDidChangeSnapshot(resolve));
        restarted.start();
        const fromCache = await shown;
        assert.equal(fromCache.fromCache, true);
        assert.deepEqual(flag(fromCache, names.release).environments.development!.serving, flag(first, names.release).environments.development!.serving);
        await new Promise<void>((resolve) => {
          const check = (): void => (restarted.status.state === 'offline' ? resolve() : void setTimeout(check, 50));
          check();
        });
        assert.equal(restarted.snapshot?.fromCache, true);
      });
    });
  });

  describe('evaluation activity', () => {
    before(async () => {
      await admin.createFlag(names.seen, 'release');
      await admin.setEnabled(names.seen, 'development', true);
    });

    it('reports lastSeenAt and yes/no counts after an SDK sends metrics', async function () {
      this.timeout(90_000);
      const before = flag(await source().refresh(), names.seen).environments.development!;
      assert.equal(before.lastEvaluated, null);
      await admin.sendMetrics({ [names.seen]: { yes: 3, no: 1 } });
      // Unleash aggregates client metrics on a timer (~10 s in 6.x), and records lastSeenAt and the
      // hour's counts on separate timers: wait for both (other tests' metrics can move either first).
      const deadline = Date.now() + 60_000;
      let development = before;
      while (Date.now() < deadline) {
        development = flag(await source().refresh(), names.seen).environments.development!;
        const counts = development.evaluationCounts;
        if (development.lastEvaluated && counts && counts.yes + counts.no > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      assert.ok(development.lastEvaluated instanceof Date, 'lastSeenAt arrived');
      assert.ok(Math.abs(development.lastEvaluated.getTime() - Date.now()) < 5 * 60_000);
      assert.deepEqual(development.evaluationCounts, { yes: 3, no: 1 });
      assert.equal(development.status, null);
    });
  });
});
