import { strict as assert } from 'node:assert';
import type { LaunchDarklyTestServer } from '../../../support/launchDarklyServer';
import { disposeSources, flag, projectState, rejection, source, startServer } from './fixtures';

describe('LaunchDarklySource rollout and un-release', () => {
  let server: LaunchDarklyTestServer;
  beforeEach(async () => {
    const state = projectState();
    // A rollout bucketed by something other than the key: the change must keep it.
    state.flags[0]!.environments!.test!.fallthrough = {
      rollout: { variations: [{ variation: 0, weight: 25000 }, { variation: 1, weight: 75000 }], bucketBy: 'accountId', contextKind: 'organization' },
    };
    server = await startServer(state);
  });
  afterEach(async () => {
    disposeSources();
    await server.close();
  });

  const patchesOf = (key: string) => server.requestsTo(`/api/v2/flags/web-shop/${key}`, 'PATCH');

  it('sends updateFallthroughVariationOrRollout with weights in thousandths, keeping the bucketing', async () => {
    const ramp = source(server);
    await ramp.refresh();
    await ramp.setRollout({ key: 'new-checkout', environment: 'test', percent: 40.5, comment: 'ramp' });
    const patches = patchesOf('new-checkout');
    assert.equal(patches.length, 1);
    assert.equal(patches[0]!.headers['content-type'], 'application/json; domain-model=launchdarkly.semanticpatch');
    assert.deepEqual(JSON.parse(patches[0]!.body), {
      environmentKey: 'test',
      comment: 'ramp',
      instructions: [
        { kind: 'updateFallthroughVariationOrRollout', rolloutWeights: { 'v-true': 40500, 'v-false': 59500 }, rolloutBucketBy: 'accountId', rolloutContextKind: 'organization' },
      ],
    });
    // The server applied it, and the source read it back.
    assert.deepEqual(flag(ramp.snapshot!, 'new-checkout').environments.test!.serving, {
      type: 'split',
      split: [{ variation: 'true', percent: 40.5 }, { variation: 'false', percent: 59.5 }],
    });
  });

  it('ramps a flag that served one variation, without bucketing fields it never had', async () => {
    await source(server).setRollout({ key: 'new-checkout', environment: 'development', percent: 100 });
    assert.deepEqual(JSON.parse(patchesOf('new-checkout')[0]!.body), {
      environmentKey: 'development',
      instructions: [{ kind: 'updateFallthroughVariationOrRollout', rolloutWeights: { 'v-true': 100000, 'v-false': 0 } }],
    });
  });

  it('un-releases with targeting off, setting the off variation first when it is another one', async () => {
    server.state.flags[0]!.environments!.development!.offVariation = 0;
    const ramp = source(server);
    await ramp.unrelease({ key: 'new-checkout', environment: 'development' });
    assert.deepEqual(JSON.parse(patchesOf('new-checkout')[0]!.body), {
      environmentKey: 'development',
      instructions: [{ kind: 'updateOffVariation', variationId: 'v-false' }, { kind: 'turnFlagOff' }],
    });
    const development = flag(ramp.snapshot!, 'new-checkout').environments.development!;
    assert.equal(development.on, false);
    assert.equal(development.offVariation, 'false');
  });

  it('refuses protected environments and flags without on/off variations, sending nothing', async () => {
    const ramp = source(server);
    const protectedError = await rejection(ramp.setRollout({ key: 'new-checkout', environment: 'staging', percent: 10 }));
    assert.equal(protectedError.reason, 'protectedEnvironment');
    assert.match(protectedError.message, /Refusing to change 'new-checkout' in 'staging'/);
    const unreleaseError = await rejection(ramp.unrelease({ key: 'new-checkout', environment: 'staging' }));
    assert.equal(unreleaseError.reason, 'protectedEnvironment');
    const multivariate = await rejection(ramp.setRollout({ key: 'button-color', environment: 'development', percent: 10 }));
    assert.equal(multivariate.reason, 'unsupported');
    assert.match(multivariate.message, /no on\/off variations .*'Control', 'blue', 'green'/);
    assert.equal(server.requestsTo('/api/v2/flags/web-shop/', 'PATCH').length, 0);
  });

  it('reports the approval LaunchDarkly asks for', async () => {
    server.approvalRequired.add('new-checkout/test');
    const error = await rejection(source(server).setRollout({ key: 'new-checkout', environment: 'test', percent: 50 }));
    assert.equal(error.reason, 'approvalRequired');
    assert.match(error.message, /approved change request to change the rollout of 'new-checkout' in 'test'/);
  });
});
