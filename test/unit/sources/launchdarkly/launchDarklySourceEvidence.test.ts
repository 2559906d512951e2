// LaunchDarklySource.evidence: the same server, token and project as the source's snapshot reads,
// the usage API's beta header, and the flag's variation names from the last fetch.
import { strict as assert } from 'node:assert';
import { FlagLensError } from '../../../../src/core/errors';
import { LaunchDarklySource } from '../../../../src/core/sources/launchdarkly/launchDarklySource';
import { ldEnvironment, ldFlag, LaunchDarklyTestServer } from '../../../support/launchDarklyServer';

const token = 'api-5e1d2e3f-4a5b-4c6d-8e9f-0123456789ab';

describe('LaunchDarklySource.evidence', () => {
  let server: LaunchDarklyTestServer;
  let source: LaunchDarklySource;

  beforeEach(async () => {
    server = await LaunchDarklyTestServer.start({
      token,
      project: 'web-shop',
      environments: [ldEnvironment('production', { critical: true })],
      flags: [ldFlag('checkout-v2', { production: { on: true } })],
      statuses: { production: { 'checkout-v2': { name: 'active', lastRequested: '2026-11-21T09:30:00.000Z' } } },
    });
    source = new LaunchDarklySource({ token, project: 'web-shop', environments: ['production'], baseUrl: server.url });
  });
  afterEach(async () => {
    source.dispose();
    await server.close();
  });

  it('reads lastRequested from the status across environments (GET /api/v2/flag-status/{project}/{flag})', async () => {
    await source.refresh();
    server.script((r) => r.path.startsWith('/api/v2/usage/evaluations/'), ...Array.from({ length: 2 }, () => ({ status: 200, body: { metadata: [], series: [] } })));
    const evidence = await source.evidence('checkout-v2', ['production'], AbortSignal.timeout(10_000));
    assert.equal(evidence.production?.lastRequested?.toISOString(), '2026-11-21T09:30:00.000Z');
    const status = server.requests.filter((r) => r.path === '/api/v2/flag-status/web-shop/checkout-v2');
    assert.equal(status.length, 1);
    assert.deepEqual(status[0]!.query.getAll('env'), ['production']);
  });

  it('reads per-variation counts under the flag’s variation names, from the source’s server with its token', async () => {
    await source.refresh();
    const isUsage = (r: { path: string }) => r.path === '/api/v2/usage/evaluations/web-shop/production/checkout-v2';
    server.script((r) => r.path === '/api/v2/flag-status/web-shop/checkout-v2', { status: 200, body: { key: 'checkout-v2', environments: { production: { name: 'active', lastRequested: '2026-12-04T12:00:00.000Z' } } } });
    const at = Date.parse('2026-12-05T00:00:00Z');
    server.script(
      isUsage,
      { status: 200, body: { metadata: [{ key: '0' }, { key: '1' }], series: [{ time: at - 86_400_000, '0': 40, '1': 60 }, { time: at, '0': 10, '1': 5 }] } },
      { status: 200, body: { metadata: [{ key: '0' }, { key: '1' }], series: [{ time: at, '0': 10, '1': 5 }] } },
    );
    const evidence = await source.evidence('checkout-v2', ['production'], AbortSignal.timeout(10_000));
    const production = evidence.production!;
    assert.deepEqual({ total: production.evaluations?.total, byVariation: { ...production.evaluations?.byVariation } }, { total: 115, byVariation: { true: 50, false: 65 } });
    assert.deepEqual({ total: production.lastDay?.total, byVariation: { ...production.lastDay?.byVariation } }, { total: 15, byVariation: { true: 10, false: 5 } });
    assert.equal(production.lastRequested?.toISOString(), '2026-12-04T12:00:00.000Z');
    const usage = server.requests.filter(isUsage);
    assert.equal(usage.length, 2);
    for (const request of usage) {
      assert.equal(request.headers.authorization, token);
      assert.equal(request.headers['ld-api-version'], 'beta');
    }
  });

  it('refuses without a token before any request', async () => {
    const tokenless = new LaunchDarklySource({ token: '', project: 'web-shop', environments: ['production'], baseUrl: server.url });
    try {
      await assert.rejects(tokenless.evidence('checkout-v2', ['production'], AbortSignal.timeout(5_000)), (error: unknown) => FlagLensError.is(error, 'invalidConfig'));
      assert.equal(server.requests.length, 0);
    } finally {
      tokenless.dispose();
    }
  });
});
