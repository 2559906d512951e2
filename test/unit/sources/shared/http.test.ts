import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FlagLensError } from '../../../../src/core/errors';
import { requestJson, retryAfter } from '../../../../src/core/sources/http';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const token = 'api-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

describe('sources/http requestJson', () => {
  let server: http.Server;
  let base: string;
  let handler: Handler;
  const received: http.IncomingMessage[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      received.push(req);
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received.length = 0;
  });

  function reply(status: number, body: string, headers: Record<string, string> = {}): void {
    handler = (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body);
    };
  }

  async function failure(request: Parameters<typeof requestJson>[0]): Promise<FlagLensError> {
    try {
      await requestJson(request);
    } catch (error) {
      assert.ok(error instanceof FlagLensError, `expected FlagLensError, got ${String(error)}`);
      return error;
    }
    assert.fail('expected the request to fail');
  }

  it('returns parsed JSON, status and headers and sends method, headers and body', async () => {
    handler = (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-echo': req.headers['x-test'] as string });
        res.end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization, accept: req.headers.accept }));
      });
    };
    const response = await requestJson<{ method: string; body: string; auth: string; accept: string }>({
      method: 'patch',
      url: `${base}/api/thing`,
      headers: { Authorization: token, 'X-Test': 'yes' },
      body: '{"a":1}',
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-echo'), 'yes');
    assert.deepEqual(response.body, { method: 'PATCH', body: '{"a":1}', auth: token, accept: 'application/json' });
  });

  it('returns an undefined body for 204 and empty 200 responses', async () => {
    handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    assert.equal((await requestJson({ url: `${base}/x` })).body, undefined);
    reply(200, '');
    assert.equal((await requestJson({ url: `${base}/x` })).body, undefined);
  });

  const cases: [number, FlagLensError['reason']][] = [
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'notFound'],
    [429, 'rateLimited'],
    [500, 'server'],
    [502, 'server'],
    [503, 'server'],
    [400, 'invalidConfig'],
  ];
  for (const [status, reason] of cases) {
    it(`maps HTTP ${status} to ${reason} with a one-line message naming host and status, never the token`, async () => {
      reply(status, JSON.stringify({ code: 'x', message: `bad thing for ${token}\nsecond line` }));
      const error = await failure({ url: `${base}/api/v2/flags/proj?token=${token}`, headers: { Authorization: token }, secrets: [token] });
      assert.equal(error.reason, reason);
      assert.equal(error.status, status);
      assert.ok(error.message.includes(`127.0.0.1:${new URL(base).port}`), error.message);
      assert.ok(error.message.includes(String(status)), error.message);
      assert.ok(!error.message.includes(token), error.message);
      assert.ok(!error.message.includes('\n'), error.message);
      assert.ok(error.message.includes('bad thing for ***'), error.message);
    });
  }

  it('reads Retry-After seconds on 429', async () => {
    reply(429, '{}', { 'retry-after': '7' });
    const error = await failure({ url: `${base}/limited` });
    assert.equal(error.reason, 'rateLimited');
    assert.equal(error.retryAfterMs, 7000);
    assert.match(error.message, /retry in 7 s/);
  });

  it('reads X-Ratelimit-Reset epoch milliseconds on 429 when Retry-After is absent', async () => {
    const reset = Date.now() + 42_000;
    reply(429, '{}', { 'x-ratelimit-reset': String(reset) });
    const error = await failure({ url: `${base}/limited` });
    assert.equal(error.reason, 'rateLimited');
    assert.ok(error.retryAfterMs! > 40_000 && error.retryAfterMs! <= 42_000, String(error.retryAfterMs));
  });

  it('retryAfter understands HTTP dates and ignores garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now), 30_000);
    assert.equal(retryAfter(new Headers({ 'retry-after': 'soon' }), now), undefined);
    assert.equal(retryAfter(new Headers({}), now), undefined);
  });

  it('reports a non-JSON success body as parse', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    };
    const error = await failure({ url: `${base}/html` });
    assert.equal(error.reason, 'parse');
    assert.equal(error.status, 200);
  });

  it('times out a server that never answers', async () => {
    handler = () => undefined;
    const started = Date.now();
    const error = await failure({ url: `${base}/hang`, timeoutMs: 150 });
    assert.equal(error.reason, 'timeout');
    assert.match(error.message, /timed out after 150 ms/);
    assert.ok(Date.now() - started < 5000);
  });

  it('times out a body that stalls after the headers', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    };
    const error = await failure({ url: `${base}/stall`, timeoutMs: 150 });
    assert.equal(error.reason, 'timeout');
  });

  it('reports a caller abort as cancelled, before and during the request', async () => {
    handler = () => undefined;
    const before = new AbortController();
    before.abort();
    assert.equal((await failure({ url: `${base}/x`, signal: before.signal })).reason, 'cancelled');
    const during = new AbortController();
    setTimeout(() => during.abort(), 50);
    assert.equal((await failure({ url: `${base}/x`, signal: during.signal, timeoutMs: 5000 })).reason, 'cancelled');
  });

  it('reports connection refused as network', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure({ url: `http://127.0.0.1:${port}/api?key=${token}`, secrets: [token] });
    assert.equal(error.reason, 'network');
    assert.match(error.message, /connection refused/);
    assert.ok(error.message.includes(`127.0.0.1:${port}`));
    assert.ok(!error.message.includes(token));
  });

  it('rejects an invalid URL as invalidConfig without echoing a secret', async () => {
    const error = await failure({ url: `not a url ${token}`, secrets: [token] });
    assert.equal(error.reason, 'invalidConfig');
    assert.ok(!error.message.includes(token));
  });
});
