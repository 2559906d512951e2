import { strict as assert } from 'node:assert';
import { FlagLensError } from '../../../src/core/errors';
import { EvidenceCache, type EvidenceLoader } from '../../../src/core/evidence/evidenceCache';
import type { EnvironmentEvidence } from '../../../src/core/evidence/model';

function evidence(environment: string, total: number): EnvironmentEvidence {
  return { environment, evaluations: { since: new Date(0), until: new Date(1), total, byVariation: { on: total } } };
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('evidence cache', () => {
  it('loads lazily, once per TTL, and only the environments it lacks', async () => {
    let clock = 0;
    const calls: string[][] = [];
    const load: EvidenceLoader = async (environments) => {
      calls.push(environments);
      return Object.fromEntries(environments.map((e) => [e, evidence(e, calls.length)]));
    };
    const cache = new EvidenceCache({ ttlMs: 1000, now: () => clock });
    assert.equal(cache.peek('s', 'k', 'prod'), undefined, 'nothing is fetched before someone asks');
    const first = await cache.get('s', 'k', 'prod', load);
    assert.equal(first.state === 'ready' && first.evidence.evaluations?.total, 1);
    await cache.getMany('s', 'k', ['prod', 'dev'], load);
    assert.deepEqual(calls, [['prod'], ['dev']]);
    clock = 1000;
    const again = await cache.get('s', 'k', 'prod', load);
    assert.equal(again.state === 'ready' && again.evidence.evaluations?.total, 3, 'expired entries are loaded again');
    cache.invalidate('s');
    assert.equal(cache.peek('s', 'k', 'dev'), undefined);
  });

  it('shares one load between callers that ask while it runs', async () => {
    const gate = deferred<void>();
    let calls = 0;
    const load: EvidenceLoader = async (environments) => {
      calls++;
      await gate.promise;
      return Object.fromEntries(environments.map((e) => [e, evidence(e, 7)]));
    };
    const cache = new EvidenceCache();
    const a = cache.get('s', 'k', 'prod', load);
    const b = cache.get('s', 'k', 'prod', load);
    gate.resolve();
    const [x, y] = await Promise.all([a, b]);
    assert.equal(calls, 1);
    assert.deepEqual(x, y);
  });

  it('runs at most maxConcurrent loads at once', async () => {
    let running = 0;
    let peak = 0;
    const load: EvidenceLoader = async (environments) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      return Object.fromEntries(environments.map((e) => [e, evidence(e, 1)]));
    };
    const cache = new EvidenceCache({ maxConcurrent: 2 });
    const states = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((key) => cache.get('s', key, 'prod', load)));
    assert.equal(peak, 2);
    assert.ok(states.every((state) => state.state === 'ready'));
  });

  it('aborts the load when the only caller gives up, and does not remember it', async () => {
    let loadSignal: AbortSignal | undefined;
    const load: EvidenceLoader = (_environments, signal) => {
      loadSignal = signal;
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new FlagLensError('cancelled', 'cancelled'))));
    };
    const cache = new EvidenceCache();
    const controller = new AbortController();
    const pending = cache.get('s', 'k', 'prod', load, controller.signal);
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await assert.rejects(pending, (error: unknown) => FlagLensError.is(error, 'cancelled'));
    assert.equal(loadSignal?.aborted, true);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(cache.peek('s', 'k', 'prod'), undefined, 'a cancelled load leaves nothing behind');
  });

  it('keeps the load going while another caller still waits', async () => {
    const gate = deferred<void>();
    let loadSignal: AbortSignal | undefined;
    const load: EvidenceLoader = async (environments, signal) => {
      loadSignal = signal;
      await gate.promise;
      return Object.fromEntries(environments.map((e) => [e, evidence(e, 2)]));
    };
    const cache = new EvidenceCache();
    const controller = new AbortController();
    const impatient = cache.get('s', 'k', 'prod', load, controller.signal);
    const patient = cache.get('s', 'k', 'prod', load);
    controller.abort();
    await assert.rejects(impatient);
    gate.resolve();
    const state = await patient;
    assert.equal(loadSignal?.aborted, false);
    assert.equal(state.state, 'ready');
  });

  it('never throws a load failure at the caller: unexpected errors and missing environments become states', async () => {
    const cache = new EvidenceCache();
    const broken = await cache.get('s', 'k', 'prod', async () => {
      throw new TypeError('x is undefined');
    });
    assert.deepEqual(broken, { state: 'unavailable', reason: 'no evidence: the answer could not be read', cause: 'parse' });
    const partial = await cache.getMany('s', 'k2', ['prod', 'dev'], async () => ({ prod: evidence('prod', 1) }));
    assert.equal(partial.prod?.state, 'ready');
    assert.deepEqual(partial.dev, { state: 'unavailable', reason: 'no evidence: the source did not report this environment', cause: 'notFound' });
  });

  it('waits out a 429 for as long as the vendor asked before asking again', async () => {
    let clock = 0;
    let calls = 0;
    const cache = new EvidenceCache({ failureTtlMs: 1000, now: () => clock });
    const load: EvidenceLoader = async () => {
      calls++;
      throw new FlagLensError('rateLimited', 'slow down', { status: 429, retryAfterMs: 5000 });
    };
    await cache.get('s', 'k', 'prod', load);
    clock = 4999;
    await cache.get('s', 'k', 'prod', load);
    assert.equal(calls, 1);
    clock = 5000;
    await cache.get('s', 'k', 'prod', load);
    assert.equal(calls, 2);
  });
});
