// The "no evaluations in production" hint decided from the real Unleash server's counts: the
// UnleashSource's snapshot and evidence, read through the evidence cache the editor uses. A flag
// an SDK reported in production gets no hint; a quiet one does, naming the 48 hours this server
// keeps raw counts for (it runs without extended usage metrics), not 14 days it cannot show.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import type { CatalogDefinition } from '../../../src/core/catalog/model';
import { collectEvidence } from '../../../src/core/evidence/collectEvidence';
import { EvidenceCache } from '../../../src/core/evidence/evidenceCache';
import { noEvaluationsHint, noEvaluationsRequests } from '../../../src/core/stale/noEvaluationsHint';
import { UnleashSource } from '../../../src/core/sources/unleash/unleashSource';
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

/** A production client token, as an SDK deployed there would hold. */
async function productionClientToken(): Promise<string> {
  const created = (await call('POST', '/api/admin/api-tokens', unleash().adminToken, {
    tokenName: `flaglens-hint-production-${randomBytes(3).toString('hex')}`,
    type: 'client',
    environment: 'production',
    projects: ['*'],
  })) as { secret?: string };
  assert.ok(created.secret, 'the Admin API returned a token secret');
  return created.secret;
}

describe('no-evaluations hint from the real Unleash server', function () {
  this.timeout(120_000);
  let source: UnleashSource | undefined;

  afterEach(() => {
    source?.dispose();
    source = undefined;
  });

  it('hints only at the flag production never evaluated, with the 48 hours the server can show', async () => {
    const suffix = randomBytes(4).toString('hex');
    const quiet = `hint-quiet-${suffix}`;
    const busy = `hint-busy-${suffix}`;
    await admin.createFlag(quiet, 'release');
    await admin.createFlag(busy, 'release');
    await call('POST', '/api/client/metrics', await productionClientToken(), {
      appName: 'checkout',
      instanceId: 'checkout-1',
      bucket: { start: new Date().toISOString(), stop: new Date().toISOString(), toggles: { [busy]: { yes: 3, no: 1 } } },
    });

    source = new UnleashSource({ url: unleash().url, token: unleash().adminToken, project: 'default', pollIntervalMs: 60_000 });
    await source.refresh();
    const snapshot = source.snapshot!;
    const definitionOf = (key: string): CatalogDefinition => {
      const flag = snapshot.flags.find((f) => f.key === key);
      assert.ok(flag, `${key} is in the snapshot`);
      return { sourceId: source!.id, sourceLabel: source!.label, sourceKind: 'unleash', flag, environments: snapshot.environments };
    };
    const definitions = { [quiet]: [definitionOf(quiet)], [busy]: [definitionOf(busy)] };
    assert.deepEqual(noEvaluationsRequests(definitions[quiet]!, []), [{ sourceId: source.id, environments: ['production'] }], 'production is the protected environment');

    // Unleash writes client metrics in batches: read (bounded) until the reported flag shows its counts.
    const deadline = Date.now() + 60_000;
    let hints: Record<string, string | undefined>;
    for (;;) {
      const cache = new EvidenceCache({ ttlMs: 0 });
      const lookup = await collectEvidence(
        cache,
        [quiet, busy].map((key) => ({ source: source!, key, environments: noEvaluationsRequests(definitions[key]!, [])[0]!.environments })),
        AbortSignal.timeout(20_000),
      );
      const busyState = lookup(source.id, busy, 'production');
      hints = { [quiet]: noEvaluationsHint(quiet, definitions[quiet]!, lookup, [])?.message, [busy]: noEvaluationsHint(busy, definitions[busy]!, lookup, [])?.message };
      if ((busyState?.state === 'ready' && busyState.evidence.evaluations?.total === 4) || Date.now() > deadline) {
        assert.equal(busyState?.state === 'ready' ? busyState.evidence.evaluations?.total : busyState, 4, 'the reported evaluations were read back');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    assert.deepEqual(hints, { [quiet]: `'${quiet}' had no evaluations in 'production' for 48 hours.`, [busy]: undefined });
  });

  it('gives no hint when the counts cannot be read (a refused token is unknown, not zero)', async () => {
    const key = `hint-unknown-${randomBytes(4).toString('hex')}`;
    await admin.createFlag(key, 'release');
    const reader = new UnleashSource({ url: unleash().url, token: unleash().adminToken, project: 'default', pollIntervalMs: 60_000 });
    source = reader;
    await reader.refresh();
    const flag = reader.snapshot!.flags.find((f) => f.key === key)!;
    const definitions: CatalogDefinition[] = [{ sourceId: reader.id, sourceLabel: reader.label, sourceKind: 'unleash', flag, environments: reader.snapshot!.environments }];
    const refused = new UnleashSource({ url: unleash().url, token: '*:*.not-a-real-token', project: 'default', pollIntervalMs: 60_000 });
    try {
      const lookup = await collectEvidence(new EvidenceCache(), [{ source: { id: reader.id, kind: 'unleash', evidence: refused.evidence.bind(refused) }, key, environments: ['production'] }]);
      assert.equal(lookup(reader.id, key, 'production')?.state, 'unavailable');
      assert.equal(noEvaluationsHint(key, definitions, lookup, []), undefined);
    } finally {
      refused.dispose();
    }
  });
});
