import { strict as assert } from 'node:assert';
import { abortableSleep } from '../../../../src/core/sources/launchdarkly/retryPolicy';
import type { LaunchDarklyTestServer, RecordedRequest } from '../../../support/launchDarklyServer';
import { disposeSources, flag, rejection, source, startServer, token } from './fixtures';

const isListing = (r: RecordedRequest): boolean => r.method === 'GET' && r.path === '/api/v2/flags/web-shop' && r.query.get('filter') === null;

describe('LaunchDarklySource failures', () => {
  let server: LaunchDarklyTestServer;
  afterEach(async () => {
    disposeSources();
    await server?.close();
  });

  it('waits out a 429 for the Retry-After seconds, then succeeds', async () => {
    server = await startServer();
    server.script(isListing, { status: 429, headers: { 'Retry-After': '1' }, body: { code: 'rate_limited', message: 'Rate limit exceeded' } });
    const snapshot = await source(server).refresh();
    const listings = server.requests.filter(isListing);
    assert.equal(listings.length, 3, 'the limited request was repeated (two batches + one retry)');
    const waited = listings[1]!.at - listings[0]!.at;
    assert.ok(waited >= 1000, `retried after ${waited} ms, the server asked for 1000 ms`);
    assert.ok(flag(snapshot, 'new-checkout'));
  });

  it('honors X-Ratelimit-Reset (epoch ms) when there is no Retry-After', async () => {
    server = await startServer();
    const reset = Date.now() + 800;
    server.script(isListing, { status: 429, headers: { 'X-Ratelimit-Reset': String(reset) }, body: { code: 'rate_limited', message: 'Rate limit exceeded' } });
    await source(server).refresh();
    const listings = server.requests.filter(isListing);
    assert.equal(listings.length, 3);
    // Millisecond clocks on both sides; allow for rounding only.
    assert.ok(listings[1]!.at >= reset - 5, `retried ${reset - listings[1]!.at} ms before the reset time`);
  });

  it('gives a long rate limit back to the poller instead of blocking, with its retry time', async () => {
    server = await startServer();
    server.script(isListing, { status: 429, headers: { 'Retry-After': '120' }, body: { message: 'Rate limit exceeded' } });
    const limited = source(server);
    const error = await rejection(limited.refresh());
    assert.equal(error.reason, 'rateLimited');
    assert.equal(error.retryAfterMs, 120_000);
    assert.equal(server.requests.filter(isListing).length, 1, 'not retried within the refresh');
    assert.equal(limited.status.state, 'offline');
  });

  it('retries a transient 5xx with backoff and then succeeds', async () => {
    server = await startServer();
    server.script(isListing, { status: 502, body: { message: 'Bad gateway' } }, { status: 503, body: { message: 'Unavailable' } });
    const waits: number[] = [];
    const live = source(server, { retry: { initialBackoffMs: 20, sleep: (ms, signal) => (waits.push(ms), abortableSleep(ms, signal)) } });
    const snapshot = await live.refresh();
    const listings = server.requests.filter(isListing);
    assert.equal(listings.length, 4, 'two failures, then both batches');
    assert.deepEqual(waits, [20, 40], 'exponential backoff between attempts');
    assert.ok(listings[1]!.at - listings[0]!.at >= 20 && listings[2]!.at - listings[1]!.at >= 40);
    assert.ok(flag(snapshot, 'new-checkout'));
    assert.equal(live.status.state, 'connected');
  });

  it('stops retrying a persistent 5xx and goes offline keeping the last snapshot', async () => {
    server = await startServer();
    const live = source(server);
    const first = await live.refresh();
    server.script(isListing, ...Array.from({ length: 4 }, () => ({ status: 500, body: { message: 'Internal error' } })));
    const before = server.requests.filter(isListing).length;
    const error = await rejection(live.refresh());
    assert.equal(error.reason, 'server');
    assert.equal(server.requests.filter(isListing).length - before, 4, 'one attempt plus three retries');
    assert.equal(live.status.state, 'offline');
    assert.equal(live.snapshot, first);
  });

  it('reports a wrong token as unauthorized, without retrying or echoing it', async () => {
    server = await startServer();
    const wrong = 'api-ffffffff-1111-4222-8333-444444444444';
    const unauthorized = source(server, { token: wrong });
    const error = await rejection(unauthorized.refresh());
    assert.equal(error.reason, 'unauthorized');
    assert.equal(error.status, 401);
    assert.equal(unauthorized.status.state, 'authError');
    assert.equal(server.requests.length, 1);
    assert.ok(!error.message.includes(wrong), error.message);
    assert.ok(!JSON.stringify(unauthorized.status).includes(wrong));
  });

  it('never puts the token in an error message, even when the server echoes it', async () => {
    server = await startServer();
    server.script(() => true, { status: 403, body: { code: 'forbidden', message: `Token ${token} lacks access to project web-shop` } });
    const forbidden = source(server);
    const error = await rejection(forbidden.refresh());
    assert.equal(error.reason, 'forbidden');
    assert.ok(!error.message.includes(token), error.message);
    assert.ok(!JSON.stringify(forbidden.status).includes(token));
  });

  it('reports an unreachable server as network/offline with the token nowhere', async () => {
    server = await startServer();
    const url = server.url;
    await server.close();
    const offline = source(server, { baseUrl: url });
    const error = await rejection(offline.refresh());
    assert.equal(error.reason, 'network');
    assert.equal(offline.status.state, 'offline');
    assert.ok(!error.message.includes(token));
  });

  it('does not follow a next link to another host with the token', async () => {
    server = await startServer();
    server.script(isListing, { status: 200, body: { items: [], _links: { next: { href: 'https://evil.example.com/api/v2/flags/web-shop?offset=100' } } } });
    const error = await rejection(source(server).refresh());
    assert.equal(error.reason, 'parse');
    assert.match(error.message, /another host/);
    assert.ok(!server.requests.some((r) => r.query.get('offset') === '100'));
  });

  it('times out a stalled request and goes offline', async () => {
    server = await startServer();
    server.script(isListing, { status: 200, delayMs: 5000, body: { items: [], _links: {} } });
    const slow = source(server, { timeoutMs: 200 });
    const started = Date.now();
    const error = await rejection(slow.refresh());
    assert.equal(error.reason, 'timeout');
    assert.ok(Date.now() - started < 4000, 'gave up at the timeout, not when the server answered');
    assert.equal(slow.status.state, 'offline');
  });

  it('stops waiting out a rate limit when the source is disposed', async () => {
    server = await startServer();
    server.script(isListing, { status: 429, headers: { 'Retry-After': '10' }, body: { message: 'Rate limit exceeded' } });
    const limited = source(server);
    const started = Date.now();
    const pending = limited.refresh();
    setTimeout(() => limited.dispose(), 200);
    const error = await rejection(pending);
    assert.equal(error.reason, 'cancelled');
    assert.ok(Date.now() - started < 2000, `cancelled after ${Date.now() - started} ms`);
    assert.equal(server.requests.filter(isListing).length, 1, 'no request after dispose');
  });

  it('reports a missing token as a configuration problem before any request', async () => {
    server = await startServer();
    const noToken = source(server, { token: '' });
    const error = await rejection(noToken.refresh());
    assert.equal(error.reason, 'invalidConfig');
    assert.equal(noToken.status.state, 'misconfigured');
    assert.equal(server.requests.length, 0);
  });

  it('keeps flags when statuses are forbidden, noting the problem', async () => {
    server = await startServer();
    server.script((r) => r.path.startsWith('/api/v2/flag-statuses/'), ...Array.from({ length: 5 }, () => ({ status: 403, body: { message: 'No access' } })));
    const snapshot = await source(server).refresh();
    assert.equal(flag(snapshot, 'new-checkout').environments.development!.status, null);
    assert.ok(snapshot.problems?.some((p) => /flag statuses/.test(p.message)));
  });
});
