import * as assert from 'node:assert/strict';
import { describeCondition, fractionalSplit, summarizeTargeting } from '../../../../src/core/sources/flagd/summarizeTargeting';

describe('flagd/summarizeTargeting', () => {
  it('serves the default variant without targeting or with an empty object', () => {
    assert.deepEqual(summarizeTargeting(undefined, 'off', ['on', 'off']).serving, { type: 'variation', variation: 'off' });
    assert.deepEqual(summarizeTargeting({}, 'on', ['on', 'off']).serving, { type: 'variation', variation: 'on' });
  });

  it('normalizes relative weights to percents that sum to exactly 100', () => {
    assert.deepEqual(fractionalSplit([['on', 1], ['off', 3]]), [{ variation: 'on', percent: 25 }, { variation: 'off', percent: 75 }]);
    const thirds = fractionalSplit([['a'], ['b'], ['c']])!;
    assert.deepEqual(thirds.map((p) => p.percent), [33.333, 33.333, 33.334]);
    assert.equal(thirds.reduce((sum, p) => sum + p.percent, 0).toFixed(3), '100.000');
    // A bucketing expression first, then buckets; a zero weight stays listed at 0 %.
    assert.deepEqual(fractionalSplit([{ var: 'email' }, ['on', 0], ['off', 10]]), [{ variation: 'on', percent: 0 }, { variation: 'off', percent: 100 }]);
    assert.equal(fractionalSplit([{ var: 'email' }]), undefined);
  });

  it('names a null bucket after the default variant and merges it with an explicit one', () => {
    assert.deepEqual(summarizeTargeting({ fractional: [[null, 1], ['off', 1], ['on', 2]] }, 'off', ['on', 'off']).serving, {
      type: 'split',
      split: [{ variation: 'off', percent: 50 }, { variation: 'on', percent: 50 }],
    });
  });

  it('collapses a split with a single bucket to that variation', () => {
    assert.deepEqual(summarizeTargeting({ fractional: [['on', 5]] }, 'off', ['on', 'off']).serving, { type: 'variation', variation: 'on' });
  });

  it('describes conditions in words', () => {
    assert.equal(describeCondition({ in: [{ var: 'country' }, ['DE', 'AT']] }), 'country in DE, AT');
    assert.equal(describeCondition({ in: ['@acme.com', { var: 'email' }] }), 'email contains @acme.com');
    assert.equal(describeCondition({ starts_with: [{ var: 'plan' }, 'pro'] }), 'plan starts_with pro');
    assert.equal(describeCondition({ sem_ver: [{ var: 'version' }, '^', '1.2.0'] }), 'version ^1.2.0');
    assert.equal(describeCondition({ and: [{ '==': [{ var: 'tier' }, 'gold'] }, { or: [{ '>': [{ var: 'age' }, 18] }, { '!': { var: 'minor' } }] }] }), 'tier == gold and (age > 18 or not minor)');
    assert.equal(describeCondition({ '<': [1, { var: 'n' }, 10] }), '1 < n < 10');
    assert.equal(describeCondition({ custom_op: [1] }), '{"custom_op":[1]}');
  });

  it('counts every condition, including nested chains, and finds the fallthrough', () => {
    const targeting = { if: [{ '==': [{ var: 'a' }, 1] }, { if: [{ '==': [{ var: 'b' }, 2] }, 'x', 'y'] }, { '==': [{ var: 'c' }, 3] }, 'z'] };
    const { serving } = summarizeTargeting(targeting, 'y', ['x', 'y', 'z']);
    assert.equal(serving.type, 'rules');
    if (serving.type !== 'rules') return;
    assert.equal(serving.count, 3);
    assert.equal(serving.summary, 'a == 1 → (b == 2 → x; else y); c == 3 → z; else y');
    // An `if` without else falls back to the default variant.
    assert.deepEqual(serving.fallthrough, { type: 'variation', variation: 'y' });
  });

  it('reports variants the targeting can return that the flag lacks', () => {
    const result = summarizeTargeting({ if: [{ var: 'beta' }, 'bta', { fractional: [['on', 1], ['of', 1]] }] }, 'off', ['on', 'off']);
    assert.deepEqual(result.unknownVariants.sort(), ['bta', 'of']);
  });

  it('summarizes targeting that computes the variant and keeps summaries short', () => {
    const computed = summarizeTargeting({ var: 'variantName' }, 'a', ['a', 'b']).serving;
    assert.deepEqual(computed, { type: 'rules', count: 1, summary: 'variant from variantName' });
    const many = { if: [...Array.from({ length: 40 }, (_, i): unknown => (i % 2 === 0 ? { '==': [{ var: 'userId' }, `user-number-${i}`] } : 'on')), 'off'] };
    const long = summarizeTargeting(many, 'off', ['on', 'off']).serving;
    assert.equal(long.type, 'rules');
    if (long.type === 'rules') {
      assert.equal(long.count, 20);
      assert.ok(long.summary.length <= 240 && long.summary.endsWith('…'), long.summary);
    }
  });
});
