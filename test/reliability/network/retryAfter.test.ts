import { strict as assert } from 'node:assert';
import { retryAfter } from '../../../src/core/sources/http';
import { LaunchDarklySource } from '../../../src/core/sources/launchdarkly/launchDarklySource';
import type { FlagSource } from '../../../src/core/sources/model';
import { UnleashSource } from '../../../src/core/sources/unleash/unleashSource';
import { clampServerDelay, cliWaitLimits, editorWaitLimits } from '../../../src/core/sources/waitLimits';
import { FaultServer, reply } from '../support/faultServer';
import { ldPaths, ldToken, project, recordingLogger, serveLaunchDarkly, serveUnleash, unleashPaths, unleashToken } from './vendorRoutes';

const absurd = '99999999999'; // seconds: ~3,170 years, far past Node's 2^31 ms timer limit
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('network: server-chosen delays are clamped', () => {
  let server: FaultServer;
  const sources: FlagSource[] = [];
  beforeEach(async () => {
    server = await FaultServer.start({ maxRequests: 20_000 });
  });
  afterEach(async () => {
    for (const source of sources.splice(0)) source.dispose();
    await server.close();
  });

  it('clamps Retry-After to 10 min in the editor and 30 s in the CLI', () => {
    const asked = retryAfter(new Headers({ 'retry-after': absurd }))!;
    assert.equal(clampServerDelay(asked, editorWaitLimits), 600_000);
    assert.equal(clampServerDelay(asked, cliWaitLimits), 30_000);
    const date = retryAfter(new Headers({ 'retry-after': new Date(Date.now() + 40 * 86_400_000).toUTCString() }))!;
    assert.equal(clampServerDelay(date, editorWaitLimits), 600_000);
    const reset = retryAfter(new Headers({ 'x-ratelimit-reset': String(Date.now() + 40 * 86_400_000) }))!;
    assert.equal(clampServerDelay(reset, editorWaitLimits), 600_000);
  });

  it('LaunchDarkly: a 429 with an absurd Retry-After does not make the poller hammer the server', async () => {
    serveLaunchDarkly(server).route(ldPaths.environments, reply.json(429, { message: 'slow down' }, { 'Retry-After': absurd }));
    const logger = recordingLogger();
    const source = new LaunchDarklySource({ token: ldToken, project, environments: [], baseUrl: server.url, logger });
    sources.push(source);
    source.start();
    await sleep(1500);
    const requests = server.count();
    assert.ok(requests <= 3, `${requests} requests in 1.5 s`);
    assert.ok(logger.lines.some((line) => line.includes('next refresh in 10 min')), logger.lines.join('\n'));
  });

  it('Unleash: a 429 with an absurd Retry-After does not make the poller hammer the server', async () => {
    serveUnleash(server).route(unleashPaths.features, reply.json(429, { message: 'slow down' }, { 'Retry-After': absurd }));
    const logger = recordingLogger();
    const source = new UnleashSource({ token: unleashToken, url: server.url, project, logger });
    sources.push(source);
    source.start();
    await sleep(1500);
    const requests = server.count(unleashPaths.features);
    assert.ok(requests <= 2, `${requests} flag-list requests in 1.5 s`);
    assert.ok(logger.lines.some((line) => line.includes('next refresh in 10 min')), logger.lines.join('\n'));
  });

  it('a 503 with an absurd Retry-After is clamped the same way', async () => {
    serveLaunchDarkly(server).route(ldPaths.environments, reply.json(503, { message: 'maintenance' }, { 'Retry-After': absurd }));
    const logger = recordingLogger();
    const source = new LaunchDarklySource({ token: ldToken, project, environments: [], baseUrl: server.url, logger });
    sources.push(source);
    source.start();
    await sleep(1500);
    assert.ok(server.count() <= 3, `${server.count()} requests in 1.5 s`);
    assert.ok(logger.lines.some((line) => line.includes('next refresh in 10 min')), logger.lines.join('\n'));
  });
});
