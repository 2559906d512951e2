import { strict as assert } from 'node:assert';
import { analyzeStaleFlags } from '../../../src/core/stale/detectStaleFlags';
import type { StaleDefinitionInput } from '../../../src/core/stale/model';
import { booleanFlag, daysAgo, definition, environment, now, reference } from './builders';

function analyze(definitions: StaleDefinitionInput[], keys = definitions.map((d) => d.flag.key), thresholds = {}) {
  const result = analyzeStaleFlags({ definitions, references: keys.map((k) => reference(k)), now, thresholds });
  return {
    released: result.findings.filter((f) => f.kind === 'released'),
    why: result.notStale.filter((n) => n.kind === 'released').map((n) => n.reason),
  };
}

describe('stale: released', () => {
  it('reports a flag on with no rules in production, unchanged for 30 days, keeping the served value', () => {
    const flag = booleanFlag('new-checkout', {}, [environment('production', { protected: true, lastModified: daysAgo(30) })]);
    const { released } = analyze([definition(flag)]);
    assert.equal(released.length, 1);
    const finding = released[0]!;
    assert.equal(finding.keepValue, true);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.sourceId, 'launchdarkly:shop');
    assert.match(finding.message, /serves true to everyone/);
    assert.match(finding.action, /keeping true/);
    assert.ok(finding.evidence.some((e) => e.includes('production') && e.includes(daysAgo(30).toISOString().slice(0, 10))));
  });

  it('is not released one hour short of 30 days, and says why', () => {
    const flag = booleanFlag('new-checkout', {}, [environment('production', { protected: true, lastModified: daysAgo(29, 23) })]);
    const { released, why } = analyze([definition(flag)]);
    assert.deepEqual(released, []);
    assert.ok(why.some((w) => /production: last changed .*29 days ago.*less than 30 days/.test(w)), why.join('\n'));
  });

  it('honours a configured threshold', () => {
    const flag = booleanFlag('k', {}, [environment('production', { protected: true, lastModified: daysAgo(12) })]);
    assert.equal(analyze([definition(flag)], ['k'], { releasedAfterDays: 10 }).released.length, 1);
    assert.equal(analyze([definition(flag)], ['k'], { releasedAfterDays: 13 }).released.length, 0);
  });

  it('treats a 100 % split as serving that variation', () => {
    const flag = booleanFlag('k', {}, [
      environment('production', { protected: true, serving: { type: 'split', split: [{ variation: 'on', percent: 100 }, { variation: 'off', percent: 0 }] } }),
    ]);
    const { released } = analyze([definition(flag)]);
    assert.equal(released[0]?.keepValue, true);
    assert.ok(released[0]!.evidence.some((e) => e.includes('100 % rollout')));
  });

  it('adds up split parts naming the same variation', () => {
    const flag = booleanFlag('k', {}, [
      environment('production', { protected: true, serving: { type: 'split', split: [{ variation: 'off', percent: 40 }, { variation: 'off', percent: 60 }] } }),
    ]);
    assert.equal(analyze([definition(flag)]).released[0]?.keepValue, false);
  });

  it('is not released during a partial rollout', () => {
    const flag = booleanFlag('k', {}, [
      environment('production', { protected: true, serving: { type: 'split', split: [{ variation: 'on', percent: 50 }, { variation: 'off', percent: 50 }] } }),
    ]);
    const { released, why } = analyze([definition(flag)]);
    assert.deepEqual(released, []);
    assert.ok(why.some((w) => w.includes('percentage split (50 % on / 50 % off)')), why.join('\n'));
  });

  it('is not released while targeting rules apply', () => {
    const flag = booleanFlag('k', {}, [
      environment('production', { protected: true, serving: { type: 'rules', count: 2, summary: 'beta users', fallthrough: { type: 'variation', variation: 'on' } } }),
    ]);
    const { released, why } = analyze([definition(flag)]);
    assert.deepEqual(released, []);
    assert.ok(why.some((w) => w.includes('2 targeting rules (beta users)')));
  });

  it('keeps the off variation of a flag switched off in production', () => {
    const flag = booleanFlag('old-banner', {}, [environment('production', { protected: true, on: false, offVariation: 'off' })]);
    const { released } = analyze([definition(flag)]);
    assert.equal(released.length, 1);
    assert.equal(released[0]!.keepValue, false);
    assert.ok(released[0]!.evidence.some((e) => e.includes('off, serving the off variation')));
  });

  it('does not guess the value of a flag that is off without an off variation', () => {
    const flag = booleanFlag('k', {}, [environment('production', { protected: true, on: false, offVariation: undefined })]);
    const { released, why } = analyze([definition(flag)]);
    assert.deepEqual(released, []);
    assert.ok(why.some((w) => w.includes('off without an off variation')));
  });

  it('keeps string values from the variation, not the variation name', () => {
    const flag = booleanFlag('checkout-layout', {
      kind: 'string',
      variations: [
        { name: 'Control', value: 'control' },
        { name: 'Treatment', value: 'two-column' },
      ],
    }, [environment('production', { protected: true, serving: { type: 'variation', variation: 'Treatment' }, offVariation: 'Control' })]);
    assert.equal(analyze([definition(flag)]).released[0]?.keepValue, 'two-column');
  });

  it('is not released when protected environments disagree, and lists what each serves', () => {
    const flag = booleanFlag('k', {}, [
      environment('production-eu', { protected: true }),
      environment('production-us', { protected: true, on: false }),
    ]);
    const { released, why } = analyze([definition(flag)]);
    assert.deepEqual(released, []);
    assert.ok(why.some((w) => w === 'environments disagree: production-eu serves true, production-us serves false'), why.join('\n'));
  });

  it('ignores unprotected environments when a protected one decides, but shows them as evidence', () => {
    const flag = booleanFlag('k', {}, [
      environment('production', { protected: true }),
      environment('staging', { on: false, lastModified: daysAgo(1) }),
    ]);
    const { released } = analyze([definition(flag)]);
    assert.equal(released.length, 1);
    assert.ok(released[0]!.evidence.some((e) => e.startsWith('staging') && e.includes('does not decide')));
  });

  it('treats a production-like name as protected even without the mark', () => {
    const flag = booleanFlag('k', {}, [environment('prod-eu'), environment('dev', { on: false, lastModified: daysAgo(1) })]);
    const { released } = analyze([definition(flag)]);
    assert.equal(released[0]?.keepValue, true);
    assert.match(released[0]!.message, /every protected environment/);
  });

  it('uses every environment when none is protected', () => {
    const agreeing = booleanFlag('a', {}, [environment('dev'), environment('test')]);
    const disagreeing = booleanFlag('b', {}, [environment('dev'), environment('test', { on: false })]);
    const { released, why } = analyze([definition(agreeing), definition(disagreeing)]);
    assert.deepEqual(released.map((f) => f.key), ['a']);
    assert.match(released[0]!.message, /none is protected/);
    assert.ok(why.some((w) => w.startsWith('environments disagree: dev serves true, test serves false')));
  });

  it('falls back to the flag change date, and explains when there is no date at all', () => {
    const withFlagDate = booleanFlag('a', { lastModified: daysAgo(45) }, [environment('production', { protected: true, lastModified: undefined })]);
    const undated = booleanFlag('b', {}, [environment('production', { protected: true, lastModified: undefined })]);
    const { released, why } = analyze([definition(withFlagDate), definition(undated)]);
    assert.deepEqual(released.map((f) => f.key), ['a']);
    assert.ok(why.includes('production: the source gives no date of the last change'));
  });

  it('never suggests removing permanent flags', () => {
    const killSwitch = booleanFlag('payments-kill-switch', { type: 'kill-switch' }, [environment('production', { protected: true })]);
    const notTemporary = booleanFlag('ops-logging', { temporary: false }, [environment('production', { protected: true })]);
    const { released, why } = analyze([definition(killSwitch), definition(notTemporary)]);
    assert.deepEqual(released, []);
    assert.ok(why.includes('permanent flag (type kill-switch): never suggested for removal'));
    assert.ok(why.includes('permanent flag (not temporary): never suggested for removal'));
  });

  it('does not report released for unreferenced flags (they are unused)', () => {
    const flag = booleanFlag('k', {}, [environment('production', { protected: true })]);
    const result = analyzeStaleFlags({ definitions: [definition(flag)], references: [], now });
    assert.deepEqual(result.findings.map((f) => f.kind), ['unused']);
  });

  it('has nothing to decide for manifest-only flags', () => {
    const flag = booleanFlag('k', { defaultValue: true, variations: [] });
    const { released, why } = analyze([definition(flag, 'flagd:flags.json', [])]);
    assert.deepEqual(released, []);
    assert.ok(why.some((w) => w.includes('manifest only')));
  });
});
