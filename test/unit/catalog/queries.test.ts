import assert from 'node:assert/strict';
import { closestKey } from '../../../src/core/stale/rules/closestKey';
import { keyCallees, keyPositionAt } from '../../../src/core/references/keyPosition';
import { environmentProtection, toggleTarget } from '../../../src/core/sources/protection';
import type { CatalogDefinition } from '../../../src/core/catalog/model';

describe('catalog: did-you-mean', () => {
  it('finds the intended key', () => {
    const keys = ['new-checkout', 'dark-mode', 'search-v2'];
    assert.equal(closestKey('new-chekout', keys), 'new-checkout');
    assert.equal(closestKey('newCheckout', keys), 'new-checkout', 'case and separators');
    assert.equal(closestKey('dark_mode', keys), 'dark-mode');
    assert.equal(closestKey('totally-else', keys), undefined);
    assert.equal(closestKey('new-checkout', keys), undefined, 'never suggests the key itself');
  });
});

describe('catalog: completion key positions', () => {
  const callees = keyCallees([
    { function: 'useUiFlag', keyArg: 0, transform: 'none' },
    { method: 'check', keyArg: 1, transform: 'none' },
  ]);

  it('recognizes the key argument of SDK calls and custom patterns', () => {
    assert.deepEqual(keyPositionAt("const on = await client.getBooleanValue('new-ch", callees), { callee: 'getBooleanValue', typed: 'new-ch', quote: "'" });
    assert.deepEqual(keyPositionAt('ldClient.variation("', callees), { callee: 'variation', typed: '', quote: '"' });
    assert.deepEqual(keyPositionAt('const x = useUiFlag(`dark', callees), { callee: 'useUiFlag', typed: 'dark', quote: '`' });
    assert.deepEqual(keyPositionAt("gate.check(user, 'be", callees), { callee: 'check', typed: 'be', quote: "'" });
    assert.deepEqual(keyPositionAt("useBooleanFlagValue<boolean>('x", callees)?.callee, 'useBooleanFlagValue');
  });

  it('stays quiet elsewhere', () => {
    assert.equal(keyPositionAt("client.getBooleanValue('new-checkout', false", callees), undefined, 'after the string');
    assert.equal(keyPositionAt("gate.check('be", callees), undefined, 'wrong argument for a custom pattern');
    assert.equal(keyPositionAt("client.getBooleanValue(ctx, 'x", callees), undefined, 'SDK keys are argument 0');
    assert.equal(keyPositionAt("console.log('hello", callees), undefined, 'unknown callee');
    assert.equal(keyPositionAt('useUiFlag(`a-${x', callees), undefined, 'template with substitution');
    assert.equal(keyPositionAt("const s = 'abc", callees), undefined, 'not in a call');
  });
});

describe('catalog: toggle protection', () => {
  const env = (key: string, extra: Partial<CatalogDefinition['environments'][number]> = {}) => ({ key, name: key, protected: false, ...extra });

  it('protects vendor-flagged, comment/approval, production-like and listed environments', () => {
    assert.equal(environmentProtection('dev', env('dev'), []), undefined);
    assert.match(environmentProtection('prod-eu', env('prod-eu'), [])!, /production/);
    assert.match(environmentProtection('Live', env('Live'), [])!, /production/);
    assert.equal(environmentProtection('preprod', env('preprod'), []), undefined);
    assert.match(environmentProtection('qa', env('qa', { protected: true }), [])!, /flag source marks it protected/);
    assert.match(environmentProtection('qa', env('qa', { requireComments: true }), [])!, /comment/);
    assert.match(environmentProtection('qa', env('qa', { approvalsRequired: true }), [])!, /approvals/);
    assert.match(environmentProtection('staging', env('staging'), ['Staging'])!, /protectedEnvironments/);
  });

  it('targets the chosen environment only when it is not protected', () => {
    const definition = {
      sourceId: 's',
      sourceLabel: 's',
      sourceKind: 'launchdarkly',
      flag: {} as CatalogDefinition['flag'],
      environments: [env('production'), env('test'), env('staging')],
    } satisfies CatalogDefinition;
    assert.equal(toggleTarget(definition.environments, undefined, [])?.key, 'test');
    assert.equal(toggleTarget(definition.environments, 'staging', [])?.key, 'staging');
    assert.equal(toggleTarget(definition.environments, 'production', [])?.key, 'test');
    assert.equal(toggleTarget(definition.environments, undefined, ['test', 'staging']), undefined);
  });
});
