// Pure mapping cases the real server makes awkward to set up (legacy strategies, overlapping
// rollouts, long lists); the server-backed cases are in unleashSource.test.ts.
import { strict as assert } from 'node:assert';
import { normalizeBaseUrl } from '../../../src/core/sources/unleash/unleashClient';
import { mapWithConcurrency } from '../../../src/core/util/mapWithConcurrency';
import { ChangeHistory } from '../../../src/core/sources/unleash/unleashHistory';
import { servingFromStrategies } from '../../../src/core/sources/unleash/unleashServing';

describe('Unleash strategy → serving', () => {
  it('serves on for an enabled environment without strategies, or with default / 100 % rollouts', () => {
    assert.deepEqual(servingFromStrategies([]), { type: 'variation', variation: 'on' });
    assert.deepEqual(servingFromStrategies([{ name: 'default' }]), { type: 'variation', variation: 'on' });
    assert.deepEqual(servingFromStrategies([{ name: 'flexibleRollout', parameters: { rollout: '100' } }]), { type: 'variation', variation: 'on' });
  });

  it('makes one partial rollout a split and a 0 % rollout off', () => {
    assert.deepEqual(servingFromStrategies([{ name: 'flexibleRollout', parameters: { rollout: '12.5' } }]), {
      type: 'split',
      split: [
        { variation: 'on', percent: 12.5 },
        { variation: 'off', percent: 87.5 },
      ],
    });
    assert.deepEqual(servingFromStrategies([{ name: 'gradualRolloutUserId', parameters: { percentage: 40 } }]), {
      type: 'split',
      split: [
        { variation: 'on', percent: 40 },
        { variation: 'off', percent: 60 },
      ],
    });
    assert.deepEqual(servingFromStrategies([{ name: 'flexibleRollout', parameters: { rollout: '0' } }]), { type: 'variation', variation: 'off' });
  });

  it('lets an unconditional 100 % strategy win over rules (strategies are OR-ed)', () => {
    const serving = servingFromStrategies([
      { name: 'default', constraints: [{ contextName: 'userId', operator: 'IN', values: ['a'] }] },
      { name: 'default' },
    ]);
    assert.deepEqual(serving, { type: 'variation', variation: 'on' });
  });

  it('keeps a single partial rollout as the fallthrough of conditional rules', () => {
    const serving = servingFromStrategies([
      { name: 'userWithId', parameters: { userIds: 'u1,u2,u3,u4,u5' } },
      { name: 'flexibleRollout', parameters: { rollout: '10' } },
    ]);
    assert.deepEqual(serving, {
      type: 'rules',
      count: 1,
      summary: 'users u1, u2, u3 +2',
      fallthrough: {
        type: 'split',
        split: [
          { variation: 'on', percent: 10 },
          { variation: 'off', percent: 90 },
        ],
      },
    });
  });

  it('describes overlapping partial rollouts instead of adding them up', () => {
    const serving = servingFromStrategies([
      { name: 'flexibleRollout', parameters: { rollout: '30', stickiness: 'sessionId' } },
      { name: 'flexibleRollout', parameters: { rollout: '50' } },
    ]);
    assert.equal(serving.type, 'rules');
    if (serving.type === 'rules') {
      assert.equal(serving.count, 2);
      assert.equal(serving.summary, '30% by sessionId; 50%');
      assert.deepEqual(serving.fallthrough, { type: 'variation', variation: 'off' });
    }
  });

  it('ignores disabled strategies entirely', () => {
    const serving = servingFromStrategies([
      { name: 'default', disabled: true },
      { name: 'flexibleRollout', parameters: { rollout: '20' } },
    ]);
    assert.equal(serving.type, 'split');
  });

  it('summarizes inverted constraints, segments, titles, variants and custom strategies', () => {
    const serving = servingFromStrategies(
      [
        {
          name: 'flexibleRollout',
          title: 'Beta',
          parameters: { rollout: '100' },
          constraints: [{ contextName: 'country', operator: 'IN', values: ['NO', 'SE', 'DK', 'FI'], inverted: true }],
          segments: [7],
          variants: [{ name: 'blue' }, { name: 'green' }],
        },
        { name: 'myCustomStrategy', parameters: { tier: 'gold' } },
      ],
      new Map([[7, 'internal']]),
    );
    assert.equal(serving.type, 'rules');
    if (serving.type === 'rules') {
      assert.equal(serving.count, 2);
      assert.equal(serving.summary, 'Beta: segment internal and country NOT IN NO, SE, DK +1 → on (variants blue/green); myCustomStrategy(tier=gold)');
    }
  });
});

describe('Unleash helpers', () => {
  it('accepts the UI or API URL people paste', () => {
    assert.equal(normalizeBaseUrl('https://unleash.example.com/'), 'https://unleash.example.com');
    assert.equal(normalizeBaseUrl('https://unleash.example.com/api/'), 'https://unleash.example.com');
    assert.equal(normalizeBaseUrl('https://example.com/unleash/api/admin'), 'https://example.com/unleash');
  });

  it('never has more than the limit in flight and keeps input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapWithConcurrency(Array.from({ length: 20 }, (_, i) => i), 6, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5 + (n % 3) * 5));
      inFlight--;
      return n * 2;
    });
    assert.equal(peak, 6);
    assert.deepEqual(results, Array.from({ length: 20 }, (_, i) => i * 2));
  });

  it('stops starting work after the first failure and rethrows it', async () => {
    let started = 0;
    await assert.rejects(
      mapWithConcurrency(Array.from({ length: 50 }, (_, i) => i), 2, async (n) => {
        started++;
        await new Promise((resolve) => setTimeout(resolve, 2));
        if (n === 3) throw new Error('boom');
        return n;
      }),
      /boom/,
    );
    assert.ok(started < 10, `started ${started}`);
  });
});

describe('Unleash change history', () => {
  const event = (id: number, createdAt: string, featureName: string | null, environment: string | null) => ({ id, type: 'x', createdAt, featureName, environment });
  const events = [
    event(4, '2026-11-20T00:00:00Z', 'a', 'development'),
    event(3, '2026-11-10T00:00:00Z', 'a', 'production'),
    event(2, '2026-11-05T00:00:00Z', 'a', null),
    event(1, '2026-11-01T00:00:00Z', 'b', 'development'),
  ];

  it('takes the newest event per flag and environment', () => {
    const history = new ChangeHistory(events, true);
    assert.equal(history.lastChange('a', 'development', undefined)?.toISOString(), '2026-11-20T00:00:00.000Z');
    assert.equal(history.lastChange('a', 'production', undefined)?.toISOString(), '2026-11-10T00:00:00.000Z');
    assert.equal(history.lastChange('a', undefined, undefined)?.toISOString(), '2026-11-20T00:00:00.000Z');
  });

  it('uses the creation date when the complete log has no change', () => {
    const history = new ChangeHistory(events, true);
    assert.equal(history.lastChange('b', 'production', new Date('2026-10-01T00:00:00Z'))?.toISOString(), '2026-10-01T00:00:00.000Z');
  });

  it('never claims more age than a truncated window shows', () => {
    const history = new ChangeHistory(events, false);
    // Created long before the window: all we know is "unchanged since at least the oldest event".
    assert.equal(history.lastChange('c', 'development', new Date('2025-01-01T00:00:00Z'))?.toISOString(), '2026-11-01T00:00:00.000Z');
    // Created inside the window with no event since: creation is the last change.
    assert.equal(history.lastChange('c', 'development', new Date('2026-11-15T00:00:00Z'))?.toISOString(), '2026-11-15T00:00:00.000Z');
    assert.equal(ChangeHistory.empty().lastChange('a', 'development', new Date()), undefined);
  });
});
