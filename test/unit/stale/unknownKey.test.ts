import { strict as assert } from 'node:assert';
import { analyzeStaleFlags } from '../../../src/core/stale/detectStaleFlags';
import { closestKey, collapseKey, editDistance } from '../../../src/core/stale/rules/closestKey';
import { booleanFlag, definition, environment, now, reference } from './builders';

const defined = (key: string, overrides = {}) => definition(booleanFlag(key, overrides, [environment('production', { protected: true, lastModified: undefined })]));

describe('stale: unknown key', () => {
  it('suggests the defined key for case and separator variants', () => {
    for (const typo of ['newCheckout', 'new_checkout', 'NEW-CHECKOUT', 'new.checkout']) {
      const result = analyzeStaleFlags({ definitions: [defined('new-checkout'), defined('new-search')], references: [reference(typo)], now });
      const finding = result.findings.find((f) => f.kind === 'unknownKey');
      assert.equal(finding?.suggestion, 'new-checkout', typo);
      assert.equal(finding.key, typo);
      assert.equal(finding.severity, 'warning');
      assert.match(finding.message, /did you mean 'new-checkout'\?/);
    }
  });

  it('suggests the nearest key for a typo and reports every place it is used', () => {
    const result = analyzeStaleFlags({
      definitions: [defined('new-checkout'), defined('dark-mode')],
      references: [reference('new-chekout'), reference('new-chekout', { file: '/work/project/src/cart.tsx', keySpan: { start: 0, end: 1, startLine: 11, startCharacter: 0, endLine: 11, endCharacter: 1 } })],
      now,
    });
    const finding = result.findings.find((f) => f.kind === 'unknownKey')!;
    assert.equal(finding.suggestion, 'new-checkout');
    assert.equal(finding.evidence[0], 'referenced 2 times: checkout.ts:5, cart.tsx:12');
  });

  it('offers no suggestion when nothing is close', () => {
    const result = analyzeStaleFlags({ definitions: [defined('new-checkout')], references: [reference('pricing-v2')], now });
    const finding = result.findings.find((f) => f.kind === 'unknownKey')!;
    assert.equal('suggestion' in finding, false);
    assert.match(finding.action, /^Fix the key or create 'pricing-v2'/);
  });

  it('reports no unknown key without any source, and says the check did not run', () => {
    const result = analyzeStaleFlags({ definitions: [], references: [reference('anything')], now });
    assert.deepEqual(result.findings.map((f) => [f.kind, f.severity]), [['singleReference', 'hint']]);
    assert.deepEqual(result.notChecked, ['removed', 'released', 'markedStale', 'inactive', 'unknownKey', 'unused']);
  });

  it('reports unknown keys against a loaded source with no flags', () => {
    const result = analyzeStaleFlags({ definitions: [], references: [reference('anything')], now, sourceIds: ['flagd:flags.json'] });
    assert.deepEqual(result.findings.map((f) => f.kind), ['unknownKey']);
    assert.deepEqual(result.notChecked, []);
  });

  it('knows keys from every source, and never suggests an archived key', () => {
    const result = analyzeStaleFlags({
      definitions: [defined('from-ld'), { ...defined('from-unleash'), sourceId: 'unleash:default' }, defined('old-checkout', { archived: true })],
      references: [reference('from-ld'), reference('from-unleash'), reference('old_checkout_')],
      now,
    });
    const unknown = result.findings.filter((f) => f.kind === 'unknownKey');
    assert.deepEqual(unknown.map((f) => f.key), ['old_checkout_']);
    assert.equal('suggestion' in unknown[0]!, false);
  });
});

describe('stale: closestKey', () => {
  it('collapses case and separators', () => {
    assert.equal(collapseKey('NEW-Checkout_flow.v2'), 'newcheckoutflowv2');
  });

  it('computes edit distance and stops early past the limit', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('kitten', 'sitting', 1), 2);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('prefers the exact variant over a nearer raw spelling, then the raw distance, then the alphabet', () => {
    assert.equal(closestKey('darkMode', ['dark-mod', 'dark-mode']), 'dark-mode');
    assert.equal(closestKey('flag-c', ['flag-b', 'flag-a']), 'flag-a');
    assert.equal(closestKey('abc', ['xyz']), undefined);
    assert.equal(closestKey('same', ['same']), undefined);
  });
});
