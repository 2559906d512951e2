// `flaglens flags --format json --evidence` against the real Unleash server: metrics go in the way
// an SDK sends them, and come out of the CLI's JSON with exact counts per environment and variation.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EnvironmentJson, FlagsReportJson } from '../../../src/core/report/flagsReport';
import { fetchUnleashEvidence } from '../../../src/core/evidence/unleashEvidence';
import { normalizeBaseUrl } from '../../../src/core/sources/unleash/unleashClient';
import { runCliInProcess } from '../../support/cliInProcess';
import { admin } from './unleashAdmin';
import { unleash } from './unleashFixture';

async function call(method: string, urlPath: string, token: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${unleash().url}${urlPath}`, {
    method,
    headers: { Authorization: token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${urlPath} → ${response.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

async function clientToken(environment: string): Promise<string> {
  const created = (await call('POST', '/api/admin/api-tokens', unleash().adminToken, {
    tokenName: `flaglens-evidence-cli-${environment}-${randomBytes(3).toString('hex')}`,
    type: 'client',
    environment,
    projects: ['*'],
  })) as { secret?: string };
  assert.ok(created.secret, 'the Admin API returned a token secret');
  return created.secret;
}

async function report(token: string, appName: string, toggles: Record<string, { yes: number; no: number; variants?: Record<string, number> }>): Promise<void> {
  const now = new Date().toISOString();
  await call('POST', '/api/client/metrics', token, { appName, instanceId: `${appName}-1`, bucket: { start: now, stop: now, toggles } });
}

/** Unleash writes client metrics in batches: wait (bounded) until the server answers with `total` for each environment. */
async function waitForTotals(key: string, totals: Record<string, number>): Promise<void> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const evidence = await fetchUnleashEvidence({ baseUrl: normalizeBaseUrl(unleash().url), token: unleash().adminToken, timeoutMs: 10_000 }, 'unleash:test', key, Object.keys(totals), AbortSignal.timeout(15_000));
    if (Object.entries(totals).every(([environment, total]) => evidence.environments[environment]?.evaluations?.total === total)) return;
    if (Date.now() > deadline) throw new Error(`Unleash did not report the metrics of '${key}' within 45 s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describe('flaglens flags --format json --evidence (real Unleash server)', function () {
  this.timeout(120_000);
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'flaglens-evidence-cli-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function flags(...extra: string[]) {
    return runCliInProcess(['flags', dir, '--source', 'unleash', '--url', unleash().url, '--format', 'json', ...extra], dir, { UNLEASH_API_TOKEN: unleash().adminToken });
  }

  it('prints the exact counts SDKs reported, per environment and variation, and nothing new without --evidence', async () => {
    const key = `evidence-cli-${randomBytes(4).toString('hex')}`;
    await admin.createFlag(key, 'release');
    const [development, production] = await Promise.all([clientToken('development'), clientToken('production')]);
    await report(development, 'checkout', { [key]: { yes: 7, no: 3, variants: { blue: 5, disabled: 3 } } });
    await report(production, 'checkout', { [key]: { yes: 40, no: 60 } });
    await report(production, 'billing', { [key]: { yes: 2, no: 0 } });
    await waitForTotals(key, { development: 10, production: 102 });

    const run = await flags('--evidence', '--env', 'development,production');
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as FlagsReportJson;
    const flag = json.flags.find((f) => f.key === key);
    assert.ok(flag, `the report lists ${key}`);
    const expected = {
      development: { total: 10, byVariation: { on: 7, off: 3, blue: 5 } },
      production: { total: 102, byVariation: { on: 42, off: 60 } },
    };
    for (const environment of ['development', 'production'] as const) {
      const state: EnvironmentJson = flag.environments[environment]!;
      assert.deepEqual({ total: state.evaluations?.total, byVariation: state.evaluations?.byVariation }, expected[environment], `${environment}: longest window`);
      assert.deepEqual({ total: state.evaluations24h?.total, byVariation: state.evaluations24h?.byVariation }, expected[environment], `${environment}: last 24 h`);
      assert.equal(state.evaluations?.series?.reduce((sum: number, point: { total: number }) => sum + point.total, 0), expected[environment].total);
      // The suite's server keeps 48 h (no extended usage metrics): the window says so, and the note too.
      assert.equal(Date.parse(state.evaluations!.until) - Date.parse(state.evaluations!.since), 48 * 3600_000);
      assert.match(state.evaluationsNote ?? '', /48 h/);
      assert.equal(state.evaluationsUnavailable, undefined);
    }
    // Another flag nobody evaluated: zero, not null.
    const quiet = json.flags.find((f) => f.key !== key && f.environments.development);
    if (quiet) assert.equal(typeof quiet.environments.development!.evaluations?.total, 'number');

    const plain = await flags('--env', 'development,production');
    assert.equal(plain.code, 0, plain.stderr);
    const before = JSON.parse(plain.stdout) as FlagsReportJson;
    for (const f of before.flags) for (const state of Object.values(f.environments)) assert.ok(!('evaluations' in state) && !('evaluations24h' in state), 'without --evidence the shape is unchanged');
  });

  it('a refused token fails the command (exit 3) without printing the token', async () => {
    // The snapshot itself is refused before any evidence is asked for: a source error, not a silent null.
    const run = await runCliInProcess(['flags', dir, '--source', 'unleash', '--url', unleash().url, '--format', 'json', '--evidence'], dir, { UNLEASH_API_TOKEN: '*:*.not-a-real-token' });
    assert.equal(run.code, 3);
    assert.ok(!run.stderr.includes('not-a-real-token'), 'the token is not printed');
  });
});
