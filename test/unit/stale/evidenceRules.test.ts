import { strict as assert } from 'node:assert';
import type { EnvironmentEvidence, EvaluationWindow } from '../../../src/core/evidence/model';
import { analyzeStaleFlags } from '../../../src/core/stale/detectStaleFlags';
import type { EnvironmentState } from '../../../src/core/sources/model';
import { booleanFlag, daysAgo, definition, environment, now, reference } from './builders';

const day = 86_400_000;

function window(days: number, byVariation: Record<string, number>): EvaluationWindow {
  const total = Object.values(byVariation).reduce((a, b) => a + b, 0);
  return { since: new Date(now.getTime() - days * day), until: now, total, byVariation };
}

function evidence(days: number, byVariation: Record<string, number>, lastDay?: Record<string, number>): EnvironmentEvidence {
  return { environment: 'production', evaluations: window(days, byVariation), ...(lastDay ? { lastDay: window(1, lastDay) } : {}) };
}

function analyze(states: EnvironmentState[], counts: Record<string, EnvironmentEvidence> | undefined, thresholds = {}) {
  const flag = booleanFlag('k', { createdAt: daysAgo(90) }, states);
  const asked: string[] = [];
  const result = analyzeStaleFlags({
    definitions: [{ ...definition(flag, 'unleash:shop'), sourceKind: 'unleash' }],
    references: [reference('k')],
    now,
    thresholds,
    ...(counts
      ? {
          evidence: (sourceId: string, key: string, environmentKey: string) => {
            asked.push(`${sourceId} ${key} ${environmentKey}`);
            return counts[environmentKey];
          },
        }
      : {}),
  });
  const of = (kind: string) => result.findings.filter((f) => f.kind === kind);
  return { inactive: of('inactive'), released: of('released'), why: result.notStale.filter((n) => n.kind === 'inactive').map((n) => n.reason), asked };
}

describe('stale: evaluation counts as evidence', () => {
  it('counts decide inactive: any evaluation rules it out even when the last-seen date is old', () => {
    const states = [environment('production', { protected: true, lastEvaluated: daysAgo(30) })];
    assert.equal(analyze(states, undefined).inactive.length, 1, 'without counts the date decides');
    const counted = analyze(states, { production: evidence(7, { on: 3, off: 0 }) });
    assert.deepEqual(counted.inactive, []);
    assert.ok(counted.why.includes('production: 3 evaluations in the last 7 d'), counted.why.join('\n'));
    assert.deepEqual([...new Set(counted.asked)], ['unleash:shop k production'], 'only the flag and environment being checked');
  });

  it('zero counts over a window as long as the threshold prove inactive, even when the date says recent', () => {
    const states = [environment('production', { protected: true, lastEvaluated: daysAgo(1) })];
    const { inactive } = analyze(states, { production: evidence(7, {}, {}) });
    assert.equal(inactive.length, 1);
    assert.ok(inactive[0]!.evidence.includes('production: no evaluations in the last 7 d (counted by the source)'), inactive[0]!.evidence.join('\n'));
  });

  it('an empty window shorter than the threshold proves nothing: the dates decide', () => {
    const states = [environment('production', { protected: true, lastEvaluated: daysAgo(1) })];
    const { inactive, why } = analyze(states, { production: evidence(2, {}, {}) });
    assert.deepEqual(inactive, []);
    assert.ok(why.some((w) => w.startsWith('production: evaluated')), why.join('\n'));
  });

  it('released shows the observed share beside the configured 100 %', () => {
    const states = [environment('production', { protected: true, lastModified: daysAgo(40), lastEvaluated: daysAgo(0) })];
    const { released } = analyze(states, { production: evidence(7, { on: 9000, off: 120 }, { on: 1200, off: 0 }) });
    assert.equal(released.length, 1);
    assert.ok(
      released[0]!.evidence.some((e) => e.startsWith('production: unchanged since') && e.endsWith(' · observed on 100% of 1,200 in the last 24 h')),
      released[0]!.evidence.join('\n'),
    );
    const without = analyze(states, undefined).released[0]!;
    assert.ok(!without.evidence.some((e) => e.includes('observed')));
  });
});
