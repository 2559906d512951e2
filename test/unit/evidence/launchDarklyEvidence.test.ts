// The LaunchDarkly evidence fetcher against a local HTTP server of this file's own, serving the
// documented shapes: the account usage API's SeriesListRep (`metadata`, `series` of `{ time, "0": n,
// "1": n }`, beta header required) and FeatureFlagStatusAcrossEnvironments (`environments.*.lastRequested`).
import { strict as assert } from 'node:assert';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FlagLensError } from '../../../src/core/errors';
import { EvidenceCache } from '../../../src/core/evidence/evidenceCache';
import type { EvidenceEndpoint } from '../../../src/core/evidence/evidenceHttp';
import { fetchLaunchDarklyEvidence, type LaunchDarklyEvidenceRequest } from '../../../src/core/evidence/launchDarklyEvidence';

const token = 'api-0123456789abcdef-secret';
const now = new Date('2026-12-05T12:00:00Z');
const hour = 3_600_000;
const day = 24 * hour;

type Handler = (request: IncomingMessage, url: URL, response: ServerResponse) => void;

interface TestServer {
  url: string;
  requests: { path: string; query: URLSearchParams; headers: IncomingMessage['headers'] }[];
  handle: Handler;
  server: Server;
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Documented shapes, per environment: hourly points for ranges within two days, daily beyond. */
const documented: Handler = (request, url, response) => {
  if (request.headers.authorization !== token) return json(response, 401, { code: 'unauthorized', message: 'Invalid access token' });
  const usage = /^\/api\/v2\/usage\/evaluations\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (usage) {
    if (request.headers['ld-api-version'] !== 'beta') return json(response, 400, { code: 'invalid_request', message: 'beta resource: LD-API-Version: beta required' });
    const [, project, environment, flag] = usage.map(decodeURIComponent);
    if (project !== 'web' || flag !== 'new-checkout') return json(response, 404, { code: 'not_found', message: 'Unknown flag' });
    const from = Number(url.searchParams.get('from'));
    const to = Number(url.searchParams.get('to'));
    const hourly = to - from <= 2 * day;
    const metadata = [{ key: '0' }, { key: '1' }];
    if (environment === 'staging') return json(response, 200, { _links: {}, metadata, series: [] });
    const series = hourly
      ? Array.from({ length: 24 }, (_, i) => ({ time: from + i * hour, '0': 100 + i, '1': 300 }))
      : Array.from({ length: 7 }, (_, i) => ({ time: from + i * day, '0': 1000 * (i + 1), '1': 5000 }));
    // Newest first on purpose: the fetcher must not rely on order.
    return json(response, 200, { _links: { self: { href: url.pathname } }, metadata, series: series.reverse() });
  }
  const statuses = /^\/api\/v2\/flag-status\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (statuses) {
    return json(response, 200, {
      key: 'new-checkout',
      _links: {},
      environments: { production: { name: 'active', lastRequested: '2026-12-04T12:00:00.000Z' }, staging: { name: 'new' } },
    });
  }
  json(response, 404, { message: 'no route' });
};

async function startServer(): Promise<TestServer> {
  const state: Partial<TestServer> & { requests: TestServer['requests']; handle: Handler } = { requests: [], handle: documented };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    state.requests.push({ path: url.pathname, query: url.searchParams, headers: request.headers });
    state.handle(request, url, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.server = server;
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state as TestServer;
}

const request: LaunchDarklyEvidenceRequest = { project: 'web', key: 'new-checkout', environments: ['production', 'staging'], variationNames: ['Enabled', 'Disabled'] };

describe('LaunchDarkly evaluation evidence', () => {
  let test: TestServer;
  let endpoint: EvidenceEndpoint;
  beforeEach(async () => {
    test = await startServer();
    endpoint = { baseUrl: test.url, token, timeoutMs: 2000, retry: { maxRetries: 1, sleep: async () => undefined } };
  });
  afterEach(async () => {
    test.server.closeAllConnections();
    await new Promise((resolve) => test.server.close(resolve));
  });

  it('reads 7 d (daily) and 24 h (hourly) counts per variation, the series, and lastRequested', async () => {
    const evidence = await fetchLaunchDarklyEvidence(endpoint, 'ld:web', request, AbortSignal.timeout(5000), () => now);
    const production = evidence.environments.production!;
    assert.deepEqual(production.evaluations?.byVariation, { Enabled: 28_000, Disabled: 35_000 });
    assert.equal(production.evaluations?.total, 63_000);
    assert.deepEqual(
      production.evaluations?.series?.map((point) => point.total),
      [6000, 7000, 8000, 9000, 10_000, 11_000, 12_000],
      'oldest first',
    );
    assert.equal(production.evaluations?.since.getTime(), now.getTime() - 7 * day);
    assert.equal(production.evaluations?.until.getTime(), now.getTime());
    // 24 hourly points: Enabled 100…123, Disabled 300 each.
    assert.deepEqual(production.lastDay?.byVariation, { Enabled: 2676, Disabled: 7200 });
    assert.equal(production.lastDay?.series?.length, 24);
    assert.deepEqual(production.lastRequested, new Date('2026-12-04T12:00:00.000Z'));

    const staging = evidence.environments.staging!;
    assert.deepEqual([staging.evaluations?.total, staging.lastDay?.total, staging.lastRequested], [0, 0, null], 'never requested: zero counts, null lastRequested');

    const usage = test.requests.filter((r) => r.path.startsWith('/api/v2/usage/'));
    assert.equal(usage.length, 4, 'two windows per environment');
    for (const r of usage) {
      assert.equal(r.headers['ld-api-version'], 'beta');
      assert.equal(r.headers.authorization, token);
    }
    assert.deepEqual(
      usage.map((r) => (Number(r.query.get('to')) - Number(r.query.get('from'))) / day),
      [7, 1, 7, 1],
    );
    const status = test.requests.find((r) => r.path === '/api/v2/flag-status/web/new-checkout');
    assert.deepEqual(status?.query.getAll('env'), ['production', 'staging']);
  });

  it('uses the variation a metadata item names when it names one', async () => {
    test.handle = (req, url, response) => {
      if (url.pathname.startsWith('/api/v2/usage/')) return json(response, 200, { metadata: [{ variation: 1 }, { variation: 0 }], series: [{ time: now.getTime() - hour, '0': 5, '1': 7 }] });
      return documented(req, url, response);
    };
    const evidence = await fetchLaunchDarklyEvidence(endpoint, 'ld:web', { ...request, environments: ['production'] }, AbortSignal.timeout(5000), () => now);
    assert.deepEqual(evidence.environments.production?.lastDay?.byVariation, { Disabled: 5, Enabled: 7 });
  });

  it('rejects a reply without a series as a parse error, not as zero evaluations', async () => {
    test.handle = (req, url, response) => (url.pathname.startsWith('/api/v2/usage/') ? json(response, 200, { metadata: [] }) : documented(req, url, response));
    await assert.rejects(fetchLaunchDarklyEvidence(endpoint, 'ld:web', request, AbortSignal.timeout(5000), () => now), (error: unknown) => FlagLensError.is(error, 'parse'));
  });

  it('retries a 500 once and then answers', async () => {
    let failures = 0;
    test.handle = (req, url, response) => {
      if (url.pathname.startsWith('/api/v2/usage/') && failures === 0) {
        failures++;
        return json(response, 503, { message: 'try later' });
      }
      return documented(req, url, response);
    };
    const evidence = await fetchLaunchDarklyEvidence(endpoint, 'ld:web', request, AbortSignal.timeout(5000), () => now);
    assert.equal(evidence.environments.production?.evaluations?.total, 63_000);
    assert.equal(failures, 1);
  });

  const statuses: [number, Record<string, string>, RegExp][] = [
    [401, {}, /^no evidence: the token was refused \(401\)$/],
    [403, {}, /^no evidence: the token may not read usage data \(403\)$/],
    [404, {}, /^no evidence: the vendor does not know this flag or environment \(404\)$/],
    [429, { 'retry-after': '120' }, /^no evidence: rate-limited by the vendor \(429\); asking again in 2 min$/],
    [500, {}, /^no evidence: the vendor had a server error \(500\)$/],
  ];
  for (const [status, headers, expected] of statuses) {
    it(`turns ${status} into a "no evidence" state, remembered without asking again`, async () => {
      test.handle = (_req, _url, response) => json(response, status, { message: `status ${status} ${token}` }, headers);
      const cache = new EvidenceCache();
      const load = (environments: string[], signal: AbortSignal) => fetchLaunchDarklyEvidence(endpoint, 'ld:web', { ...request, environments }, signal, () => now).then((e) => e.environments);
      const first = await cache.getMany('ld:web', 'new-checkout', ['production', 'staging'], load);
      for (const state of Object.values(first)) {
        assert.equal(state.state, 'unavailable');
        assert.match(state.state === 'unavailable' ? state.reason : '', expected);
        assert.ok(!JSON.stringify(state).includes(token), 'no token in the state');
      }
      const asked = test.requests.length;
      await cache.get('ld:web', 'new-checkout', 'production', load);
      assert.equal(test.requests.length, asked, 'the failure is cached for a while');
    });
  }

  it('turns a server that never answers into "timed out"', async () => {
    test.handle = () => undefined;
    const cache = new EvidenceCache();
    const slow = { ...endpoint, timeoutMs: 200 };
    const state = await cache.get('ld:web', 'new-checkout', 'production', (environments, signal) =>
      fetchLaunchDarklyEvidence(slow, 'ld:web', { ...request, environments }, signal, () => now).then((e) => e.environments),
    );
    assert.deepEqual(state, { state: 'unavailable', reason: 'no evidence: the request timed out', cause: 'timeout' });
  });
});
