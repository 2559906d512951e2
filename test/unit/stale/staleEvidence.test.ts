import { strict as assert } from 'node:assert';
import type { EvidenceState } from '../../../src/core/evidence/model';
import type { StaleInput } from '../../../src/core/stale/model';
import { staleEvidence, staleEvidenceRequests } from '../../../src/core/stale/staleEvidence';
import { booleanFlag, definition, environment, now } from './builders';

describe('stale --evidence: which counts are read', () => {
  const counting = { id: 'unleash:shop', kind: 'unleash' as const, evidence: () => Promise.resolve({}) };
  const flagd = { id: 'flagd:files', kind: 'flagd' as const };
  const states = [environment('development'), environment('production', { protected: true })];
  const input: StaleInput = {
    definitions: [
      definition(booleanFlag('live', {}, states), 'unleash:shop'),
      definition(booleanFlag('archived', { archived: true }, states), 'unleash:shop'),
      definition(booleanFlag('permanent', { temporary: false }, states), 'unleash:shop'),
      definition(booleanFlag('from-file', {}, states), 'flagd:files'),
      definition(booleanFlag('second', {}, states), 'unleash:shop'),
    ],
    references: [],
    now,
  };

  it('asks only for flags the rules still judge, in the environments that decide them, up to the bound', () => {
    const { requests, skipped } = staleEvidenceRequests(input, [counting, flagd], 10);
    assert.deepEqual(
      requests.map((r) => [r.source.id, r.key, ...r.environments]),
      [
        ['unleash:shop', 'live', 'production'],
        ['unleash:shop', 'second', 'production'],
      ],
    );
    assert.equal(skipped, 0);
    const bounded = staleEvidenceRequests(input, [counting, flagd], 1);
    assert.deepEqual(bounded.requests.map((r) => r.key), ['live']);
    assert.equal(bounded.skipped, 1);
  });

  it('hands the rules ready counts only', () => {
    const ready: EvidenceState = { state: 'ready', fetchedAt: now, evidence: { environment: 'production', evaluations: null } };
    const states: Record<string, EvidenceState> = { a: ready, b: { state: 'unavailable', reason: 'no evidence: x', cause: 'server' } };
    const lookup = staleEvidence((_source, key) => states[key]);
    assert.equal(lookup('s', 'a', 'production'), ready.evidence);
    assert.equal(lookup('s', 'b', 'production'), undefined);
    assert.equal(lookup('s', 'c', 'production'), undefined);
  });
});
