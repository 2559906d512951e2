import { strict as assert } from 'node:assert';
import { defaultStaleThresholds } from '../../../src/core/stale/model';
import { mergeThresholds, parseStaleConfig } from '../../../src/core/stale/staleConfig';

describe('stale: config', () => {
  it('uses the defaults when the section is absent', () => {
    const { thresholds, problems } = parseStaleConfig(undefined);
    assert.deepEqual(problems, []);
    assert.deepEqual(thresholds, { ...defaultStaleThresholds, typeLifetimeDays: { ...defaultStaleThresholds.typeLifetimeDays } });
    assert.equal(thresholds.releasedAfterDays, 30);
    assert.equal(thresholds.inactiveAfterDays, 7);
    assert.equal(thresholds.launchedAfterDays, 7);
    assert.equal(thresholds.typeLifetimeDays.release, 40);
    assert.equal(thresholds.typeLifetimeDays['kill-switch'], null);
  });

  it('takes valid values and type lifetimes (normalizing type spellings)', () => {
    const { thresholds, problems } = parseStaleConfig({ releasedAfterDays: 14, inactiveAfterDays: 3, launchedAfterDays: 0, typeLifetimeDays: { Kill_Switch: 365, experiment: null } });
    assert.deepEqual(problems, []);
    assert.equal(thresholds.releasedAfterDays, 14);
    assert.equal(thresholds.inactiveAfterDays, 3);
    assert.equal(thresholds.launchedAfterDays, 0);
    assert.equal(thresholds.typeLifetimeDays['kill-switch'], 365);
    assert.equal(thresholds.typeLifetimeDays.experiment, null);
    assert.equal(thresholds.typeLifetimeDays.release, 40);
  });

  it('reports each bad entry and keeps its default', () => {
    const { thresholds, problems } = parseStaleConfig({ releasedAfterDays: '30', inactiveAfterDays: -1, launchedAfterDays: Number.NaN, staleAfter: 3, typeLifetimeDays: { release: 'long' } });
    assert.deepEqual(problems, [
      'stale.releasedAfterDays: expected a number of days, got the string "30"',
      'stale.inactiveAfterDays: expected 0 or more days, got -1',
      'stale.launchedAfterDays: expected a number of days, got NaN',
      'stale.staleAfter: unknown setting (expected releasedAfterDays, inactiveAfterDays, launchedAfterDays, typeLifetimeDays)',
      'stale.typeLifetimeDays.release: expected a number of days, got the string "long"',
    ]);
    assert.equal(thresholds.releasedAfterDays, 30);
    assert.equal(thresholds.inactiveAfterDays, 7);
    assert.equal(thresholds.typeLifetimeDays.release, 40);
  });

  it('rejects a section that is not an object', () => {
    assert.deepEqual(parseStaleConfig([30]).problems, ['stale: expected an object, got an array']);
    assert.deepEqual(parseStaleConfig(30).problems, ['stale: expected an object, got 30']);
    assert.deepEqual(parseStaleConfig({ typeLifetimeDays: 5 }).problems, ['stale.typeLifetimeDays: expected an object of flag type to days or null, got 5']);
  });

  it('ignores invalid values passed straight to detection', () => {
    const merged = mergeThresholds({ releasedAfterDays: Number.POSITIVE_INFINITY, inactiveAfterDays: 2 });
    assert.equal(merged.releasedAfterDays, 30);
    assert.equal(merged.inactiveAfterDays, 2);
    // The shared defaults are never mutated through a merged copy.
    merged.typeLifetimeDays.release = 1;
    assert.equal(defaultStaleThresholds.typeLifetimeDays.release, 40);
  });
});
