import { strict as assert } from 'node:assert';
import { LaunchDarklySource } from '../../../src/core/sources/launchdarkly/launchDarklySource';
import { FaultServer } from '../support/faultServer';
import { goodLdFlag, ldToken, project, serveLaunchDarkly } from './vendorRoutes';

describe('network: vendor data never chooses a link target', () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await FaultServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  const withSite = (href: string): typeof goodLdFlag => ({
    ...goodLdFlag,
    environments: { dev: { ...goodLdFlag.environments.dev, _site: { href } } },
  });

  for (const href of ['https://evil.example/phish', '//evil.example/phish', 'javascript:alert(1)', 'http://user:pw@127.0.0.1:1/x']) {
    it(`LaunchDarkly: a _site.href of ${href} falls back to the configured host`, async () => {
      serveLaunchDarkly(server, [withSite(href)]);
      const source = new LaunchDarklySource({ token: ldToken, project, environments: [], baseUrl: server.url });
      try {
        const snapshot = await source.refresh();
        assert.equal(snapshot.flags[0]!.dashboardUrl, `${server.url}/projects/${project}/flags/${goodLdFlag.key}`);
      } finally {
        source.dispose();
      }
    });
  }

  it('LaunchDarkly: a relative _site.href is kept, on the configured host', async () => {
    serveLaunchDarkly(server, [withSite('/shop/dev/features/new-checkout?tab=targeting')]);
    const source = new LaunchDarklySource({ token: ldToken, project, environments: [], baseUrl: server.url });
    try {
      const snapshot = await source.refresh();
      assert.equal(snapshot.flags[0]!.dashboardUrl, `${server.url}/shop/dev/features/new-checkout?tab=targeting`);
    } finally {
      source.dispose();
    }
  });
});
