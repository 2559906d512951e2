import * as assert from 'node:assert/strict';
import { keyCallees, keyPositionAt } from '../../../src/core/references/keyPosition';

describe('reliability: completion context on a hostile line of source', () => {
  it('a long run of letters and spaces before a call takes no time (no regex backtracking)', () => {
    const callees = keyCallees([]);
    const line = `f(${'a'.repeat(3_000)}${' '.repeat(3_000)}!('x`;
    const started = Date.now();
    assert.equal(keyPositionAt(line, callees), undefined);
    assert.ok(Date.now() - started < 500, `took ${Date.now() - started} ms`);
  });

  it('still finds the callee through spaces and type arguments', () => {
    const callees = keyCallees([]);
    assert.deepEqual(keyPositionAt("client.getBooleanValue  ('new-ch", callees), { callee: 'getBooleanValue', typed: 'new-ch', quote: "'" });
    assert.deepEqual(keyPositionAt('useFlag<boolean> ("dark', callees), { callee: 'useFlag', typed: 'dark', quote: '"' });
    assert.equal(keyPositionAt("notAFlagCall('x", callees), undefined);
  });
});
