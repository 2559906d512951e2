import { strict as assert } from 'node:assert';
import { ldEnvironment, ldFlag, type LaunchDarklyTestServer } from '../../../support/launchDarklyServer';
import { disposeSources, flag, manyFlags, projectState, source, startServer, token } from './fixtures';

describe('LaunchDarklySource reading', () => {
  let server: LaunchDarklyTestServer;
  afterEach(async () => {
    disposeSources();
    await server?.close();
  });

  it('sends the access token without a scheme and the pinned API version on every request', async () => {
    server = await startServer();
    await source(server).refresh();
    assert.ok(server.requests.length > 0);
    for (const request of server.requests) {
      assert.equal(request.headers.authorization, token);
      assert.equal(request.headers['ld-api-version'], '20240415');
    }
  });

  it('asks for at most three environments per flag request and merges the batches', async () => {
    server = await startServer();
    const snapshot = await source(server).refresh();
    const listings = server.requestsTo('/api/v2/flags/web-shop').filter((r) => r.query.get('filter') === null);
    assert.deepEqual(listings.map((r) => r.query.getAll('env')), [['development', 'test', 'staging'], ['production', 'eu-prod-mirror']]);
    for (const request of listings) {
      assert.equal(request.query.get('summary'), '0');
      assert.ok(Number(request.query.get('limit')) <= 100);
    }
    const checkout = flag(snapshot, 'new-checkout');
    assert.deepEqual(Object.keys(checkout.environments).sort(), ['development', 'eu-prod-mirror', 'production', 'staging', 'test']);
    assert.equal(snapshot.flags.filter((f) => f.key === 'new-checkout').length, 1, 'one flag per key after merging');
  });

  it('follows _links.next until the last page', async () => {
    const state = projectState();
    state.flags.push(...manyFlags(23));
    server = await startServer(state);
    server.pageSize = 10;
    const snapshot = await source(server, { environments: ['development'] }).refresh();
    const pages = server.requestsTo('/api/v2/flags/web-shop').filter((r) => r.query.get('filter') === null);
    assert.deepEqual(pages.map((r) => r.query.get('offset')), ['0', '10', '20']);
    assert.equal(snapshot.flags.length, 25);
    assert.equal(new Set(snapshot.flags.map((f) => f.key)).size, 25);
    assert.equal(flag(snapshot, 'bulk-022').environments.development!.on, true);
  });

  it('pages through environments too', async () => {
    const state = projectState();
    state.environments.push(...Array.from({ length: 4 }, (_, i) => ldEnvironment(`sandbox-${i}`)));
    server = await startServer(state);
    server.pageSize = 3;
    const snapshot = await source(server, { environments: [] }).refresh();
    assert.equal(server.requestsTo('/api/v2/projects/web-shop/environments').length, 3);
    assert.equal(snapshot.environments.length, 9);
    // Nine environments → three batches of three.
    assert.equal(server.requestsTo('/api/v2/flags/web-shop').filter((r) => r.query.get('filter') === null && r.query.get('offset') === '0').length, 3);
  });

  it('turns rollout weights (thousandths of a percent) into split percents', async () => {
    server = await startServer();
    const checkout = flag(await source(server).refresh(), 'new-checkout');
    assert.deepEqual(checkout.environments.test!.serving, {
      type: 'split',
      split: [
        { variation: 'true', percent: 25 },
        { variation: 'false', percent: 75 },
      ],
    });
    assert.deepEqual(checkout.environments.staging!.serving, {
      type: 'split',
      split: [
        { variation: 'true', percent: 33.333 },
        { variation: 'false', percent: 66.667 },
      ],
    });
    assert.deepEqual(checkout.environments.development!.serving, { type: 'variation', variation: 'true' });
    assert.equal(checkout.environments.development!.offVariation, 'false');
  });

  it('summarizes targets, rules and prerequisites with the fallthrough', async () => {
    server = await startServer();
    const production = flag(await source(server).refresh(), 'new-checkout').environments.production!;
    assert.equal(production.serving.type, 'rules');
    if (production.serving.type !== 'rules') return;
    assert.equal(production.serving.count, 3);
    // payments-v2 is not in the project listing, so its variation stays an index.
    assert.match(production.serving.summary, /requires payments-v2 = #0/);
    assert.match(production.serving.summary, /alice, bob → true/);
    assert.match(production.serving.summary, /email endsWith @example\.com → true/);
    assert.deepEqual(production.serving.fallthrough, { type: 'variation', variation: 'false' });
    assert.deepEqual(production.lastModified, new Date(Date.UTC(2026, 10, 10, 12)));
  });

  it('describes a rule that serves a rollout', async () => {
    const state = projectState();
    state.flags[0]!.environments!.test!.rules = [
      { clauses: [{ attribute: 'plan', op: 'in', values: ['pro', 'team'], negate: true, contextKind: 'organization' }], rollout: { variations: [{ variation: 0, weight: 50000 }, { variation: 1, weight: 50000 }] }, trackEvents: false },
    ];
    server = await startServer(state);
    const serving = flag(await source(server).refresh(), 'new-checkout').environments.test!.serving;
    assert.equal(serving.type, 'rules');
    if (serving.type !== 'rules') return;
    assert.equal(serving.summary, 'organization.plan not in pro, team → 50% true / 50% false');
    assert.deepEqual(serving.fallthrough, { type: 'split', split: [{ variation: 'true', percent: 25 }, { variation: 'false', percent: 75 }] });
  });

  it('joins flag statuses by the key in _links.parent.href', async () => {
    server = await startServer();
    const snapshot = await source(server).refresh();
    assert.deepEqual(server.requestsTo('/api/v2/flag-statuses/web-shop/').map((r) => r.path).sort(), [
      '/api/v2/flag-statuses/web-shop/development',
      '/api/v2/flag-statuses/web-shop/eu-prod-mirror',
      '/api/v2/flag-statuses/web-shop/production',
      '/api/v2/flag-statuses/web-shop/staging',
      '/api/v2/flag-statuses/web-shop/test',
    ]);
    const checkout = flag(snapshot, 'new-checkout');
    assert.equal(checkout.environments.development!.status, 'active');
    assert.deepEqual(checkout.environments.development!.lastEvaluated, new Date('2026-11-20T10:00:00.000Z'));
    assert.equal(checkout.environments.production!.status, 'launched');
    assert.equal(checkout.environments.test!.status, null);
    assert.equal(checkout.environments.test!.lastEvaluated, null);
    const button = flag(snapshot, 'button-color');
    assert.equal(button.environments.development!.status, 'new');
    assert.equal(button.environments.development!.lastEvaluated, null);
  });

  it('names a prerequisite by the other flag\'s variation when that flag is known', async () => {
    const state = projectState();
    state.flags.push(ldFlag('payments-v2', { production: { on: true } }, { kind: 'multivariate', variations: [{ value: 'stripe', name: 'Stripe' }, { value: 'adyen' }] }));
    server = await startServer(state);
    const production = flag(await source(server).refresh(), 'new-checkout').environments.production!;
    assert.equal(production.serving.type, 'rules');
    if (production.serving.type === 'rules') assert.match(production.serving.summary, /^requires payments-v2 = Stripe;/);
  });

  it('marks environments protected from critical, confirmChanges, requireComments and approvals', async () => {
    server = await startServer();
    const snapshot = await source(server).refresh();
    const info = Object.fromEntries(snapshot.environments.map((e) => [e.key, e]));
    assert.equal(info.development!.protected, false);
    assert.equal(info.test!.protected, false);
    assert.equal(info.staging!.protected, true, 'confirmChanges');
    assert.equal(info.production!.protected, true, 'critical');
    assert.equal(info.production!.requireComments, true);
    assert.equal(info['eu-prod-mirror']!.protected, true, 'approvals');
    assert.equal(info['eu-prod-mirror']!.approvalsRequired, true);
    assert.equal(info['eu-prod-mirror']!.name, 'EU mirror');
    assert.equal(flag(snapshot, 'new-checkout').environments.staging!.protected, true);
    assert.equal(flag(snapshot, 'new-checkout').environments.development!.protected, false);
  });

  it('reads flag approvals from resourceApprovalSettings too', async () => {
    const state = projectState();
    const approvals = state.environments.find((e) => e.key === 'eu-prod-mirror')!.approvalSettings!;
    state.environments.push(ldEnvironment('sandbox', { resourceApprovalSettings: { flag: { ...approvals, required: true } } }));
    server = await startServer(state);
    const sandbox = (await source(server, { environments: ['sandbox'] }).refresh()).environments[0]!;
    assert.equal(sandbox.approvalsRequired, true);
    assert.equal(sandbox.protected, true);
  });

  it('protects environments listed in the workspace config and production-like names', async () => {
    const state = projectState();
    state.environments.push(ldEnvironment('prod-us'));
    server = await startServer(state);
    const snapshot = await source(server, { environments: ['development', 'test', 'prod-us'], protectedEnvironments: ['test'] }).refresh();
    assert.deepEqual(snapshot.environments.map((e) => [e.key, e.protected]), [
      ['development', false],
      ['test', true],
      ['prod-us', true],
    ]);
  });

  it('maps flag metadata: names, kind, variations, maintainer, dates, dashboard URL', async () => {
    server = await startServer();
    const snapshot = await source(server).refresh();
    const checkout = flag(snapshot, 'new-checkout');
    assert.equal(checkout.name, 'New checkout');
    assert.equal(checkout.description, 'Checkout rewrite');
    assert.equal(checkout.kind, 'boolean');
    assert.equal(checkout.temporary, true);
    assert.deepEqual(checkout.tags, ['checkout']);
    assert.equal(checkout.maintainer, 'Ada Lovelace <ada@example.com>');
    assert.deepEqual(checkout.createdAt, new Date(Date.UTC(2026, 0, 15)));
    assert.deepEqual(checkout.lastModified, new Date(Date.UTC(2026, 10, 10, 12)), 'latest environment change');
    assert.equal(checkout.dashboardUrl, `${server.url}/default/development/features/new-checkout`);
    const button = flag(snapshot, 'button-color');
    assert.equal(button.kind, 'string');
    assert.equal(button.temporary, false);
    assert.deepEqual(button.variations.map((v) => [v.name, v.value]), [
      ['Control', 'gray'],
      ['blue', 'blue'],
      ['green', 'green'],
    ]);
    assert.deepEqual(button.environments.development!.serving, { type: 'variation', variation: 'green' });
    assert.equal(button.environments.test!.offVariation, 'Control');
  });

  it('lists archived flags as archived without live state', async () => {
    const state = projectState();
    state.flags.push(ldFlag('old-banner', { development: { on: true } }, { archived: true, archivedDate: Date.UTC(2026, 5, 1) }));
    server = await startServer(state);
    const snapshot = await source(server).refresh();
    const archived = flag(snapshot, 'old-banner');
    assert.equal(archived.archived, true);
    assert.deepEqual(archived.environments, {});
    assert.deepEqual(archived.lastModified, new Date(Date.UTC(2026, 5, 1)));
    assert.equal(flag(snapshot, 'new-checkout').archived, false);
    const archiveRequest = server.requestsTo('/api/v2/flags/web-shop').find((r) => r.query.get('filter') === 'state:archived');
    assert.ok(archiveRequest, 'archived flags were asked for');
  });

  it('refuses a configured environment the project does not have', async () => {
    server = await startServer();
    const configured = source(server, { environments: ['development', 'qa'] });
    await assert.rejects(configured.refresh(), (error: Error & { reason?: string }) => error.reason === 'invalidConfig' && /no environment 'qa'/.test(error.message));
    assert.equal(configured.status.state, 'misconfigured');
  });

  it('uses https://app.launchdarkly.com unless told otherwise', () => {
    const defaults = source({ state: projectState(), url: '' } as unknown as LaunchDarklyTestServer, { baseUrl: undefined });
    assert.equal(defaults.id, 'launchdarkly:https://app.launchdarkly.com#web-shop');
  });
});
