import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { UnleashSource } from '../../../src/core/sources/unleash/unleashSource';
import { rejection } from '../../support/rejection';
import { admin } from './unleashAdmin';
import { unleash } from './unleashFixture';

const suffix = randomBytes(3).toString('hex');
const names = {
  ramp: `ramp-${suffix}`,
  fresh: `ramp-fresh-${suffix}`,
  shielded: `ramp-prod-${suffix}`,
  twoForAll: `ramp-two-${suffix}`,
};

interface StoredStrategy {
  id: string;
  name: string;
  title?: string | null;
  parameters: Record<string, string>;
  constraints: { contextName: string; values?: string[] }[];
}

/** The strategies as Unleash stored them, read through the Admin API without Flag Lens. */
async function strategiesOf(flag: string, environment: string): Promise<StoredStrategy[]> {
  const response = await fetch(`${unleash().url}/api/admin/projects/default/features/${flag}/environments/${environment}/strategies`, {
    headers: { Authorization: unleash().adminToken },
  });
  assert.equal(response.status, 200);
  return (await response.json()) as StoredStrategy[];
}

async function enabledIn(flag: string, environment: string): Promise<boolean> {
  const response = await fetch(`${unleash().url}/api/admin/projects/default/features/${flag}`, { headers: { Authorization: unleash().adminToken } });
  const body = (await response.json()) as { environments: { name: string; enabled: boolean }[] };
  return body.environments.find((e) => e.name === environment)!.enabled;
}

describe('UnleashSource rollout against a real Unleash server', () => {
  const sources: UnleashSource[] = [];
  const source = (protectedEnvironments: string[] = []): UnleashSource => {
    const created = new UnleashSource({ url: unleash().url, token: unleash().adminToken, project: 'default', pollIntervalMs: 60_000, protectedEnvironments });
    sources.push(created);
    return created;
  };

  before(async () => {
    await admin.createFlag(names.ramp, 'release');
    await admin.addStrategy(names.ramp, 'development', {
      name: 'flexibleRollout',
      title: 'Ramp',
      parameters: { rollout: '10', stickiness: 'userId', groupId: 'checkout' },
    });
    // A targeted strategy is left as it is: the percentage is for everyone else.
    await admin.addStrategy(names.ramp, 'development', { name: 'default', constraints: [{ contextName: 'userId', operator: 'IN', values: ['alice'] }] });
    await admin.setEnabled(names.ramp, 'development', true);
    await admin.createFlag(names.fresh, 'release');
    await admin.createFlag(names.shielded, 'release');
    await admin.addStrategy(names.shielded, 'production', { name: 'flexibleRollout', parameters: { rollout: '5', stickiness: 'default', groupId: names.shielded } });
    await admin.createFlag(names.twoForAll, 'release');
    await admin.addStrategy(names.twoForAll, 'development', { name: 'flexibleRollout', parameters: { rollout: '5', stickiness: 'default', groupId: 'a' } });
    await admin.addStrategy(names.twoForAll, 'development', { name: 'default' });
  });

  after(() => {
    for (const s of sources) s.dispose();
  });

  it('sets 40 % as the rollout parameter of the gradual rollout, keeping its other parameters, title and the targeted strategy', async () => {
    const ramp = source();
    await ramp.setRollout({ key: names.ramp, environment: 'development', percent: 40 });
    const stored = await strategiesOf(names.ramp, 'development');
    const rollout = stored.find((s) => s.name === 'flexibleRollout')!;
    assert.deepEqual(rollout.parameters, { rollout: '40', stickiness: 'userId', groupId: 'checkout' });
    assert.equal(rollout.title, 'Ramp');
    const targeted = stored.find((s) => s.name === 'default')!;
    assert.deepEqual(targeted.constraints.map((c) => [c.contextName, c.values]), [['userId', ['alice']]]);
    // The source read it back: rules (the targeted one) with 40 % for everyone else.
    const serving = ramp.snapshot!.flags.find((f) => f.key === names.ramp)!.environments.development!.serving;
    assert.equal(serving.type, 'rules');
    assert.deepEqual(serving.type === 'rules' ? serving.fallthrough : undefined, { type: 'split', split: [{ variation: 'on', percent: 40 }, { variation: 'off', percent: 60 }] });
  });

  it('adds a gradual rollout where the environment has no strategy', async () => {
    await source().setRollout({ key: names.fresh, environment: 'development', percent: 15 });
    const stored = await strategiesOf(names.fresh, 'development');
    assert.deepEqual(stored.map((s) => [s.name, s.parameters.rollout]), [['flexibleRollout', '15']]);
  });

  it('un-release disables the flag in the environment and keeps its strategies', async () => {
    await source().unrelease({ key: names.ramp, environment: 'development' });
    assert.equal(await enabledIn(names.ramp, 'development'), false);
    assert.equal((await strategiesOf(names.ramp, 'development')).length, 2);
  });

  it('refuses the protected production environment without opt-in and changes nothing', async () => {
    const error = await rejection(source().setRollout({ key: names.shielded, environment: 'production', percent: 50 }));
    assert.equal(error.reason, 'protectedEnvironment');
    assert.match(error.message, /Refusing to change '.*' in 'production'/);
    assert.equal((await strategiesOf(names.shielded, 'production'))[0]!.parameters.rollout, '5');
    await source().setRollout({ key: names.shielded, environment: 'production', percent: 50, allowProtected: true });
    assert.equal((await strategiesOf(names.shielded, 'production'))[0]!.parameters.rollout, '50');
  });

  it('refuses what one percentage cannot describe: two strategies for everyone, fractions', async () => {
    const two = await rejection(source().setRollout({ key: names.twoForAll, environment: 'development', percent: 50 }));
    assert.equal(two.reason, 'unsupported');
    assert.match(two.message, /2 strategies for everyone/);
    const fraction = await rejection(source().setRollout({ key: names.fresh, environment: 'development', percent: 12.5 }));
    assert.equal(fraction.reason, 'usage');
    assert.deepEqual((await strategiesOf(names.twoForAll, 'development')).map((s) => s.parameters.rollout ?? null).sort(), ['5', null].sort());
  });
});
