import assert from 'node:assert/strict';
import { deadBranchMessage, diagnosticMessageLimit, dynamicKeyMessage, sourceProblemMessage, staleMessage, unknownKeyMessage } from '../../../src/core/catalog/present/diagnosticText';
import { quoted } from '../../../src/core/catalog/present/plainText';

/** Every quote a message opens, it closes: counted per kind, outside words like "it's" the messages never use. */
function balanced(message: string): boolean {
  return (message.match(/'/g) ?? []).length % 2 === 0 && (message.match(/"/g) ?? []).length % 2 === 0;
}

describe('Problems panel messages', () => {
  it('the dynamic-key message is one short sentence with the reason, and never names Flag Lens (that is the source column)', () => {
    const message = dynamicKeyMessage("key comes from parameter 'experiment' of 'isInExperiment'");
    assert.equal(message, "Flag key only known at run time: key comes from parameter 'experiment' of 'isInExperiment'.");
    assert.doesNotMatch(message, /Flag Lens/);
    assert.ok(balanced(message));
    assert.equal(dynamicKeyMessage('template literal with substitutions'), 'Flag key only known at run time: template literal with substitutions.');
    assert.equal(dynamicKeyMessage('no key given.'), 'Flag key only known at run time: no key given.', 'one full stop');
  });

  it('every message fits one Problems row, cut with an ellipsis', () => {
    const long = dynamicKeyMessage(`key computed by a call: '${'x'.repeat(500)}'`);
    assert.equal(long.length, diagnosticMessageLimit);
    assert.ok(long.endsWith('…'));
    assert.ok(staleMessage('released', `'k' is released: ${'every environment '.repeat(40)}`).length <= diagnosticMessageLimit);
  });

  it('keys are quoted so quotes stay balanced whatever the key holds', () => {
    assert.equal(unknownKeyMessage('new-chekout', 'new-checkout'), "Unknown flag key 'new-chekout': no configured source defines it. Did you mean 'new-checkout'?");
    assert.equal(unknownKeyMessage("it's", undefined), `Unknown flag key "it's": no configured source defines it.`);
    assert.equal(quoted(`a'b"c`), JSON.stringify(`a'b"c`));
    for (const key of ["it's", 'say "hi"', `both ' and "`, 'new\nline', 'x'.repeat(300)]) {
      const message = unknownKeyMessage(key, undefined);
      const shown = quoted(key, 60);
      assert.ok(message.includes(shown), message);
      // The quote that opens the key closes it, and does not occur unescaped in between.
      const mark = shown[0]!;
      assert.ok(mark === "'" || mark === '"', shown);
      assert.ok(shown.endsWith(mark) && !shown.slice(1, -1).replace(/\\./g, '').includes(mark), shown);
      assert.ok(!message.includes('\n'), message);
      assert.ok(message.length < 160, message);
    }
    assert.equal(deadBranchMessage('k', true), "Never runs once 'k' is cleaned up: the source serves true for good.");
  });

  it('a stale flag says its kind once and the rule message once (which names the flag); a hint is not called stale', () => {
    assert.equal(staleMessage('released', "'k' is released: every environment serves true to everyone, unchanged for at least 30 days"), "Stale (released): 'k' is released: every environment serves true to everyone, unchanged for at least 30 days.");
    assert.equal(staleMessage('singleReference', "'k' is referenced in exactly one place", true), "'k' is referenced in exactly one place.");
  });

  it('a flag file problem says the last good state is kept, without naming Flag Lens', () => {
    assert.equal(sourceProblemMessage('Invalid JSON: comma expected.', 'error'), 'Invalid JSON: comma expected. The last good state is kept until this is fixed.');
    assert.equal(sourceProblemMessage('Flag x refers to evaluator y, which $evaluators does not define.', 'warning'), 'Flag x refers to evaluator y, which $evaluators does not define.');
  });
});
