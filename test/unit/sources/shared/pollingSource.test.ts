import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FlagLensError } from '../../../../src/core/errors';
import type { Logger } from '../../../../src/core/log';
import type { FlagSnapshot, SourceStatus, ToggleRequest } from '../../../../src/core/sources/model';
import { PollingSource, type PollingSourceOptions } from '../../../../src/core/sources/pollingSource';
import { isProductionLike, protectionReason } from '../../../../src/core/sources/protection';
import { SnapshotCache } from '../../../../src/core/sources/snapshotCache';
import { FakeTimers, settle, until } from './fakeTimers';

type Step = FlagSnapshot | FlagLensError | Error | ((signal: AbortSignal) => Promise<FlagSnapshot>);

/** A real PollingSource whose "server" is a script of results, so every transition is deterministic. */
class ScriptedSource extends PollingSource {
  readonly steps: Step[] = [];
  readonly toggles: ToggleRequest[] = [];
  fetches = 0;
  toggleError: Error | undefined;

  constructor(options: Partial<PollingSourceOptions> & { timers: FakeTimers }) {
    super({ id: 'scripted:test', kind: 'unleash', label: 'Scripted', pollIntervalMs: 60_000, now: options.timers.now, random: () => 0.5, ...options });
  }

  protected async fetchSnapshot(signal: AbortSignal): Promise<FlagSnapshot> {
    this.fetches++;
    const step = this.steps.shift();
    if (!step) throw new Error('script exhausted');
    if (typeof step === 'function') return step(signal);
    if (step instanceof Error) throw step;
    return step;
  }

  protected async applyToggle(request: ToggleRequest): Promise<void> {
    if (this.toggleError) throw this.toggleError;
    this.toggles.push(request);
  }
}

function snapshot(flagKeys: string[], environments: FlagSnapshot['environments'] = [{ key: 'development', name: 'Development', protected: false }]): FlagSnapshot {
  return {
    sourceId: 'scripted:test',
    fetchedAt: new Date('2026-03-01T09:59:00Z'),
    environments,
    flags: flagKeys.map((key) => ({
      key,
      name: key,
      kind: 'boolean',
      variations: [{ name: 'on', value: true }, { name: 'off', value: false }],
      temporary: true,
      tags: [],
      archived: false,
      createdAt: new Date('2025-12-24T08:00:00Z'),
      environments: {
        development: { environment: 'development', on: true, serving: { type: 'variation', variation: 'on' }, protected: false, lastModified: new Date('2026-02-01T00:00:00Z'), lastEvaluated: null, status: null },
      },
    })),
  };
}

function recordStatuses(source: PollingSource): SourceStatus['state'][] {
  const states: SourceStatus['state'][] = [];
  source.onDidChangeStatus((s) => states.push(s.state));
  return states;
}

function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: string | Error, ...a: unknown[]) => lines.push([String(m), ...a.map(String)].join(' '));
  return { lines, trace: push, debug: push, info: push, warn: push, error: push };
}

describe('sources/PollingSource', () => {
  let timers: FakeTimers;
  let tempDir: string;

  beforeEach(async () => {
    timers = new FakeTimers();
    tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-poll-'));
  });

  afterEach(async () => {
    await fs.rm(tempDir, { recursive: true, force: true });
  });

  it('goes idle → refreshing → connected and publishes the snapshot', async () => {
    const source = new ScriptedSource({ timers });
    const states = recordStatuses(source);
    const snapshots: FlagSnapshot[] = [];
    source.onDidChangeSnapshot((s) => snapshots.push(s));
    assert.equal(source.status.state, 'idle');
    source.steps.push(snapshot(['a']));
    const result = await source.refresh();
    assert.deepEqual(states, ['refreshing', 'connected']);
    assert.deepEqual(result.flags.map((f) => f.key), ['a']);
    assert.equal(snapshots.length, 1);
    assert.equal(source.snapshot?.fromCache, false);
    assert.deepEqual(source.status, { state: 'connected', lastSuccess: timers.now() });
    source.dispose();
  });

  it('keeps the last good snapshot and its success time when a refresh fails (offline)', async () => {
    const source = new ScriptedSource({ timers });
    source.steps.push(snapshot(['a']), new FlagLensError('network', 'GET host failed: connection refused.'));
    await source.refresh();
    const successAt = timers.now();
    timers.advance(5000);
    await assert.rejects(source.refresh(), (e: unknown) => FlagLensError.is(e, 'network'));
    assert.deepEqual(source.snapshot?.flags.map((f) => f.key), ['a']);
    assert.equal(source.status.state, 'offline');
    assert.deepEqual((source.status as { lastSuccess?: Date }).lastSuccess, successAt);
    assert.match((source.status as { message: string }).message, /connection refused/);
    source.dispose();
  });

  it('maps 401/403 to authError and invalidConfig/notFound to misconfigured', async () => {
    const source = new ScriptedSource({ timers });
    const expectations: [FlagLensError['reason'], SourceStatus['state']][] = [
      ['unauthorized', 'authError'],
      ['forbidden', 'authError'],
      ['notFound', 'misconfigured'],
      ['invalidConfig', 'misconfigured'],
      ['server', 'offline'],
      ['timeout', 'offline'],
      ['rateLimited', 'offline'],
    ];
    for (const [reason, state] of expectations) {
      source.steps.push(new FlagLensError(reason, `failed: ${reason}`));
      await assert.rejects(source.refresh());
      assert.equal(source.status.state, state, reason);
    }
    source.dispose();
  });

  it('reports unexpected errors from a vendor as parse errors, never as crashes, and scrubs secrets', async () => {
    const logger = capturingLogger();
    const source = new ScriptedSource({ timers, logger, secrets: ['sekrit-token-value'] });
    source.steps.push(new TypeError("Cannot read properties of undefined (reading 'items') sekrit-token-value"));
    await assert.rejects(source.refresh(), (e: unknown) => FlagLensError.is(e, 'parse') && !e.message.includes('sekrit-token-value'));
    assert.ok(logger.lines.every((line) => !line.includes('sekrit-token-value')));
    source.dispose();
  });

  it('shares one in-flight fetch between concurrent refreshes', async () => {
    const source = new ScriptedSource({ timers });
    let release!: (s: FlagSnapshot) => void;
    source.steps.push(() => new Promise<FlagSnapshot>((resolve) => (release = resolve)));
    const first = source.refresh();
    const second = source.refresh();
    await settle();
    release(snapshot(['a']));
    const [a, b] = await Promise.all([first, second]);
    assert.equal(source.fetches, 1);
    assert.equal(a, b);
    source.dispose();
  });

  it('polls with jitter around the interval after success', async () => {
    let random = 0;
    const source = new ScriptedSource({ timers, random: () => random });
    source.steps.push(snapshot(['a']), snapshot(['a', 'b']));
    source.start();
    await settle();
    assert.equal(source.fetches, 1);
    // random 0 → the low edge of ±10 %.
    assert.deepEqual(timers.delays, [54_000]);
    random = 0.999;
    timers.fireNext();
    await settle();
    assert.equal(source.fetches, 2);
    assert.deepEqual(source.snapshot?.flags.map((f) => f.key), ['a', 'b']);
    assert.ok(timers.delays[0]! > 65_000 && timers.delays[0]! <= 66_000, String(timers.delays));
    source.dispose();
  });

  it('backs off exponentially on failure, capped, and resets after a success', async () => {
    const source = new ScriptedSource({ timers, initialBackoffMs: 5_000, maxBackoffMs: 40_000 });
    for (let i = 0; i < 6; i++) source.steps.push(new FlagLensError('server', 'GET host → 503 server error'));
    source.steps.push(snapshot(['a']));
    source.start();
    await settle();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      delays.push(timers.delays[0]!);
      timers.fireNext();
      await settle();
    }
    // random 0.5 → no jitter: 5, 10, 20, 40, 40 (cap), 40 s.
    assert.deepEqual(delays, [5_000, 10_000, 20_000, 40_000, 40_000, 40_000]);
    assert.equal(source.status.state, 'connected');
    assert.deepEqual(timers.delays, [60_000]);
    source.dispose();
  });

  it("never retries before the server's Retry-After, even past the backoff cap", async () => {
    const source = new ScriptedSource({ timers, initialBackoffMs: 5_000, maxBackoffMs: 60_000 });
    source.steps.push(new FlagLensError('rateLimited', 'GET host → 429 Too Many Requests', { retryAfterMs: 90_000 }));
    source.start();
    await settle();
    assert.deepEqual(timers.delays, [90_000]);
    source.dispose();
  });

  it('waits the full cap after an auth error instead of hammering the server', async () => {
    const source = new ScriptedSource({ timers, maxBackoffMs: 300_000 });
    source.steps.push(new FlagLensError('unauthorized', 'GET host → 401 Unauthorized'));
    source.start();
    await settle();
    assert.equal(source.status.state, 'authError');
    assert.deepEqual(timers.delays, [300_000]);
    source.dispose();
  });

  it('reads the cache at start (marked fromCache, with its age as last success) and writes it on success', async () => {
    const cache = new SnapshotCache(tempDir);
    const cached = { ...snapshot(['cached-flag']), fetchedAt: new Date('2026-02-28T12:00:00Z') };
    await cache.write(cached);
    const source = new ScriptedSource({ timers, cache });
    const seen: FlagSnapshot[] = [];
    source.onDidChangeSnapshot((s) => seen.push(s));
    source.steps.push(new FlagLensError('network', 'offline'));
    source.start();
    // The cache is a real file: its read finishes on the thread pool, not within a few ticks.
    await until(() => seen.length > 0 && source.status.state === 'offline');
    assert.equal(seen[0]?.fromCache, true);
    assert.deepEqual(seen[0]?.flags.map((f) => f.key), ['cached-flag']);
    assert.equal(source.status.state, 'offline');
    assert.deepEqual((source.status as { lastSuccess?: Date }).lastSuccess, new Date('2026-02-28T12:00:00Z'));
    assert.equal(source.snapshot?.fromCache, true);

    source.steps.push(snapshot(['fresh-flag']));
    timers.fireNext();
    await settle();
    assert.equal(source.snapshot?.fromCache, false);
    // The write finishes on the thread pool; give it real time rather than a fixed number of ticks.
    let reread = await cache.read('scripted:test');
    for (let i = 0; i < 100 && reread?.flags[0]?.key !== 'fresh-flag'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      reread = await cache.read('scripted:test');
    }
    assert.deepEqual(reread?.flags.map((f) => f.key), ['fresh-flag']);
    assert.equal(reread?.fromCache, true);
    source.dispose();
  });

  it('dispose stops polling and aborts the request in flight', async () => {
    const source = new ScriptedSource({ timers });
    let aborted = false;
    source.steps.push(
      (signal) =>
        new Promise<FlagSnapshot>((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(new FlagLensError('cancelled', 'cancelled'));
          });
        }),
    );
    source.start();
    await settle();
    source.dispose();
    await settle();
    assert.equal(aborted, true);
    assert.deepEqual(timers.delays, []);
    await assert.rejects(source.refresh(), (e: unknown) => FlagLensError.is(e, 'cancelled'));
  });

  it('a caller abort rejects the caller only and restores the previous status', async () => {
    const source = new ScriptedSource({ timers });
    source.steps.push(snapshot(['a']));
    await source.refresh();
    let release!: (s: FlagSnapshot) => void;
    source.steps.push(() => new Promise<FlagSnapshot>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const pending = source.refresh(controller.signal);
    controller.abort();
    await assert.rejects(pending, (e: unknown) => FlagLensError.is(e, 'cancelled'));
    release(snapshot(['a', 'b']));
    await settle();
    assert.equal(source.status.state, 'connected');
    source.dispose();
  });

  describe('toggle', () => {
    const environments = [
      { key: 'development', name: 'Development', protected: false },
      { key: 'staging', name: 'Staging', protected: false },
      { key: 'critical-env', name: 'Critical', protected: true },
      { key: 'prd', name: 'Main', protected: false },
    ];

    it('applies the toggle in a dev environment, then refreshes immediately', async () => {
      const source = new ScriptedSource({ timers });
      source.steps.push(snapshot(['a'], environments), snapshot(['a', 'after-toggle'], environments));
      await source.refresh();
      await source.toggle({ key: 'a', environment: 'development', on: false, comment: 'test' });
      assert.deepEqual(source.toggles.map((t) => [t.key, t.environment, t.on, t.comment]), [['a', 'development', false, 'test']]);
      assert.equal(source.fetches, 2);
      assert.deepEqual(source.snapshot?.flags.map((f) => f.key), ['a', 'after-toggle']);
      source.dispose();
    });

    it('reads again after a poll that was already running when the toggle was applied', async () => {
      const source = new ScriptedSource({ timers });
      source.steps.push(snapshot(['a'], environments));
      await source.refresh();
      let release!: (s: FlagSnapshot) => void;
      source.steps.push(() => new Promise<FlagSnapshot>((resolve) => (release = resolve)), snapshot(['a', 'after-toggle'], environments));
      const poll = source.refresh();
      const toggled = source.toggle({ key: 'a', environment: 'development', on: false });
      await settle();
      release(snapshot(['a', 'stale-read'], environments));
      await Promise.all([poll, toggled]);
      assert.equal(source.fetches, 3);
      assert.deepEqual(source.snapshot?.flags.map((f) => f.key), ['a', 'after-toggle']);
      source.dispose();
    });

    for (const [environment, why] of [
      ['critical-env', /source marks it protected/],
      ['prd', /looks like production/],
      ['staging', /listed in protectedEnvironments/],
    ] as const) {
      it(`refuses '${environment}' without allowProtected (${why.source}) and allows it explicitly`, async () => {
        const source = new ScriptedSource({ timers, protectedEnvironments: ['Staging'] });
        source.steps.push(snapshot(['a'], environments), snapshot(['a'], environments));
        await source.refresh();
        await assert.rejects(source.toggle({ key: 'a', environment, on: true }), (e: unknown) => FlagLensError.is(e, 'protectedEnvironment') && why.test(e.message));
        assert.equal(source.toggles.length, 0);
        await source.toggle({ key: 'a', environment, on: true, allowProtected: true });
        assert.equal(source.toggles.length, 1);
        source.dispose();
      });
    }

    it('fetches first when there is no snapshot yet, so the protected check knows the environments', async () => {
      const source = new ScriptedSource({ timers });
      source.steps.push(snapshot(['a'], environments));
      await assert.rejects(source.toggle({ key: 'a', environment: 'critical-env', on: true }), (e: unknown) => FlagLensError.is(e, 'protectedEnvironment'));
      assert.equal(source.fetches, 1);
      source.dispose();
    });

    it('passes vendor toggle failures through as FlagLensErrors', async () => {
      const source = new ScriptedSource({ timers });
      source.steps.push(snapshot(['a'], environments));
      await source.refresh();
      source.toggleError = new FlagLensError('approvalRequired', 'approvals required');
      await assert.rejects(source.toggle({ key: 'a', environment: 'development', on: true }), (e: unknown) => FlagLensError.is(e, 'approvalRequired'));
      source.dispose();
    });

    it('does not fail a successful toggle when the read-back fails', async () => {
      const source = new ScriptedSource({ timers });
      source.steps.push(snapshot(['a'], environments), new FlagLensError('network', 'down'));
      await source.refresh();
      await source.toggle({ key: 'a', environment: 'development', on: true });
      assert.equal(source.toggles.length, 1);
      assert.equal(source.status.state, 'offline');
      source.dispose();
    });
  });
});

describe('sources/isProductionLike and protectionReason', () => {
  it('recognizes production-like names', () => {
    for (const name of ['production', 'Production', 'prod', 'PRD', 'live', 'prod-eu', 'eu_production', 'ProdUS', 'production2', 'us-east-prod']) {
      assert.equal(isProductionLike(name), true, name);
    }
  });

  it('does not flag development-like names', () => {
    for (const name of ['development', 'dev', 'staging', 'test', 'preprod', 'pre-prod', 'non-prod', 'delivery', 'product-team', 'deliverylive', 'qa']) {
      assert.equal(isProductionLike(name), false, name);
    }
  });

  it('combines vendor protection, the configured list and names', () => {
    assert.equal(protectionReason('dev', { key: 'dev', name: 'Dev', protected: true }, []), 'the flag source marks it protected');
    assert.equal(protectionReason('dev', { key: 'dev', name: 'Dev', protected: true, protectedBecause: 'LaunchDarkly marks it critical' }, []), 'LaunchDarkly marks it critical');
    assert.equal(protectionReason('dev', undefined, ['DEV']), "'dev' is listed in protectedEnvironments");
    assert.equal(protectionReason('env-1', { key: 'env-1', name: 'Production EU', protected: false }, []), "its name 'Production EU' looks like production");
    assert.equal(protectionReason('dev', { key: 'dev', name: 'Development', protected: false }, ['production']), undefined);
  });
});
