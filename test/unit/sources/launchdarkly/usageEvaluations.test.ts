// The shared LaunchDarkly test server's usage API (`/api/v2/usage/evaluations/{project}/{env}/{flag}`,
// beta) driven from its state, read by the real fetcher and by LaunchDarklySource.evidence.
import { strict as assert } from 'node:assert';
import { fetchLaunchDarklyEvidence } from '../../../../src/core/evidence/launchDarklyEvidence';
import { LaunchDarklySource } from '../../../../src/core/sources/launchdarkly/launchDarklySource';
import { ldEnvironment, ldFlag, LaunchDarklyTestServer } from '../../../support/launchDarklyServer';

const token = 'api-7a1b2c3d-4e5f-4a6b-8c7d-0123456789ab';
const hour = 3_600_000;
const day = 24 * hour;

describe('LaunchDarkly test server: evaluations usage API', () => {
  let server: LaunchDarklyTestServer;
  const now = Date.now();

  beforeEach(async () => {
    server = await LaunchDarklyTestServer.start({
      token,
      project: 'web-shop',
      environments: [ldEnvironment('production', { critical: true }), ldEnvironment('staging')],
      flags: [
        ldFlag('checkout-v2', { production: { on: true }, staging: { on: true } }),
        ldFlag('banner-color', { production: { on: true } }, {
          kind: 'multivariate',
          variations: [
            { _id: 'v-red', value: 'red', name: 'Red' },
            { _id: 'v-green', value: 'green', name: 'Green' },
            { _id: 'v-blue', value: 'blue', name: 'Blue' },
          ],
        }),
      ],
      evaluations: {
        production: {
          'checkout-v2': [
            { at: now - 5 * day, counts: [400, 600] },
            { at: now - 3 * hour, counts: [30, 20] },
            { at: now - 10 * 60_000, counts: [7, 1] },
            // Older than the 7 days Flag Lens asks for: never counted.
            { at: now - 20 * day, counts: [9_999, 9_999] },
          ],
          'banner-color': [
            { at: now - 2 * day - hour, counts: [1, 2, 3] },
            { at: now - hour, counts: [10, 0, 5] },
          ],
        },
      },
    });
  });
  afterEach(async () => {
    await server.close();
  });

  it('answers 403 without the beta header, as LaunchDarkly does for beta resources', async () => {
    const url = `${server.url}/api/v2/usage/evaluations/web-shop/production/checkout-v2`;
    const withoutBeta = await fetch(url, { headers: { Authorization: token, 'LD-API-Version': '20240415' } });
    assert.equal(withoutBeta.status, 403);
    const withBeta = await fetch(url, { headers: { Authorization: token, 'LD-API-Version': 'beta' } });
    assert.equal(withBeta.status, 200);
    const body = (await withBeta.json()) as { metadata: unknown[]; series: Record<string, number>[] };
    // Defaults: the last 30 days, by the day; one column per variation, every bucket listed.
    assert.equal(body.metadata.length, 2);
    assert.ok(body.series.length >= 30 && body.series.length <= 31, `${body.series.length} daily buckets`);
    assert.deepEqual(Object.keys(body.series[0]!).sort(), ['0', '1', 'time']);
    assert.equal(body.series.reduce((sum, point) => sum + point['0']! + point['1']!, 0), 9_999 * 2 + 1000 + 50 + 8);
  });

  it('buckets by the minute, hour or day from how far back the range starts', async () => {
    const read = async (from: number): Promise<Record<string, number>[]> => {
      const response = await fetch(`${server.url}/api/v2/usage/evaluations/web-shop/production/checkout-v2?from=${from}&to=${now}`, { headers: { Authorization: token, 'LD-API-Version': 'beta' } });
      return ((await response.json()) as { series: Record<string, number>[] }).series;
    };
    const gap = (series: Record<string, number>[]): number => series[1]!.time! - series[0]!.time!;
    assert.equal(gap(await read(now - hour)), 60_000);
    assert.equal(gap(await read(now - day)), hour);
    assert.equal(gap(await read(now - 7 * day)), day);
  });

  it('fetchLaunchDarklyEvidence reads exact counts per variation for 7 d and 24 h', async () => {
    const evidence = await fetchLaunchDarklyEvidence(
      { baseUrl: server.url, token },
      'launchdarkly:test',
      { project: 'web-shop', key: 'checkout-v2', environments: ['production', 'staging'], variationNames: ['true', 'false'] },
      AbortSignal.timeout(10_000),
      () => new Date(now),
    );
    const production = evidence.environments.production!;
    assert.deepEqual({ total: production.evaluations?.total, byVariation: { ...production.evaluations?.byVariation } }, { total: 1058, byVariation: { true: 437, false: 621 } });
    assert.deepEqual({ total: production.lastDay?.total, byVariation: { ...production.lastDay?.byVariation } }, { total: 58, byVariation: { true: 37, false: 21 } });
    assert.equal(production.evaluations?.series?.length, 8, 'daily buckets over 7 days');
    assert.equal(production.lastDay?.series?.length, 25, 'hourly buckets over 24 h');
    const staging = evidence.environments.staging!;
    assert.deepEqual({ total: staging.evaluations?.total, byVariation: { ...staging.evaluations?.byVariation } }, { total: 0, byVariation: { true: 0, false: 0 } });
    const usage = server.requestsTo('/api/v2/usage/evaluations/');
    assert.equal(usage.length, 4);
    for (const request of usage) assert.equal(request.headers['ld-api-version'], 'beta');
  });

  it('LaunchDarklySource.evidence names the columns after the flag’s variations from its snapshot', async () => {
    const source = new LaunchDarklySource({ token, project: 'web-shop', environments: ['production'], baseUrl: server.url });
    try {
      await source.refresh();
      const evidence = await source.evidence('banner-color', ['production'], AbortSignal.timeout(10_000));
      const production = evidence.production!;
      assert.deepEqual({ total: production.evaluations?.total, byVariation: { ...production.evaluations?.byVariation } }, { total: 21, byVariation: { Red: 11, Green: 2, Blue: 8 } });
      assert.deepEqual({ total: production.lastDay?.total, byVariation: { ...production.lastDay?.byVariation } }, { total: 15, byVariation: { Red: 10, Green: 0, Blue: 5 } });
    } finally {
      source.dispose();
    }
  });
});
