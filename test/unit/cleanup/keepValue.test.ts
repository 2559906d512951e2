import * as assert from 'node:assert/strict';
import { nestsDeeperThan, parseKeepValue, resolveKeepValue, type KeepTarget } from '../../../src/core/cleanup/knownValue';
import { FlagLensError } from '../../../src/core/errors';

const target = (overrides: Partial<KeepTarget>): KeepTarget => ({ key: 'k', kinds: [], variations: [], referenceKinds: [], ...overrides });
const usage = (error: unknown) => FlagLensError.is(error, 'usage');

describe('cleanup: --keep values', () => {
  it('boolean flags take on/off words only', () => {
    const flag = target({ kinds: ['boolean'], variations: [true, false] });
    assert.equal(resolveKeepValue(' Disabled ', flag), false);
    assert.equal(resolveKeepValue('"TRUE"', flag), true);
    assert.throws(() => resolveKeepValue('2', flag), usage);
  });

  it('Unleash flags (boolean with variants) take a variant or an on/off word', () => {
    const flag = target({ kinds: ['boolean'], variations: [true, false, 'green', 'blue'] });
    assert.equal(resolveKeepValue('green', flag), 'green');
    assert.equal(resolveKeepValue('off', flag), false);
    assert.throws(() => resolveKeepValue('purple', flag), usage);
  });

  it('number and JSON flags match their variations by value; strings stay strings', () => {
    assert.equal(resolveKeepValue('25.0', target({ kinds: ['number'], variations: [10, 25] })), 25);
    assert.deepEqual(resolveKeepValue('{ "a": [1] }', target({ kinds: ['json'], variations: [{ a: [1] }, {}] })), { a: [1] });
    assert.equal(resolveKeepValue('25', target({ kinds: ['string'], variations: ['25', '30'] })), '25');
    assert.equal(resolveKeepValue('"on"', target({ kinds: ['string'] })), 'on');
    assert.throws(() => resolveKeepValue('many', target({ kinds: ['number'] })), usage);
  });

  it('without a definition, boolean evaluations decide; otherwise the text is read as written', () => {
    assert.equal(resolveKeepValue('no', target({ referenceKinds: ['boolean', 'unknown'] })), false);
    assert.equal(resolveKeepValue('no', target({ referenceKinds: ['string'] })), 'no');
    // Nothing typed: "off" could be the boolean or a variation named off, so it is refused.
    assert.throws(() => resolveKeepValue('off', target({ referenceKinds: ['unknown'] })), usage);
    assert.equal(resolveKeepValue('false', target({ referenceKinds: ['unknown'] })), false);
    assert.deepEqual(parseKeepValue('[1, {"a": null}]'), [1, { a: null }]);
  });

  it('measures nesting without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.equal(nestsDeeperThan(deep), true);
    assert.equal(nestsDeeperThan({ a: [1, { b: 2 }] }), false);
    assert.throws(() => parseKeepValue(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`), usage);
  });
});
