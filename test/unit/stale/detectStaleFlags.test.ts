import { strict as assert } from 'node:assert';
import { analyzeStaleFlags, detectStaleFlags } from '../../../src/core/stale/detectStaleFlags';
import { booleanFlag, daysAgo, definition, environment, now, reference } from './builders';

describe('stale: detectStaleFlags', () => {
  const input = () => ({
    definitions: [
      definition(booleanFlag('released-flag', {}, [environment('production', { protected: true, lastModified: daysAgo(90) })])),
      definition(booleanFlag('archived-flag', { archived: true }, [environment('production', { protected: true })])),
      definition(booleanFlag('orphan', {}, [environment('production', { protected: true, lastModified: daysAgo(1) })]), 'unleash:default'),
      definition(booleanFlag('orphan', {}, [environment('production', { protected: true, lastModified: daysAgo(1) })]), 'flagd:flags.json'),
      definition(booleanFlag('busy', {}, [environment('production', { protected: true, lastModified: daysAgo(1) })])),
    ],
    references: [reference('released-flag'), reference('archived-flag'), reference('busy'), reference('typo-flag')],
    now,
  });

  it('sorts findings by severity, kind and key, one per source for a key defined twice', () => {
    const findings = detectStaleFlags(input());
    assert.deepEqual(
      findings.map((f) => [f.severity, f.kind, f.key, f.sourceId]),
      [
        ['error', 'removed', 'archived-flag', 'launchdarkly:shop'],
        ['warning', 'released', 'released-flag', 'launchdarkly:shop'],
        ['warning', 'unknownKey', 'typo-flag', undefined],
        ['info', 'unused', 'orphan', 'flagd:flags.json'],
        ['info', 'unused', 'orphan', 'unleash:default'],
      ],
    );
  });

  it('is pure: the same input gives the same output and the clock decides', () => {
    assert.deepEqual(detectStaleFlags(input()), detectStaleFlags(input()));
    const earlier = detectStaleFlags({ ...input(), now: daysAgo(61) });
    assert.equal(earlier.some((f) => f.kind === 'released'), false);
  });

  it('explains the flags it looked at and kept', () => {
    const { notStale } = analyzeStaleFlags(input());
    assert.ok(notStale.some((n) => n.key === 'busy' && n.kind === 'released' && n.reason.includes('less than 30 days')));
  });

  it('accepts dates that arrive as strings from a cached snapshot', () => {
    const state = environment('production', { protected: true, lastModified: daysAgo(31).toISOString() as unknown as Date });
    const findings = detectStaleFlags({ definitions: [definition(booleanFlag('k', {}, [state]))], references: [reference('k')], now });
    assert.deepEqual(findings.map((f) => f.kind), ['released']);
  });

  it('judges each source on its own: released in one, still rolling out in another', () => {
    const findings = detectStaleFlags({
      definitions: [
        definition(booleanFlag('k', {}, [environment('production', { protected: true, lastModified: daysAgo(29) })]), 'unleash:default'),
        definition(booleanFlag('k', {}, [environment('production', { protected: true, lastModified: daysAgo(30) })]), 'launchdarkly:shop'),
      ],
      references: [reference('k')],
      now,
    });
    assert.deepEqual(findings.map((f) => [f.kind, f.sourceId]), [['released', 'launchdarkly:shop']]);
  });
});
