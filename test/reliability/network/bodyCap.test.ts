import { strict as assert } from 'node:assert';
import { requestJson } from '../../../src/core/sources/http';
import { LaunchDarklySource } from '../../../src/core/sources/launchdarkly/launchDarklySource';
import { FaultServer, reply } from '../support/faultServer';
import { ldPaths, ldToken, project, rejection, serveLaunchDarkly } from './vendorRoutes';

describe('network: response body cap', () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await FaultServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('stops a 1 MB gzip that expands to 1 GiB at 50 MB decoded, without the memory ballooning', async () => {
    server.route('/bomb', reply.gzipBomb(1024));
    const host = new URL(server.url).host;
    const before = process.memoryUsage().rss;
    const error = await rejection(requestJson({ url: `${server.url}/bomb` }));
    const grown = process.memoryUsage().rss - before;
    assert.equal(error.message, `response from ${host}/bomb is larger than 50 MB.`);
    assert.equal(error.reason, 'parse');
    assert.ok(grown < 200 * 1024 * 1024, `RSS grew by ${Math.round(grown / 1024 / 1024)} MB`);
  });

  it('fails a source refresh on a bomb instead of loading it', async () => {
    serveLaunchDarkly(server).route(ldPaths.flags, reply.gzipBomb(256));
    const source = new LaunchDarklySource({ token: ldToken, project, environments: [], baseUrl: server.url });
    try {
      const error = await rejection(source.refresh());
      assert.match(error.message, /is larger than 50 MB/);
      assert.equal(source.snapshot, undefined);
    } finally {
      source.dispose();
    }
  });

  it('counts plain bodies too, with the cap a caller sets', async () => {
    server.route('/big', reply.text(200, `"${'x'.repeat(2 * 1024 * 1024)}"`));
    const error = await rejection(requestJson({ url: `${server.url}/big`, maxBodyBytes: 1024 * 1024 }));
    assert.match(error.message, /\/big is larger than 1 MB\.$/);
  });
});
