import * as assert from 'node:assert/strict';
import { keyCallees, keyPositionAt } from '../../../src/core/references/keyPosition';

describe('references: completion position inside object arguments (keyProperty)', () => {
  const callees = keyCallees([
    { function: 'isEnabled', keyArg: 0, keyProperty: 'flag', transform: 'none' },
    { method: 'getFlag', receiver: 'featureFlags', keyArg: 0, keyProperty: 'key', transform: 'none' },
    { function: 'evaluate', keyArg: 1, keyProperty: 'options.flag', transform: 'none' },
  ]);

  it('offers keys in the key property of the argument, nested paths included, after other properties', () => {
    assert.deepEqual(keyPositionAt("if (isEnabled({ flag: 'new-ch", callees), { callee: 'isEnabled', typed: 'new-ch', quote: "'" });
    assert.deepEqual(keyPositionAt("isEnabled({ user: { id: 'u' }, flag: \"", callees), { callee: 'isEnabled', typed: '', quote: '"' });
    assert.deepEqual(keyPositionAt("await this.featureFlags.getFlag({ environmentId, 'key': `be", callees), { callee: 'getFlag', typed: 'be', quote: '`' });
    assert.deepEqual(keyPositionAt("evaluate(ctx, { options: { flag: 'x", callees), { callee: 'evaluate', typed: 'x', quote: "'" });
  });

  it('not in other properties, other arguments, a partial path, a value built around the object, or a plain string where an object is expected', () => {
    assert.equal(keyPositionAt("isEnabled({ user: '", callees), undefined, 'another property');
    assert.equal(keyPositionAt("isEnabled({ flag: 'a' + '", callees), undefined, 'a second string in the value');
    assert.equal(keyPositionAt("evaluate({ options: { flag: '", callees), undefined, 'wrong argument');
    assert.equal(keyPositionAt("evaluate(ctx, { flag: '", callees), undefined, 'path cut short');
    assert.equal(keyPositionAt("evaluate(ctx, { other: { flag: '", callees), undefined, 'wrong outer property');
    assert.equal(keyPositionAt("isEnabled(merge({ flag: '", callees), undefined, 'object inside another call');
    assert.equal(keyPositionAt("isEnabled(x || { flag: '", callees), undefined, 'object inside an expression');
    assert.equal(keyPositionAt("getFlag('", callees), undefined, 'a keyProperty pattern does not take the key as the argument itself');
  });

  it('an SDK method name shared with a keyProperty pattern keeps its own key argument', () => {
    assert.deepEqual(keyPositionAt("unleash.isEnabled('new", callees), { callee: 'isEnabled', typed: 'new', quote: "'" });
  });
});
