import { strict as assert } from 'node:assert';
import type { LaunchDarklyTestServer } from '../../../support/launchDarklyServer';
import { disposeSources, flag, rejection, source, startServer, token } from './fixtures';

describe('LaunchDarklySource toggling', () => {
  let server: LaunchDarklyTestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    disposeSources();
    await server.close();
  });

  it('sends the exact semantic patch and refreshes afterwards', async () => {
    const toggler = source(server);
    await toggler.refresh();
    assert.equal(flag(toggler.snapshot!, 'button-color').environments.test!.on, false);
    await toggler.toggle({ key: 'button-color', environment: 'test', on: true, comment: 'QA needs it' });
    const patches = server.requestsTo('/api/v2/flags/web-shop/button-color', 'PATCH');
    assert.equal(patches.length, 1);
    const patch = patches[0]!;
    assert.equal(patch.headers['content-type'], 'application/json; domain-model=launchdarkly.semanticpatch');
    assert.equal(patch.headers.authorization, token);
    assert.equal(patch.headers['ld-api-version'], '20240415');
    assert.deepEqual(JSON.parse(patch.body), { environmentKey: 'test', comment: 'QA needs it', instructions: [{ kind: 'turnFlagOn' }] });
    assert.equal(server.state.flags.find((f) => f.key === 'button-color')!.environments!.test!.on, true);
    // The toggle's own refresh already shows the change.
    assert.equal(flag(toggler.snapshot!, 'button-color').environments.test!.on, true);
    assert.ok(server.requests.indexOf(patch) < server.requests.length - 1, 'a read followed the patch');
  });

  it('turns a flag off with turnFlagOff and no comment field when none is given', async () => {
    await source(server).toggle({ key: 'new-checkout', environment: 'development', on: false });
    const patch = server.requestsTo('/api/v2/flags/web-shop/new-checkout', 'PATCH')[0]!;
    assert.deepEqual(JSON.parse(patch.body), { environmentKey: 'development', instructions: [{ kind: 'turnFlagOff' }] });
    assert.equal(server.state.flags[0]!.environments!.development!.on, false);
  });

  it('refuses a protected environment without allowProtected and sends nothing', async () => {
    const error = await rejection(source(server).toggle({ key: 'new-checkout', environment: 'staging', on: false }));
    assert.equal(error.reason, 'protectedEnvironment');
    assert.equal(server.requestsTo('/api/v2/flags/web-shop/', 'PATCH').length, 0);
    assert.equal(server.state.flags[0]!.environments!.staging!.on, true);
  });

  it('changes a protected environment when explicitly allowed', async () => {
    await source(server).toggle({ key: 'new-checkout', environment: 'staging', on: false, allowProtected: true });
    assert.equal(server.state.flags[0]!.environments!.staging!.on, false);
  });

  it('asks for a comment where LaunchDarkly requires one', async () => {
    const toggler = source(server);
    const error = await rejection(toggler.toggle({ key: 'new-checkout', environment: 'production', on: false, allowProtected: true }));
    assert.equal(error.reason, 'usage');
    assert.match(error.message, /requires a comment/);
    assert.equal(server.requestsTo('/api/v2/flags/web-shop/', 'PATCH').length, 0);
    await toggler.toggle({ key: 'new-checkout', environment: 'production', on: false, allowProtected: true, comment: 'Incident 42' });
    assert.equal(server.state.flags[0]!.environments!.production!.on, false);
  });

  it('explains a 405 as approvals being required', async () => {
    server.approvalRequired.add('new-checkout/development');
    const error = await rejection(source(server).toggle({ key: 'new-checkout', environment: 'development', on: false }));
    assert.equal(error.reason, 'approvalRequired');
    assert.equal(error.status, 405);
    assert.match(error.message, /approv/);
    assert.match(error.message, /'new-checkout'/);
    assert.ok(!error.message.includes(token));
    assert.equal(server.state.flags[0]!.environments!.development!.on, true);
  });

  it('retries a toggle after a 429 and applies it once', async () => {
    server.script((r) => r.method === 'PATCH', { status: 429, headers: { 'Retry-After': '1' }, body: { message: 'Rate limit exceeded' } });
    await source(server).toggle({ key: 'button-color', environment: 'development', on: false });
    const patches = server.requestsTo('/api/v2/flags/web-shop/button-color', 'PATCH');
    assert.equal(patches.length, 2);
    assert.ok(patches[1]!.at - patches[0]!.at >= 1000);
    assert.equal(server.state.flags[1]!.environments!.development!.on, false);
  });

  it('reports an unknown flag as not found', async () => {
    const error = await rejection(source(server).toggle({ key: 'no-such-flag', environment: 'development', on: true }));
    assert.equal(error.reason, 'notFound');
  });
});
