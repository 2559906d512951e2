import { strict as assert } from 'node:assert';
import { inactivityFromCounts, observedShareText } from '../../../src/core/evidence/evidenceVerdict';
import type { EnvironmentEvidence, EvaluationWindow } from '../../../src/core/evidence/model';

const now = new Date('2026-12-05T12:00:00Z');
const window = (days: number, total: number, byVariation: Record<string, number> = {}): EvaluationWindow => ({ since: new Date(now.getTime() - days * 86_400_000), until: now, total, byVariation });

describe('evidence verdicts for the stale rules', () => {
  it('calls a flag inactive only from a zero count over a window as long as the threshold', () => {
    const quietWeek: EnvironmentEvidence = { environment: 'p', evaluations: window(7, 0), lastDay: window(1, 0) };
    assert.deepEqual(inactivityFromCounts(quietWeek, 7), { inactive: true, evidence: 'no evaluations in the last 7 d (counted by the source)' });
    assert.equal(inactivityFromCounts(quietWeek, 14), undefined, 'seven quiet days say nothing about fourteen');
    const quiet48: EnvironmentEvidence = { environment: 'p', evaluations: window(2, 0), lastDay: window(1, 0) };
    assert.equal(inactivityFromCounts(quiet48, 7), undefined);
    assert.deepEqual(inactivityFromCounts({ environment: 'p', evaluations: window(7, 12408), lastDay: window(1, 3) }, 7), { inactive: false, reason: '12,408 evaluations in the last 7 d' });
    assert.deepEqual(inactivityFromCounts({ environment: 'p', evaluations: window(2, 0), lastDay: window(1, 0) }, 1), { inactive: true, evidence: 'no evaluations in the last 48 h (counted by the source)' });
    assert.equal(inactivityFromCounts({ environment: 'p', evaluations: null }, 7), undefined);
    assert.equal(inactivityFromCounts(undefined, 7), undefined);
  });

  it('shows the observed share of the served variation for released flags', () => {
    assert.equal(observedShareText({ environment: 'p', evaluations: window(7, 100, { on: 100 }), lastDay: window(1, 9120, { on: 9120 }) }, 'on'), 'observed on 100% of 9,120 in the last 24 h');
    assert.equal(observedShareText({ environment: 'p', evaluations: window(7, 1000, { on: 998, off: 2 }), lastDay: window(1, 0) }, 'on'), 'observed on 99.8% of 1,000 in the last 7 d');
    assert.equal(observedShareText({ environment: 'p', evaluations: window(7, 0), lastDay: window(1, 0) }, 'on'), undefined);
  });
});
