import { strict as assert } from 'node:assert';
import { analyzeStaleFlags } from '../../../src/core/stale/detectStaleFlags';
import type { StaleThresholds } from '../../../src/core/stale/model';
import type { EnvironmentState, FlagDefinition } from '../../../src/core/sources/model';
import { booleanFlag, daysAgo, definition, environment, now, reference } from './builders';

function marked(flagOverrides: Partial<FlagDefinition>, environments: EnvironmentState[], thresholds: Partial<StaleThresholds> = {}) {
  const flag = booleanFlag('k', flagOverrides, environments);
  const result = analyzeStaleFlags({ definitions: [definition(flag)], references: [reference('k')], now, thresholds });
  return { findings: result.findings.filter((f) => f.kind === 'markedStale'), why: result.notStale.filter((n) => n.kind === 'markedStale').map((n) => n.reason) };
}

// Unleash environments carry no status (null) and rarely a change date.
const unleashProduction = (overrides: Partial<EnvironmentState> = {}) =>
  environment('production', { protected: true, status: null, lastModified: undefined, ...overrides });

describe('stale: marked stale', () => {
  it("reports Unleash's stale mark as a warning and keeps the value production serves", () => {
    const { findings } = marked({ markedStale: true, type: 'release', createdAt: daysAgo(2) }, [unleashProduction()]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.severity, 'warning');
    assert.equal(findings[0]!.keepValue, true);
    assert.ok(findings[0]!.evidence.includes('marked stale in the source'));
    assert.match(findings[0]!.message, /is marked stale/);
  });

  it('reports a release flag past its 40-day lifetime as potentially stale (info), not at 39 days', () => {
    const old = marked({ type: 'release', createdAt: daysAgo(40) }, [unleashProduction()]);
    const young = marked({ type: 'release', createdAt: daysAgo(39) }, [unleashProduction()]);
    assert.equal(old.findings[0]!.severity, 'info');
    assert.match(old.findings[0]!.message, /potentially stale/);
    assert.ok(old.findings[0]!.evidence.some((e) => e.startsWith('type release: expected lifetime 40 days, created')));
    assert.deepEqual(young.findings, []);
    assert.ok(young.why.some((w) => w.includes('within its expected lifetime of 40 days')));
  });

  it('applies the experiment lifetime and a configured one', () => {
    assert.equal(marked({ type: 'experiment', createdAt: daysAgo(41) }, [unleashProduction()]).findings.length, 1);
    assert.equal(marked({ type: 'experiment', createdAt: daysAgo(41) }, [unleashProduction()], { typeLifetimeDays: { experiment: 90 } }).findings.length, 0);
  });

  it('flags an operational flag past 7 days for review only: it is permanent', () => {
    const { findings } = marked({ type: 'operational', createdAt: daysAgo(8) }, [unleashProduction()]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.severity, 'info');
    assert.equal(findings[0]!.permanent, true);
    assert.equal('keepValue' in findings[0]!, false);
    assert.doesNotMatch(findings[0]!.action, /[Rr]emove/);
  });

  it('never ages kill switches or permission flags', () => {
    assert.deepEqual(marked({ type: 'kill-switch', createdAt: daysAgo(400) }, [unleashProduction()]).findings, []);
    assert.deepEqual(marked({ type: 'Permission', createdAt: daysAgo(400) }, [unleashProduction()]).findings, []);
  });

  it('explains a lifetime without a creation date', () => {
    const { findings, why } = marked({ type: 'release' }, [unleashProduction()]);
    assert.deepEqual(findings, []);
    assert.ok(why.some((w) => w.includes('no creation date')));
  });

  it("reports LaunchDarkly's launched status held 7 days on a temporary flag, using the last change as evidence", () => {
    const { findings } = marked({}, [environment('production', { protected: true, status: 'launched', lastModified: daysAgo(7) })]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.severity, 'warning');
    assert.equal(findings[0]!.keepValue, true);
    assert.ok(findings[0]!.evidence.some((e) => e.includes('status launched') && e.includes('launched-since evidence')));
  });

  it('does not report launched changed 6 days ago', () => {
    const { findings, why } = marked({}, [environment('production', { protected: true, status: 'launched', lastModified: daysAgo(6) })]);
    assert.deepEqual(findings, []);
    assert.ok(why.some((w) => w.includes('less than 7 days')));
  });

  it('does not report launched on a permanent flag', () => {
    const { findings, why } = marked({ temporary: false }, [environment('production', { protected: true, status: 'launched', lastModified: daysAgo(30) })]);
    assert.deepEqual(findings, []);
    assert.ok(why.includes('launched, but the flag is not temporary'));
  });

  it('needs every protected environment launched', () => {
    const { findings, why } = marked({}, [
      environment('production-eu', { protected: true, status: 'launched', lastModified: daysAgo(30) }),
      environment('production-us', { protected: true, status: 'active', lastModified: daysAgo(30) }),
    ]);
    assert.deepEqual(findings, []);
    assert.ok(why.some((w) => w.startsWith('launched only in some deciding environments')));
  });

  it('gives no value to keep when production still splits traffic', () => {
    const { findings } = marked({ markedStale: true }, [
      unleashProduction({ serving: { type: 'split', split: [{ variation: 'on', percent: 30 }, { variation: 'off', percent: 70 }] } }),
    ]);
    assert.equal('keepValue' in findings[0]!, false);
    assert.match(findings[0]!.action, /^Roll it out/);
  });
});
