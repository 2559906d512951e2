import { strict as assert } from 'node:assert';
import { LaunchDarklySource } from '../../../src/core/sources/launchdarkly/launchDarklySource';
import { UnleashSource } from '../../../src/core/sources/unleash/unleashSource';
import { FaultServer, reply } from '../support/faultServer';
import { ldPaths, ldToken, project, serveLaunchDarkly, serveUnleash, unleashPaths, unleashToken, within } from './vendorRoutes';

/** Resolves once the server has seen `count` requests to `path` (bounded by the caller's `within`). */
async function requested(server: FaultServer, path: string, count = 1): Promise<void> {
  while (server.count(path) < count) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('network: Refresh never waits behind a stuck poll', () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await FaultServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('LaunchDarkly: a refresh supersedes a poll stuck on a server that never answers', async () => {
    // The poll's request hangs (the per-request timeout is 10 s); the retry is answered.
    serveLaunchDarkly(server).route(ldPaths.environments, reply.sequence(reply.never(), reply.json(200, { items: [{ key: 'dev', name: 'Dev' }] })));
    const source = new LaunchDarklySource({ token: ldToken, project, environments: [], baseUrl: server.url, timeoutMs: 10_000 });
    try {
      source.start();
      await within(requested(server, ldPaths.environments), 2_000, 'the poll');
      const snapshot = await within(source.refresh(), 2_000, 'Refresh behind a stuck poll');
      assert.deepEqual(snapshot.flags.map((f) => f.key), ['new-checkout']);
      assert.equal(source.status.state, 'connected');
    } finally {
      source.dispose();
    }
  });

  it('Unleash: the same, and the superseded poll does not overwrite the status', async () => {
    serveUnleash(server).route(unleashPaths.features, reply.sequence(reply.never(), reply.json(200, { features: [] })));
    const source = new UnleashSource({ token: unleashToken, url: server.url, project, timeoutMs: 10_000 });
    try {
      source.start();
      await within(requested(server, unleashPaths.features), 2_000, 'the poll');
      const snapshot = await within(source.refresh(), 2_000, 'Refresh behind a stuck poll');
      assert.equal(snapshot.flags.length, 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(source.status.state, 'connected');
    } finally {
      source.dispose();
    }
  });
});
