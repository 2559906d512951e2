import { strict as assert } from 'node:assert';
import { analyzeStaleFlags } from '../../../src/core/stale/detectStaleFlags';
import type { FlagReference } from '../../../src/core/references/model';
import { booleanFlag, definition, environment, now, reference } from './builders';

const at = (line: number, file = 'a.ts') => ({ file: `/work/project/src/${file}`, keySpan: { start: 0, end: 1, startLine: line, startCharacter: 4, endLine: line, endCharacter: 9 } });
const uses = (key: string, count: number): FlagReference[] => Array.from({ length: count }, (_, i) => reference(key, at(i)));
const once = (references: FlagReference[], extra: Partial<Parameters<typeof analyzeStaleFlags>[0]> = {}) =>
  analyzeStaleFlags({ definitions: [], references, now, ...extra }).findings.filter((f) => f.kind === 'singleReference');

describe('stale hints: referenced once', () => {
  it('reports a key used in exactly one place, without a source', () => {
    const findings = once([...uses('busy', 2), reference('legacy-banner', { ...at(40, 'Home.tsx'), via: 'wrapper', pattern: 'unleash.react.useFlag' })]);
    assert.deepEqual(findings.map((f) => [f.key, f.severity]), [['legacy-banner', 'hint']]);
    const [finding] = findings;
    assert.equal(finding!.message, "'legacy-banner' is referenced in exactly one place");
    assert.equal(finding!.evidence[0], 'referenced once: Home.tsx:41 (unleash.react.useFlag, through a wrapper)');
    assert.match(finding!.action, /flaglens cleanup legacy-banner --keep <value>/);
    assert.equal('suggestion' in finding!, false);
  });

  it('names a near key used more often as the likely intended one', () => {
    const [finding] = once([...uses('new-checkout', 3), reference('new-chekout', at(9))]);
    assert.equal(finding!.suggestion, 'new-checkout');
    assert.equal(finding!.message, "'new-chekout' is referenced in exactly one place — a typo of 'new-checkout'?");
    assert.ok(finding!.evidence.includes("'new-checkout' is referenced 3 times"));
  });

  it('does not call a version a typo, nor suggest a key that is itself used once', () => {
    const findings = once([...uses('checkout-v2', 3), reference('checkout-v1', at(9)), reference('dark-mode', at(10)), reference('dark-mod', at(11))]);
    assert.deepEqual(findings.map((f) => [f.key, f.suggestion]), [['checkout-v1', undefined], ['dark-mod', undefined], ['dark-mode', undefined]]);
  });

  it('leaves keys a similar-keys hint explains', () => {
    const result = analyzeStaleFlags({ definitions: [], references: [reference('newCheckout', at(1)), reference('new-checkout', at(2))], now });
    assert.deepEqual(result.findings.map((f) => f.kind), ['similarKeys']);
  });

  it('is silent when a source has loaded, even one with no flags', () => {
    assert.deepEqual(once([reference('lonely')], { sourceIds: ['flagd:flags.json'] }), []);
    const defined = definition(booleanFlag('lonely', {}, [environment('production', { protected: true })]));
    assert.deepEqual(once([reference('lonely')], { definitions: [defined] }), []);
  });
});
