// The "no evaluations in production" hint decided from constructed evidence: which flags get it,
// what period it claims, and that unknown (not loaded, failed, flagd) never reads as zero.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogDefinition } from '../../../src/core/catalog/model';
import type { EvidenceLookup } from '../../../src/core/evidence/collectEvidence';
import type { EnvironmentEvidence, EvaluationWindow, EvidenceState } from '../../../src/core/evidence/model';
import type { FlagDefinition, SourceKind } from '../../../src/core/sources/model';
import { emptyPeriodMs, noEvaluationsHint, noEvaluationsRequests, periodText } from '../../../src/core/stale/noEvaluationsHint';

const now = new Date('2026-12-05T12:00:00Z');
const hour = 3_600_000;
const day = 24 * hour;
const window = (ms: number, total: number): EvaluationWindow => ({ since: new Date(now.getTime() - ms), until: now, total, byVariation: total ? { on: total } : {} });

function definition(key: string, kind: SourceKind = 'launchdarkly', overrides: Partial<FlagDefinition> = {}, environments = ['development', 'production']): CatalogDefinition {
  return {
    sourceId: `${kind}:test`,
    sourceLabel: kind,
    sourceKind: kind,
    flag: {
      key,
      name: key,
      kind: 'boolean',
      variations: [],
      temporary: true,
      tags: [],
      archived: false,
      environments: Object.fromEntries(environments.map((environment) => [environment, { enabled: true }])) as unknown as FlagDefinition['environments'],
      ...overrides,
    },
    environments: environments.map((environment) => ({ key: environment, name: environment, protected: environment === 'production' })),
  };
}

/** A lookup that answers `states[environment]` for every source and key. */
function lookupOf(states: Record<string, EvidenceState | undefined>): EvidenceLookup {
  return (_sourceId, _key, environment) => states[environment];
}

const ready = (evidence: Omit<EnvironmentEvidence, 'environment'>, environment = 'production'): EvidenceState => ({ state: 'ready', evidence: { environment, ...evidence }, fetchedAt: now });

describe('no-evaluations hint (decision)', () => {
  it('names the flag, the environment and the 7 days a LaunchDarkly source counted as empty', () => {
    const hint = noEvaluationsHint('new-checkout', [definition('new-checkout')], lookupOf({ production: ready({ evaluations: window(7 * day, 0), lastDay: window(day, 0), lastRequested: null }) }), []);
    assert.deepEqual(hint, { key: 'new-checkout', environments: ['production'], periodMs: 7 * day, message: "'new-checkout' had no evaluations in 'production' for 7 days." });
  });

  it('says 48 hours for an Unleash server that keeps 48 h, never the 14 days it cannot show', () => {
    const hint = noEvaluationsHint('k', [definition('k', 'unleash')], lookupOf({ production: ready({ evaluations: window(48 * hour, 0), lastDay: window(day, 0), note: 'this Unleash server keeps 48 h of counts' }) }), []);
    assert.equal(hint?.message, "'k' had no evaluations in 'production' for 48 hours.");
  });

  it('stretches the period back to LaunchDarkly’s lastRequested when it is older than the counted window', () => {
    const evidence = { evaluations: window(7 * day, 0), lastDay: window(day, 0), lastRequested: new Date(now.getTime() - 23 * day - 5 * hour) };
    assert.equal(noEvaluationsHint('k', [definition('k')], lookupOf({ production: ready(evidence) }), [])?.message, "'k' had no evaluations in 'production' for 23 days.");
  });

  it('gives no hint when any evaluation was counted, or the status saw a request inside the window', () => {
    assert.equal(noEvaluationsHint('k', [definition('k')], lookupOf({ production: ready({ evaluations: window(7 * day, 1), lastDay: window(day, 0) }) }), []), undefined);
    assert.equal(noEvaluationsHint('k', [definition('k')], lookupOf({ production: ready({ evaluations: window(7 * day, 0), lastDay: window(day, 3) }) }), []), undefined);
    const requestedYesterday = { evaluations: window(7 * day, 0), lastDay: window(day, 0), lastRequested: new Date(now.getTime() - day) };
    assert.equal(noEvaluationsHint('k', [definition('k')], lookupOf({ production: ready(requestedYesterday) }), []), undefined);
  });

  it('treats unknown as unknown: not loaded, a failed read, no counts, a window under a day, flagd', () => {
    const failed: EvidenceState = { state: 'unavailable', reason: 'no evidence: rate-limited by the vendor (429)', cause: 'rateLimited' };
    for (const state of [undefined, failed, ready({ evaluations: null, note: 'no counts' }), ready({ evaluations: window(6 * hour, 0) })]) {
      assert.equal(noEvaluationsHint('k', [definition('k')], lookupOf({ production: state }), []), undefined, JSON.stringify(state));
    }
    const quiet = ready({ evaluations: window(7 * day, 0), lastDay: window(day, 0) });
    assert.equal(noEvaluationsHint('k', [definition('k', 'flagd')], lookupOf({ production: quiet }), []), undefined);
    assert.deepEqual(noEvaluationsRequests([definition('k', 'flagd')], []), []);
  });

  it('looks at protected environments only: the source’s, production-like names and the configured list', () => {
    const quiet = ready({ evaluations: window(7 * day, 0), lastDay: window(day, 0) });
    const states = { development: quiet, production: quiet, qa: quiet, 'prod-eu': quiet };
    const flag = definition('k', 'launchdarkly', {}, ['development', 'qa', 'production', 'prod-eu']);
    flag.environments.find((e) => e.key === 'production')!.protected = false;
    assert.deepEqual(noEvaluationsRequests([flag], ['qa']), [{ sourceId: 'launchdarkly:test', environments: ['qa', 'production', 'prod-eu'] }]);
    assert.equal(noEvaluationsHint('k', [flag], lookupOf(states), ['qa'])?.message, "'k' had no evaluations in 'qa', 'production' and 'prod-eu' for 7 days.");
    assert.equal(noEvaluationsHint('k', [definition('k', 'launchdarkly', {}, ['development', 'staging'])], lookupOf(states), []), undefined);
  });

  it('claims the shortest empty period when several environments are quiet', () => {
    const flag = definition('k', 'launchdarkly', {}, ['production', 'live']);
    const states = { production: ready({ evaluations: window(7 * day, 0), lastDay: window(day, 0) }), live: ready({ evaluations: window(48 * hour, 0) }, 'live') };
    const hint = noEvaluationsHint('k', [flag], lookupOf(states), []);
    assert.deepEqual({ environments: hint?.environments, message: hint?.message }, { environments: ['production', 'live'], message: "'k' had no evaluations in 'production' and 'live' for 48 hours." });
  });

  it('leaves archived and deleted flags to the stale rules', () => {
    const quiet = ready({ evaluations: window(7 * day, 0), lastDay: window(day, 0) });
    assert.equal(noEvaluationsHint('k', [definition('k', 'launchdarkly', { archived: true })], lookupOf({ production: quiet }), []), undefined);
    assert.equal(noEvaluationsHint('k', [definition('k', 'unleash', { deleted: true })], lookupOf({ production: quiet }), []), undefined);
  });

  it('keeps quotes paired whatever a key or environment holds', () => {
    const flag = definition("it's-on", 'launchdarkly', {}, ["prod 'eu'"]);
    const hint = noEvaluationsHint("it's-on", [flag], lookupOf({ "prod 'eu'": ready({ evaluations: window(7 * day, 0) }, "prod 'eu'") }), []);
    assert.equal(hint?.message, `"it's-on" had no evaluations in "prod 'eu'" for 7 days.`);
  });

  it('rounds periods down and measures from the earliest window', () => {
    assert.equal(periodText(48 * hour), '48 hours');
    assert.equal(periodText(7 * day - 30_000), '7 days');
    assert.equal(periodText(7 * day - hour), '6 days');
    assert.equal(emptyPeriodMs({ environment: 'p', evaluations: { since: new Date(now.getTime() - 7 * day), until: new Date(now.getTime() - 12 * hour), total: 0, byVariation: {} }, lastDay: window(day, 0) }), 7 * day);
  });

  it('has a setting to turn it off, described for people and window-scoped like the other diagnostics settings', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Record<string, unknown>> } } };
    const setting = manifest.contributes.configuration.properties['flaglens.diagnostics.noEvaluationsHint'];
    assert.equal(setting?.type, 'boolean');
    assert.equal(setting?.default, true);
    assert.equal(setting?.scope, 'window');
    assert.match(String(setting?.markdownDescription), /no evaluations/);
  });
});
