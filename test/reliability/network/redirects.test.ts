import { strict as assert } from 'node:assert';
import { requestJson } from '../../../src/core/sources/http';
import { LaunchDarklySource } from '../../../src/core/sources/launchdarkly/launchDarklySource';
import { FaultServer, reply } from '../support/faultServer';
import { ldPaths, ldToken, project, rejection, serveLaunchDarkly } from './vendorRoutes';

describe('network: redirects', () => {
  let home: FaultServer;
  let elsewhere: FaultServer;
  const sources: LaunchDarklySource[] = [];
  beforeEach(async () => {
    home = await FaultServer.start();
    elsewhere = await FaultServer.start();
  });
  afterEach(async () => {
    for (const source of sources.splice(0)) source.dispose();
    await Promise.all([home.close(), elsewhere.close()]);
  });

  it('refuses a redirect to another origin, naming both origins and never the token or query', async () => {
    serveLaunchDarkly(elsewhere);
    serveLaunchDarkly(home).route(ldPaths.flags, reply.redirect(302, `${elsewhere.url}${ldPaths.flags}?secret=query-value`));
    const source = new LaunchDarklySource({ token: ldToken, project, environments: [], baseUrl: home.url });
    sources.push(source);

    const error = await rejection(source.refresh());
    assert.ok(error.message.includes(new URL(home.url).origin), error.message);
    assert.ok(error.message.includes(new URL(elsewhere.url).origin), error.message);
    assert.ok(!error.message.includes(ldToken) && !error.message.includes('query-value'), error.message);
    assert.ok(!error.message.includes('\n'), 'one line');
    assert.equal(elsewhere.count(), 0, 'the other origin never saw a request (nor the token)');
    assert.equal(source.snapshot, undefined, 'no data accepted');
  });

  it('treats another port on the same host as another origin', async () => {
    home.route('/x', reply.redirect(307, `${elsewhere.url}/x`));
    elsewhere.route('/x', reply.json(200, { stolen: true }));
    const error = await rejection(requestJson({ url: `${home.url}/x`, headers: { Authorization: ldToken }, secrets: [ldToken] }));
    assert.equal(error.reason, 'invalidConfig');
    assert.equal(elsewhere.count(), 0);
  });

  it('follows a same-origin redirect with the Authorization header, up to a bound', async () => {
    home.route('/old', reply.redirect(301, '/new')).route('/new', reply.json(200, { ok: true }));
    const response = await requestJson<{ ok: boolean }>({ url: `${home.url}/old`, headers: { Authorization: ldToken } });
    assert.deepEqual(response.body, { ok: true });
    assert.equal(home.requests.find((r) => r.path === '/new')?.headers.authorization, ldToken);

    home.route('/loop', reply.redirect(302, '/loop'));
    const error = await rejection(requestJson({ url: `${home.url}/loop` }));
    assert.match(error.message, /redirected more than \d+ times/);
    assert.ok(home.count('/loop') <= 6, `followed ${home.count('/loop')} hops`);
  });
});
