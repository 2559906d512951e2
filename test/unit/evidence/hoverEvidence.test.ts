import * as assert from 'node:assert/strict';
import type { CatalogEntry } from '../../../src/core/catalog/model';
import { EvidenceCache } from '../../../src/core/evidence/evidenceCache';
import { hoverEvidence } from '../../../src/core/evidence/hoverEvidence';
import type { EnvironmentEvidence } from '../../../src/core/evidence/model';

function counts(environment: string, total: number): EnvironmentEvidence {
  const since = new Date('2026-12-04T00:00:00Z');
  const until = new Date('2026-12-05T00:00:00Z');
  return { environment, evaluations: { since, until, total, byVariation: { on: total } } };
}

/** A flag two sources define: one that counts (answering after `delayMs`), one that cannot (flagd). */
function entry(): CatalogEntry {
  const definition = (sourceId: string) => ({ sourceId, flag: { key: 'new-checkout', environments: { dev: {}, prod: {} } } });
  return { key: 'new-checkout', definitions: [definition('unleash:main'), definition('flagd:main')] } as unknown as CatalogEntry;
}

function countingSource(delayMs: number) {
  const calls: string[][] = [];
  return {
    calls,
    source: {
      id: 'unleash:main',
      evidence: async (key: string, environments: readonly string[]) => {
        calls.push([key, ...environments]);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return Object.fromEntries(environments.map((e, i) => [e, counts(e, 10 * (i + 1))]));
      },
    },
  };
}

describe('evidence: what a hover waits for', () => {
  it('shows the counts of every environment a counting source answers for within the wait, and nothing for flagd', async () => {
    const { source, calls } = countingSource(10);
    const lookup = await hoverEvidence(new EvidenceCache(), [source, { id: 'flagd:main' }], entry(), 1_000);
    assert.deepEqual(calls, [['new-checkout', 'dev', 'prod']]);
    const dev = lookup('unleash:main', 'new-checkout', 'dev');
    assert.equal(dev?.state, 'ready');
    assert.equal(dev?.state === 'ready' ? dev.evidence.evaluations?.total : undefined, 10);
    assert.equal(lookup('flagd:main', 'new-checkout', 'dev'), undefined, 'flagd adds no line');
    assert.equal(lookup('unleash:main', 'other-flag', 'dev'), undefined);
  });

  it('does not hold the hover for a slow source, and the next hover shows what that load brought', async () => {
    const cache = new EvidenceCache();
    const { source, calls } = countingSource(300);
    const started = Date.now();
    const first = await hoverEvidence(cache, [source], entry(), 30);
    assert.ok(Date.now() - started < 250, 'the hover waited for the slow load');
    assert.equal(first('unleash:main', 'new-checkout', 'prod'), undefined);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const second = await hoverEvidence(cache, [source], entry(), 30);
    const prod = second('unleash:main', 'new-checkout', 'prod');
    assert.equal(prod?.state === 'ready' ? prod.evidence.evaluations?.total : undefined, 20);
    assert.equal(calls.length, 1, 'the second hover reads the cache');
  });
});
