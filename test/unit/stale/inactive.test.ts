import { strict as assert } from 'node:assert';
import { analyzeStaleFlags } from '../../../src/core/stale/detectStaleFlags';
import type { EnvironmentState, FlagDefinition, SourceKind } from '../../../src/core/sources/model';
import { booleanFlag, daysAgo, definition, environment, now, reference } from './builders';

function inactive(
  flagOverrides: Partial<FlagDefinition>,
  environments: EnvironmentState[],
  options: { referenced?: boolean; inactiveAfterDays?: number; sourceKind?: SourceKind } = {},
) {
  const flag = booleanFlag('k', flagOverrides, environments);
  const result = analyzeStaleFlags({
    definitions: [{ ...definition(flag), sourceKind: options.sourceKind ?? 'launchdarkly' }],
    references: options.referenced === false ? [] : [reference('k')],
    now,
    thresholds: options.inactiveAfterDays === undefined ? {} : { inactiveAfterDays: options.inactiveAfterDays },
  });
  return { findings: result.findings.filter((f) => f.kind === 'inactive'), why: result.notStale.filter((n) => n.kind === 'inactive').map((n) => n.reason) };
}

describe('stale: inactive', () => {
  it('reports a flag last evaluated 7 days ago (Unleash lastSeenAt)', () => {
    const { findings } = inactive({}, [environment('production', { protected: true, status: null, lastEvaluated: daysAgo(7) })]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.severity, 'warning');
    assert.ok(findings[0]!.evidence.some((e) => e.startsWith(`production: last evaluated ${daysAgo(7).toISOString().slice(0, 10)} (7 days ago)`)));
    assert.match(findings[0]!.action, /still runs/);
  });

  it('does not report one hour short of 7 days', () => {
    const { findings, why } = inactive({}, [environment('production', { protected: true, status: null, lastEvaluated: daysAgo(6, 23) })]);
    assert.deepEqual(findings, []);
    assert.ok(why.some((w) => w.startsWith('production: evaluated')));
  });

  it("accepts LaunchDarkly's inactive status when it gives no date", () => {
    const { findings } = inactive({}, [environment('production', { protected: true, status: 'inactive' })]);
    assert.ok(findings[0]!.evidence.includes('production: LaunchDarkly status inactive (no evaluations for 7 days or more)'));
    // As the LaunchDarkly source maps it: no lastRequested → null, and no creation date to count from.
    const mapped = inactive({}, [environment('production', { protected: true, status: 'inactive', lastEvaluated: null })]);
    assert.equal(mapped.findings.length, 1);
  });

  it('does not stretch the inactive status past 7 days without a date', () => {
    const { findings, why } = inactive({}, [environment('production', { protected: true, status: 'inactive' })], { inactiveAfterDays: 14 });
    assert.deepEqual(findings, []);
    assert.ok(why.some((w) => w.includes('14-day threshold cannot be checked')));
  });

  it('counts a never-evaluated flag from its creation date (Unleash lastSeenAt null)', () => {
    const old = inactive({ createdAt: daysAgo(10) }, [environment('production', { protected: true, lastEvaluated: null })], { sourceKind: 'unleash' });
    const young = inactive({ createdAt: daysAgo(3) }, [environment('production', { protected: true, lastEvaluated: null })]);
    assert.equal(old.findings.length, 1);
    assert.ok(old.findings[0]!.evidence.some((e) => e.includes('never evaluated since its creation')));
    assert.deepEqual(young.findings, []);
  });

  it("counts LaunchDarkly's never-requested flag only when its status is known", () => {
    const known = inactive({ createdAt: daysAgo(20) }, [environment('production', { protected: true, status: 'new', lastEvaluated: null })]);
    const unknown = inactive({ createdAt: daysAgo(20) }, [environment('production', { protected: true, status: null, lastEvaluated: null })]);
    assert.equal(known.findings.length, 1);
    assert.deepEqual(unknown.findings, []);
    assert.deepEqual(unknown.why, ['production: the source reports no evaluation data']);
  });

  it('reads no evaluation data into a flagd file, which tracks none', () => {
    const { findings, why } = inactive({ createdAt: daysAgo(100) }, [environment('prod', { lastEvaluated: null, status: null })], { sourceKind: 'flagd' });
    assert.deepEqual(findings, []);
    assert.deepEqual(why, []);
    // The same state from a source of unknown kind is explained, never read as "never evaluated".
    const unknownKind = analyzeStaleFlags({ definitions: [definition(booleanFlag('k', { createdAt: daysAgo(100) }, [environment('prod', { lastEvaluated: null, status: null })]))], references: [reference('k')], now });
    assert.deepEqual(unknownKind.findings.filter((f) => f.kind === 'inactive'), []);
    assert.deepEqual(unknownKind.notStale.filter((n) => n.kind === 'inactive').map((n) => n.reason), ['prod: the source reports no evaluation data']);
  });

  it('is not inactive while any protected environment evaluates it', () => {
    const { findings, why } = inactive({}, [
      environment('production-eu', { protected: true, status: 'inactive' }),
      environment('production-us', { protected: true, status: 'active', lastEvaluated: daysAgo(0, 2) }),
    ]);
    assert.deepEqual(findings, []);
    assert.ok(why.some((w) => w.startsWith('production-us: evaluated')));
  });

  it('explains when the source reports no evaluation data', () => {
    const { findings, why } = inactive({}, [environment('production', { protected: true })]);
    assert.deepEqual(findings, []);
    assert.deepEqual(why, ['production: the source reports no evaluation data']);
  });

  it('suggests archiving when nothing references it either', () => {
    const { findings } = inactive({}, [environment('production', { protected: true, status: 'inactive' })], { referenced: false });
    assert.match(findings[0]!.action, /^Archive it in the source/);
  });

  it('leaves permanent flags alone', () => {
    const { findings, why } = inactive({ type: 'permission' }, [environment('production', { protected: true, status: 'inactive' })]);
    assert.deepEqual(findings, []);
    assert.deepEqual(why, ['permanent flag (type permission): never suggested for removal']);
  });
});
