// The Unleash fetcher's 7-day path, which needs a server with extended usage metrics and a daily
// aggregation that runs on Unleash's own schedule, so it is served here in the shape Unleash 6.10's
// metrics service builds (generateDayBuckets: one row per environment × application × day); the
// hourly path runs against the real server in test/integration/unleash/evidence.test.ts.
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchUnleashEvidence } from '../../../src/core/evidence/unleashEvidence';

const now = new Date('2026-12-05T12:34:00Z');
const hour = 3_600_000;
const day = 24 * hour;
const today = Date.UTC(2026, 11, 5);

function row(environment: string, appName: string, at: number, yes: number, no: number, variants?: Record<string, number>) {
  return { featureName: 'f', appName, environment, timestamp: new Date(at).toISOString(), yes, no, ...(variants ? { variants } : {}) };
}

describe('Unleash evaluation evidence (served shapes)', () => {
  let server: Server;
  let url: string;
  let asked: string[];
  let reply: (hoursBack: number) => unknown;

  beforeEach(async () => {
    asked = [];
    server = createServer((request, response) => {
      const parsed = new URL(request.url ?? '/', 'http://x');
      asked.push(`${parsed.pathname}${parsed.search}`);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ version: 1, maturity: 'stable', data: reply(Number(parsed.searchParams.get('hoursBack'))) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('uses day buckets for 7 d when the server has extended usage metrics, and asks 24 h separately', async () => {
    reply = (hoursBack) =>
      hoursBack === 168
        ? // generateDayBuckets(7): the last millisecond of yesterday and of the six days before it.
          Array.from({ length: 7 }, (_, i) => [row('production', 'web', today - 1 - (6 - i) * day, 10 * (i + 1), 1, { blue: i }), row('production', 'api', today - 1 - (6 - i) * day, 1, 0)]).flat()
        : Array.from({ length: 24 }, (_, i) => row('production', 'web', today + 12 * hour - (23 - i) * hour, i === 23 ? 5 : 0, i === 23 ? 2 : 0));
    const evidence = await fetchUnleashEvidence({ baseUrl: url, token: 't' }, 'u', 'f', ['production', 'development'], AbortSignal.timeout(5000), () => now);
    assert.deepEqual(asked, ['/api/admin/client-metrics/features/f/raw?hoursBack=168', '/api/admin/client-metrics/features/f/raw?hoursBack=24']);
    const production = evidence.environments.production!;
    // yes: 10+20+…+70 = 280 plus 7 from the second application; no: 7; variants 0+1+…+6 = 21.
    assert.deepEqual(production.evaluations?.byVariation, { on: 287, off: 7, blue: 21 });
    assert.equal(production.evaluations?.total, 294);
    assert.equal(production.evaluations?.series?.length, 7);
    assert.deepEqual([production.evaluations!.since, production.evaluations!.until], [new Date(today - 7 * day), new Date(today)], 'seven whole days up to midnight');
    assert.deepEqual(production.evaluations!.series![0], { at: new Date(today - 7 * day), total: 12 });
    assert.deepEqual([production.lastDay?.total, production.lastDay?.byVariation], [7, { on: 5, off: 2 }]);
    assert.equal(production.note, undefined);
    assert.deepEqual([evidence.environments.development?.evaluations?.total, evidence.environments.development?.evaluations?.byVariation], [0, {}]);
  });

  it('falls back to 48 h when the server answers a 7-day question hour by hour, and says so', async () => {
    reply = (hoursBack) => {
      const hours = hoursBack === 48 ? 48 : 24;
      return Array.from({ length: hours }, (_, i) => row('production', 'web', today + 12 * hour - (hours - 1 - i) * hour, 1, 0));
    };
    const evidence = await fetchUnleashEvidence({ baseUrl: url, token: 't' }, 'u', 'f', ['production'], AbortSignal.timeout(5000), () => now);
    assert.deepEqual(asked, ['/api/admin/client-metrics/features/f/raw?hoursBack=168', '/api/admin/client-metrics/features/f/raw?hoursBack=48']);
    const production = evidence.environments.production!;
    assert.deepEqual([production.evaluations?.total, production.lastDay?.total], [48, 24]);
    assert.match(production.note ?? '', /keeps 48 h/);
  });

  it('counts a variant called __proto__ like any other name', async () => {
    reply = () => [row('production', 'web', today, 3, 0, JSON.parse('{"__proto__": 3}') as Record<string, number>), row('production', 'web', today + hour, 0, 0)];
    const evidence = await fetchUnleashEvidence({ baseUrl: url, token: 't' }, 'u', 'f', ['production'], AbortSignal.timeout(5000), () => now);
    const byVariation = evidence.environments.production!.evaluations!.byVariation;
    assert.deepEqual(Object.keys(byVariation), ['on', 'off', '__proto__']);
    assert.equal(Object.getPrototypeOf(byVariation), Object.prototype);
  });
});
