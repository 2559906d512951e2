import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { collectEvidence } from '../../../src/core/evidence/collectEvidence';
import { EvidenceCache } from '../../../src/core/evidence/evidenceCache';
import type { EnvironmentEvidence } from '../../../src/core/evidence/model';
import { FlagLensError } from '../../../src/core/errors';
import type { FlagsReportJson } from '../../../src/core/report/flagsReport';
import { evidenceJson } from '../../../src/core/report/flagsReport';
import { runCliInProcess } from '../../support/cliInProcess';

const fixture = path.resolve(__dirname, '../../fixtures/flagd/basic');

describe('flags --evidence', () => {
  it('gives flagd environments null evaluations with the reason, and leaves the plain output unchanged', async () => {
    const withEvidence = await runCliInProcess(['flags', fixture, '--format', 'json', '--evidence'], fixture);
    assert.equal(withEvidence.code, 0, withEvidence.stderr);
    const json = JSON.parse(withEvidence.stdout) as FlagsReportJson;
    const states = json.flags.flatMap((flag) => Object.values(flag.environments));
    assert.ok(states.length > 0, 'the fixture has flags with environments');
    for (const state of states) {
      assert.equal(state.evaluations, null);
      assert.equal(state.evaluations24h, null);
      assert.equal(state.evaluationsUnavailable, 'no evidence: flagd files carry no evaluation counts');
    }
    const plain = await runCliInProcess(['flags', fixture, '--format', 'json'], fixture);
    const plainJson = JSON.parse(plain.stdout) as FlagsReportJson;
    for (const flag of plainJson.flags) for (const state of Object.values(flag.environments)) assert.deepEqual(Object.keys(state).filter((k) => k.startsWith('evaluations')), []);
  });

  it('refuses --evidence with text output', async () => {
    const run = await runCliInProcess(['flags', fixture, '--evidence'], fixture);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--evidence needs --format json/);
  });

  it('collects evidence only for the flags asked, failures as reasons, through one loader call per flag', async () => {
    const calls: string[][] = [];
    const at = new Date('2026-12-05T12:00:00Z');
    const window = { since: new Date(at.getTime() - 86_400_000), until: at, total: 12, byVariation: { on: 3, off: 9 } };
    const source = {
      id: 'unleash:x',
      kind: 'unleash' as const,
      evidence: async (key: string, environments: readonly string[]): Promise<Record<string, EnvironmentEvidence>> => {
        calls.push([key, ...environments]);
        if (key === 'broken') throw new FlagLensError('forbidden', 'no', { status: 403 });
        return Object.fromEntries(environments.map((environment) => [environment, { environment, evaluations: window, lastDay: window }]));
      },
    };
    const flagd = { id: 'flagd:y', kind: 'flagd' as const };
    const lookup = await collectEvidence(new EvidenceCache(), [
      { source, key: 'a', environments: ['dev', 'prod'] },
      { source, key: 'broken', environments: ['dev'] },
      { source: flagd, key: 'a', environments: ['dev'] },
    ]);
    assert.deepEqual(calls, [['a', 'dev', 'prod'], ['broken', 'dev']]);
    assert.deepEqual(evidenceJson(lookup('unleash:x', 'a', 'prod')).evaluations, { since: '2026-12-04T12:00:00.000Z', until: '2026-12-05T12:00:00.000Z', total: 12, byVariation: { on: 3, off: 9 } });
    assert.deepEqual(evidenceJson(lookup('unleash:x', 'broken', 'dev')), { evaluations: null, evaluations24h: null, evaluationsUnavailable: 'no evidence: the token may not read usage data (403)' });
    assert.equal(evidenceJson(lookup('flagd:y', 'a', 'dev')).evaluationsUnavailable, 'no evidence: flagd files carry no evaluation counts');
    assert.equal(lookup('unleash:x', 'never-asked', 'dev'), undefined);
  });
});
