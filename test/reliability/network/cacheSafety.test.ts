import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { FlagLensError } from '../../../src/core/errors';
import { LaunchDarklySource } from '../../../src/core/sources/launchdarkly/launchDarklySource';
import type { FlagSource } from '../../../src/core/sources/model';
import { SnapshotCache } from '../../../src/core/sources/snapshotCache';
import { UnleashSource } from '../../../src/core/sources/unleash/unleashSource';
import { FaultServer, reply, type FaultHandler } from '../support/faultServer';
import { goodLdFlag, ldPaths, ldToken, project, rejection, serveLaunchDarkly, serveUnleash, unleashPaths, unleashToken, within } from './vendorRoutes';

const badReplies: Record<string, FaultHandler> = {
  'an empty 200': reply.text(200, ''),
  'an HTML 200': reply.text(200, '<html><body>Sign in</body></html>', { 'Content-Type': 'text/html' }),
  'a list that is not a list': reply.json(200, { items: 'notarray', features: 'notarray' }),
  'a null list': reply.json(200, { items: null, features: null }),
  'an object without the list': reply.json(200, {}),
  'JSON null': reply.text(200, 'null', { 'Content-Type': 'application/json' }),
};

describe('network: a malformed 200 never replaces the last good cached snapshot', () => {
  let server: FaultServer;
  let dir: string;
  const sources: FlagSource[] = [];
  beforeEach(async () => {
    server = await FaultServer.start();
    dir = mkdtempSync(path.join(tmpdir(), 'flaglens-cache-'));
  });
  afterEach(async () => {
    for (const source of sources.splice(0)) source.dispose();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const vendors = [
    {
      name: 'LaunchDarkly',
      serve: (s: FaultServer) => serveLaunchDarkly(s),
      listPath: ldPaths.flags,
      create: (cache: SnapshotCache) => new LaunchDarklySource({ token: ldToken, project, environments: [], baseUrl: server.url, cache }),
    },
    {
      name: 'Unleash',
      serve: (s: FaultServer) => serveUnleash(s),
      listPath: unleashPaths.features,
      create: (cache: SnapshotCache) => new UnleashSource({ token: unleashToken, url: server.url, project, cache }),
    },
  ];

  for (const vendor of vendors) {
    it(`${vendor.name}: keeps the good snapshot on disk and in memory, and the refresh fails as parse`, async () => {
      vendor.serve(server);
      const cache = new SnapshotCache(dir);
      const source = vendor.create(cache);
      sources.push(source);
      const good = await source.refresh();
      assert.deepEqual(good.flags.map((f) => f.key), [goodLdFlag.key]);

      const outcomes: [string, Promise<FlagLensError>][] = [];
      for (const [what, handler] of Object.entries(badReplies)) {
        server.route(vendor.listPath, handler);
        const outcome = rejection(source.refresh());
        await outcome.catch(() => undefined);
        // The cache first: that is what the editor shows next time, whatever the refresh said.
        const cached = await cache.read(source.id);
        assert.deepEqual(cached?.flags.map((f) => f.key), [goodLdFlag.key], `${what}: the cache on disk still holds the good snapshot`);
        assert.equal(cached?.fetchedAt.getTime(), good.fetchedAt.getTime(), what);
        assert.deepEqual(source.snapshot?.flags.map((f) => f.key), [goodLdFlag.key], `${what}: the source still shows it`);
        outcomes.push([what, outcome]);
      }
      for (const [what, outcome] of outcomes) {
        const error = await outcome;
        assert.equal(error.reason, 'parse', `${what}: ${error.message}`);
        assert.match(error.message, new RegExp(`^${vendor.name} returned an unexpected response for|not JSON`), `${what}: ${error.message}`);
      }
    });
  }

  it('a FIFO where the cache file belongs is ignored instead of blocking the read', async function () {
    if (process.platform === 'win32') this.skip();
    const cache = new SnapshotCache(dir);
    execFileSync('mkfifo', [cache.fileFor('launchdarkly:test')]);
    assert.equal(await within(cache.read('launchdarkly:test'), 2_000, 'reading the cache'), undefined);
  });
});
