import { strict as assert } from 'node:assert';
import { LaunchDarklySource } from '../../../src/core/sources/launchdarkly/launchDarklySource';
import type { FlagSource } from '../../../src/core/sources/model';
import { UnleashSource } from '../../../src/core/sources/unleash/unleashSource';
import { FaultServer, reply } from '../support/faultServer';
import { goodLdFlag, ldPaths, ldToken, project, rejection, serveLaunchDarkly, serveUnleash, unleashPaths, unleashToken } from './vendorRoutes';

interface Case {
  what: string;
  path: string;
  body: unknown;
  /** Names the reply the message must point at. */
  about: RegExp;
}

const ldCases: Case[] = [
  { what: 'environments items not a list', path: ldPaths.environments, body: { items: 'notarray' }, about: /the environments of project 'shop'/ },
  { what: 'an environment without a key', path: ldPaths.environments, body: { items: [{ name: 'Dev' }] }, about: /environments of project 'shop' \(items\[0\] has no key\)/ },
  { what: 'a null item', path: ldPaths.flags, body: { items: [null] }, about: /the flags of project 'shop'/ },
  { what: 'a flag without a key', path: ldPaths.flags, body: { items: [{ ...goodLdFlag, key: undefined }] }, about: /the flags of project 'shop' \(items\[0\] has no key\)/ },
  { what: 'a numeric flag key', path: ldPaths.flags, body: { items: [{ ...goodLdFlag, key: 42 }] }, about: /has no key/ },
  { what: 'variations not a list', path: ldPaths.flags, body: { items: [{ ...goodLdFlag, variations: 'on,off' }] }, about: /variations is not a list/ },
  { what: 'environments not an object', path: ldPaths.flags, body: { items: [{ ...goodLdFlag, environments: ['dev'] }] }, about: /environments is not an object/ },
  { what: 'a config whose on is a string', path: ldPaths.flags, body: { items: [{ ...goodLdFlag, environments: { dev: { on: 'yes' } } }] }, about: /\.on is not a boolean/ },
  { what: 'rules not a list', path: ldPaths.flags, body: { items: [{ ...goodLdFlag, environments: { dev: { on: true, rules: 'all' } } }] }, about: /rules is not a list/ },
  { what: 'target values not a list', path: ldPaths.flags, body: { items: [{ ...goodLdFlag, environments: { dev: { on: true, targets: [{ values: 'alice', variation: 0 }] } } }] }, about: /values is not a list/ },
  { what: 'a next link that is not a string', path: ldPaths.flags, body: { items: [], _links: { next: { href: 7 } } }, about: /_links\.next\.href is not a string/ },
  { what: 'tags holding objects', path: ldPaths.flags, body: { items: [{ ...goodLdFlag, tags: [{}] }] }, about: /tags holds a non-string/ },
];

const unleashCases: Case[] = [
  { what: 'features not a list', path: unleashPaths.features, body: { features: 'notarray' }, about: /the flags of project 'shop' \(features is not a list\)/ },
  { what: 'a null feature', path: unleashPaths.features, body: { features: [null] }, about: /features\[0\] is not an object/ },
  { what: 'a feature without a name', path: unleashPaths.features, body: { features: [{ type: 'release' }] }, about: /features\[0\] has no key/ },
  { what: 'feature environments not a list', path: unleashPaths.features, body: { features: [{ name: 'new-checkout', environments: 'development' }] }, about: /environments is not a list/ },
  { what: 'enabled as a string', path: unleashPaths.features, body: { features: [{ name: 'new-checkout', environments: [{ name: 'development', enabled: 'true' }] }] }, about: /enabled is not a boolean/ },
  { what: 'strategies not a list', path: unleashPaths.feature, body: { name: 'new-checkout', environments: [{ name: 'development', enabled: true, strategies: {} }] }, about: /flag 'new-checkout' \(environments\[0\]\.strategies is not a list\)/ },
  { what: 'a strategy without a name', path: unleashPaths.feature, body: { name: 'new-checkout', environments: [{ name: 'development', enabled: true, strategies: [{}] }] }, about: /strategies\[0\] has no key/ },
  { what: 'a project environment without a name', path: unleashPaths.project, body: { environments: [{}] }, about: /project 'shop' \(environments\[0\] has no key\)/ },
  { what: 'a reply that is a list', path: unleashPaths.project, body: [], about: /project 'shop' \(the reply is not an object\)/ },
];

describe('network: malformed vendor replies are one clear parse error', () => {
  let server: FaultServer;
  const sources: FlagSource[] = [];
  beforeEach(async () => {
    server = await FaultServer.start();
  });
  afterEach(async () => {
    for (const source of sources.splice(0)) source.dispose();
    await server.close();
  });

  const vendors = [
    { name: 'LaunchDarkly', cases: ldCases, serve: serveLaunchDarkly, create: () => new LaunchDarklySource({ token: ldToken, project, environments: [], baseUrl: server.url }) },
    { name: 'Unleash', cases: unleashCases, serve: serveUnleash, create: () => new UnleashSource({ token: unleashToken, url: server.url, project }) },
  ];
  for (const vendor of vendors) {
    for (const testCase of vendor.cases) {
      it(`${vendor.name}: ${testCase.what}`, async () => {
        vendor.serve(server).route(testCase.path, reply.json(200, testCase.body));
        const source = vendor.create();
        sources.push(source);
        const error = await rejection(source.refresh());
        assert.equal(error.reason, 'parse', error.message);
        assert.ok(error.message.startsWith(`${vendor.name} returned an unexpected response for `), error.message);
        assert.match(error.message, testCase.about);
        assert.doesNotMatch(error.message, /TypeError|Cannot read|undefined|is not a function|is not iterable/);
        assert.equal(source.snapshot, undefined, 'nothing was published');
      });
    }
  }
});

describe('network: a reply cannot make a refresh unbounded', () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await FaultServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('Unleash: a flag list of absurd length is refused instead of fetching every flag', async () => {
    const features = Array.from({ length: 20_001 }, (_, i) => ({ name: `flag-${i}` }));
    serveUnleash(server).route(unleashPaths.features, reply.json(200, { features }));
    const source = new UnleashSource({ token: unleashToken, url: server.url, project });
    try {
      const error = await rejection(source.refresh());
      assert.equal(error.reason, 'parse');
      assert.match(error.message, /^Unleash returned an unexpected response for the flags of project 'shop' \(20001 flags/);
      assert.ok(server.count() < 20, `${server.count()} requests`);
    } finally {
      source.dispose();
    }
  });
});
