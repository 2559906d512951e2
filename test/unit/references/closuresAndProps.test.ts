import * as assert from 'node:assert/strict';
import { checkFamily } from './fixtureHarness';

describe('references: returned closures and flags passed as props', () => {
  it('hooks and factories returning closures; useFlags() objects passed one level down as props (negative twins included)', async () => {
    const index = await checkFamily('closuresAndProps');
    try {
      // A returned closure is named after the call that makes it, not `<anonymous@8>`.
      const origin = (key: string) => index.all().find((r) => r.key === key)?.origin?.name;
      assert.equal(origin('returned-arrow'), 'useFlagEvaluator()');
      assert.equal(origin('use-callback-flag'), 'useFlagCallback()');
      assert.equal(origin('factory-flag'), 'makeChecker()');
      assert.equal(origin('destructured-member'), 'isOn');
    } finally {
      index.dispose();
    }
  });
});
