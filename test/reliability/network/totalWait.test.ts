import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createSourcesFromConfig } from '../../../src/core/sources/createSources';
import type { FlagSource } from '../../../src/core/sources/model';
import type { SourcesConfig } from '../../../src/core/sources/sourceConfig';
import { cliWaitLimits, type WaitLimits } from '../../../src/core/sources/waitLimits';
import { FaultServer, reply } from '../support/faultServer';
import { ldPaths, ldToken, project, rejection, serveLaunchDarkly, serveUnleash, unleashPaths, unleashToken, within } from './vendorRoutes';

/** The CLI's limits scaled down so the test takes seconds, not a minute. */
const testLimits: WaitLimits = { maxRetryAfterMs: 1_000, maxTotalWaitMs: 2_000 };

describe('network: a CLI refresh has a bounded total wait', () => {
  let server: FaultServer;
  let root: string;
  let sources: FlagSource[] = [];
  beforeEach(async () => {
    server = await FaultServer.start();
    root = mkdtempSync(path.join(tmpdir(), 'flaglens-wait-'));
  });
  afterEach(async () => {
    for (const source of sources) source.dispose();
    sources = [];
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function create(kind: 'launchdarkly' | 'unleash', waits: WaitLimits): Promise<FlagSource> {
    const config: SourcesConfig = {
      flagd: false,
      pollIntervalSeconds: 60,
      protectedEnvironments: [],
      ...(kind === 'launchdarkly' ? { launchdarkly: { project, environments: [], baseUrl: server.url } } : { unleash: { url: server.url, project } }),
    };
    const created = await createSourcesFromConfig({ root, sources: config, secrets: { launchDarklyToken: ldToken, unleashToken }, waits });
    sources = created.sources;
    assert.equal(sources.length, 1, JSON.stringify(created.skipped));
    return sources[0]!;
  }

  it('the CLI limits are at most 30 s per server-chosen delay and 60 s in all', () => {
    assert.ok(cliWaitLimits.maxRetryAfterMs <= 30_000);
    assert.ok(cliWaitLimits.maxTotalWaitMs !== undefined && cliWaitLimits.maxTotalWaitMs <= 60_000);
  });

  it('LaunchDarkly: 503 + Retry-After: 3600 fails at once with the server message', async () => {
    serveLaunchDarkly(server).route(ldPaths.environments, reply.json(503, { message: 'down for maintenance' }, { 'Retry-After': '3600' }));
    const source = await create('launchdarkly', testLimits);
    const started = Date.now();
    const error = await within(rejection(source.refresh()), 4_000, 'the refresh');
    assert.equal(error.reason, 'server');
    assert.match(error.message, /down for maintenance/);
    assert.ok(Date.now() - started < 2_500, `took ${Date.now() - started} ms`);
  });

  it('with the real CLI limits, 503 + Retry-After: 3600 and 429 + an absurd Retry-After fail at once with the server message', async () => {
    serveLaunchDarkly(server).route(
      ldPaths.environments,
      reply.sequence(
        reply.json(503, { message: 'down for maintenance' }, { 'Retry-After': '3600' }),
        reply.json(429, { message: 'rate limit exceeded' }, { 'Retry-After': '99999999999' }),
      ),
    );
    const source = await create('launchdarkly', cliWaitLimits);
    const first = await within(rejection(source.refresh()), 4_000, 'the refresh');
    assert.equal(first.reason, 'server');
    assert.match(first.message, /down for maintenance/);
    const second = await within(rejection(source.refresh()), 4_000, 'the refresh');
    assert.equal(second.reason, 'rateLimited');
    assert.match(second.message, /rate limit exceeded/);
    assert.equal(server.count(ldPaths.environments), 2, 'neither was retried');
  });

  it('LaunchDarkly: retries that would outlast the total wait stop within it', async () => {
    serveLaunchDarkly(server).route(ldPaths.environments, reply.json(503, { message: 'busy' }, { 'Retry-After': '1' }));
    const source = await create('launchdarkly', testLimits);
    const started = Date.now();
    const error = await within(rejection(source.refresh()), 4_000, 'the refresh');
    assert.ok(['server', 'timeout'].includes(error.reason), error.message);
    assert.ok(Date.now() - started <= 2_500, `took ${Date.now() - started} ms`);
  });

  it('a server that never answers ends the refresh at the total wait, not the 15 s request timeout', async () => {
    serveUnleash(server).route(unleashPaths.features, reply.never());
    const source = await create('unleash', testLimits);
    const started = Date.now();
    const error = await within(rejection(source.refresh()), 4_000, 'the refresh');
    assert.equal(error.reason, 'timeout');
    assert.match(error.message, /gave up after 2 s/);
    assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
  });

  it('Unleash: 503 + Retry-After: 3600 fails at once', async () => {
    serveUnleash(server).route(unleashPaths.features, reply.json(503, { message: 'down for maintenance' }, { 'Retry-After': '3600' }));
    const source = await create('unleash', testLimits);
    const error = await within(rejection(source.refresh()), 4_000, 'the refresh');
    assert.equal(error.reason, 'server');
    assert.match(error.message, /down for maintenance/);
  });
});
