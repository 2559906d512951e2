// Evaluation evidence read back from the real Unleash server: metrics go in the way an SDK sends
// them (client tokens, POST /api/client/metrics), and come out through Flag Lens's fetcher.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { FlagLensError } from '../../../src/core/errors';
import { EvidenceCache } from '../../../src/core/evidence/evidenceCache';
import type { FlagEvidence } from '../../../src/core/evidence/model';
import { fetchUnleashEvidence } from '../../../src/core/evidence/unleashEvidence';
import { normalizeBaseUrl } from '../../../src/core/sources/unleash/unleashClient';
import { admin } from './unleashAdmin';
import { unleash } from './unleashFixture';

async function call(method: string, path: string, token: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${unleash().url}${path}`, {
    method,
    headers: { Authorization: token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** A client token for one environment, created through the Admin API like a user would. */
async function clientToken(environment: string): Promise<string> {
  const created = (await call('POST', '/api/admin/api-tokens', unleash().adminToken, {
    tokenName: `flaglens-evidence-${environment}-${randomBytes(3).toString('hex')}`,
    type: 'client',
    environment,
    projects: ['*'],
  })) as { secret?: string };
  assert.ok(created.secret, 'the Admin API returned a token secret');
  return created.secret;
}

/** What an SDK in `environment` (the token's) reports for one bucket. */
async function report(token: string, appName: string, toggles: Record<string, { yes: number; no: number; variants?: Record<string, number> }>): Promise<void> {
  const now = new Date().toISOString();
  await call('POST', '/api/client/metrics', token, { appName, instanceId: `${appName}-1`, bucket: { start: now, stop: now, toggles } });
}

function endpoint(token = unleash().adminToken) {
  return { baseUrl: normalizeBaseUrl(unleash().url), token, timeoutMs: 10_000 };
}

function counts(evidence: FlagEvidence): Record<string, { total: number; byVariation: Record<string, number> } | null> {
  const out: Record<string, { total: number; byVariation: Record<string, number> } | null> = {};
  for (const [environment, state] of Object.entries(evidence.environments)) {
    out[environment] = state.evaluations ? { total: state.evaluations.total, byVariation: { ...state.evaluations.byVariation } } : null;
  }
  return out;
}

/** Unleash writes client metrics to the database in batches: poll (bounded) until `done`. */
async function pollEvidence(key: string, done: (evidence: FlagEvidence) => boolean): Promise<FlagEvidence> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const evidence = await fetchUnleashEvidence(endpoint(), 'unleash:test', key, ['development', 'production'], AbortSignal.timeout(15_000));
    if (done(evidence) || Date.now() > deadline) return evidence;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describe('Unleash evaluation evidence (real server)', function () {
  this.timeout(120_000);

  it('reads back exact counts per environment and variation that SDKs reported', async () => {
    const key = `evidence-${randomBytes(4).toString('hex')}`;
    await admin.createFlag(key, 'release');
    const [development, production] = await Promise.all([clientToken('development'), clientToken('production')]);

    await report(development, 'checkout', { [key]: { yes: 7, no: 3, variants: { blue: 5, disabled: 3 } } });
    await report(production, 'checkout', { [key]: { yes: 40, no: 60 } });
    // A second application in the same environment: Unleash keeps it apart, Flag Lens sums it.
    await report(production, 'billing', { [key]: { yes: 2, no: 0 } });

    const expected = {
      development: { total: 10, byVariation: { on: 7, off: 3, blue: 5 } },
      production: { total: 102, byVariation: { on: 42, off: 60 } },
    };
    const evidence = await pollEvidence(key, (e) => JSON.stringify(counts(e)) === JSON.stringify(expected));
    assert.deepEqual(counts(evidence), expected);

    for (const environment of ['development', 'production'] as const) {
      const state = evidence.environments[environment]!;
      // Reported just now, so the last 24 h hold everything the longer window holds.
      assert.equal(state.lastDay?.total, expected[environment].total, `${environment}: last 24 h`);
      assert.deepEqual({ ...state.lastDay?.byVariation }, expected[environment].byVariation);
      const window = state.evaluations!;
      assert.equal(window.series?.reduce((sum, point) => sum + point.total, 0), expected[environment].total, `${environment}: the series sums to the total`);
      assert.ok(window.since.getTime() < Date.now() && window.until.getTime() >= Date.now() - 60_000, `${environment}: the window ends now`);
    }
    // The suite's server runs without extended usage metrics: 48 hourly buckets, and it says so.
    const development48 = evidence.environments.development!;
    assert.equal(development48.evaluations!.series!.length, 48);
    assert.equal(development48.evaluations!.until.getTime() - development48.evaluations!.since.getTime(), 48 * 3600_000);
    assert.match(development48.note ?? '', /48 h/);
  });

  it('gives zero counts (not null) for a flag no SDK reported', async () => {
    const key = `evidence-quiet-${randomBytes(4).toString('hex')}`;
    await admin.createFlag(key, 'release');
    const evidence = await fetchUnleashEvidence(endpoint(), 'unleash:test', key, ['development', 'production'], AbortSignal.timeout(15_000));
    assert.deepEqual(counts(evidence), { development: { total: 0, byVariation: {} }, production: { total: 0, byVariation: {} } });
  });

  it('turns a wrong token into an unauthorized error, and the cache into a "no evidence" state', async () => {
    await assert.rejects(
      fetchUnleashEvidence(endpoint('*:*.not-a-real-token'), 'unleash:test', 'anything', ['development'], AbortSignal.timeout(15_000)),
      (error: unknown) => FlagLensError.is(error, 'unauthorized') && !error.message.includes('not-a-real-token'),
    );
    const cache = new EvidenceCache();
    const state = await cache.get('unleash:test', 'anything', 'development', (environments, signal) =>
      fetchUnleashEvidence(endpoint('*:*.not-a-real-token'), 'unleash:test', 'anything', environments, signal).then((e) => e.environments),
    );
    assert.equal(state.state, 'unavailable');
    assert.match(state.state === 'unavailable' ? state.reason : '', /^no evidence: /);
  });
});
