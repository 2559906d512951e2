import { strict as assert } from 'node:assert';
import { analyzeStaleFlags } from '../../../src/core/stale/detectStaleFlags';
import type { FlagReference } from '../../../src/core/references/model';
import { booleanFlag, definition, environment, now, reference } from './builders';

const at = (file: string, line: number) => ({ file: `/work/project/src/${file}`, keySpan: { start: 0, end: 1, startLine: line, startCharacter: 4, endLine: line, endCharacter: 9 } });
const uses = (key: string, count: number, file = 'a.ts'): FlagReference[] => Array.from({ length: count }, (_, i) => reference(key, at(file, i)));
const similar = (references: FlagReference[], extra: Partial<Parameters<typeof analyzeStaleFlags>[0]> = {}) =>
  analyzeStaleFlags({ definitions: [], references, now, ...extra }).findings.filter((f) => f.kind === 'similarKeys');

describe('stale hints: similar keys', () => {
  it('reports each less used spelling as a hint suggesting the most used one', () => {
    const findings = similar([...uses('new-checkout', 3), ...uses('newCheckout', 1, 'cart.tsx'), ...uses('NEW_CHECKOUT', 1, 'admin.ts'), ...uses('dark-mode', 2)]);
    assert.deepEqual(
      findings.map((f) => [f.key, f.severity, f.suggestion]),
      [
        ['NEW_CHECKOUT', 'hint', 'new-checkout'],
        ['newCheckout', 'hint', 'new-checkout'],
      ],
    );
    const typo = findings.find((f) => f.key === 'newCheckout')!;
    assert.equal(typo.message, "'newCheckout' differs from the more used 'new-checkout' only by case or separators: likely a typo");
    assert.equal(typo.evidence[0], 'spellings in code: new-checkout (3 references), NEW_CHECKOUT (1 reference), newCheckout (1 reference)');
    assert.equal(typo.evidence[1], "'newCheckout' is referenced at cart.tsx:1");
    assert.match(typo.action, /^Use 'new-checkout', the most used spelling/);
  });

  it('does not call either spelling the typo when they are used equally', () => {
    const [finding, ...rest] = similar([...uses('new_checkout', 1), ...uses('new-checkout', 1, 'b.ts')]);
    assert.equal(rest.length, 0);
    // Code-unit order decides which one is suggested ('-' before '_'), and the wording says it is a pick.
    assert.equal(finding!.key, 'new_checkout');
    assert.equal(finding!.suggestion, 'new-checkout');
    assert.match(finding!.message, /likely one flag spelt two ways$/);
    assert.match(finding!.action, /^Pick one spelling/);
  });

  it('prefers the spelling used in more files when the counts tie', () => {
    const [finding] = similar([...uses('beta_search', 2), reference('betaSearch', at('a.ts', 5)), reference('betaSearch', at('b.ts', 5))]);
    assert.equal(finding!.key, 'beta_search');
    assert.equal(finding!.suggestion, 'betaSearch');
  });

  it("ignores a spelling only LaunchDarkly's useFlags() gives (the index's kebab-case guess)", () => {
    const guessed = reference('new-checkout', { ...at('page.tsx', 3), pattern: 'launchdarkly.react.useFlags', via: 'property', kind: 'unknown' });
    assert.deepEqual(similar([guessed, ...uses('new_checkout', 2)]), []);
    // A spelling the code chose still counts, whatever else reads it through useFlags().
    assert.equal(similar([guessed, ...uses('new-checkout', 1), ...uses('new_checkout', 2)]).length, 1);
  });

  it('leaves keys with different words alone', () => {
    assert.deepEqual(similar([...uses('new-checkout', 2), ...uses('new-checkouts', 1), ...uses('checkout-new', 1)]), []);
  });

  it('with a source, leaves groups a source defines to unknownKey and still reports groups no source defines', () => {
    const defined = definition(booleanFlag('dark-mode', {}, [environment('production', { protected: true })]));
    const result = analyzeStaleFlags({
      definitions: [defined],
      references: [...uses('dark-mode', 2), ...uses('darkMode', 1), ...uses('beta-search', 2), ...uses('betaSearch', 1)],
      now,
    });
    const kinds = result.findings.map((f) => [f.kind, f.key, f.suggestion]);
    assert.ok(kinds.some(([kind, key, suggestion]) => kind === 'unknownKey' && key === 'darkMode' && suggestion === 'dark-mode'));
    assert.deepEqual(
      result.findings.filter((f) => f.kind === 'similarKeys').map((f) => [f.key, f.suggestion]),
      [['betaSearch', 'beta-search']],
    );
  });
});
