import { checkFamily } from './fixtureHarness';

describe('references: SDK pattern families', () => {
  it('LaunchDarkly server and client SDKs (init/initialize, class fields, typed params, assignments, allFlags)', async () => {
    (await checkFamily('launchdarkly')).dispose();
  });

  it('LaunchDarkly React: useFlags props, destructuring, camelCase to known key or kebab-case, useLDClient', async () => {
    (await checkFamily('launchdarklyReact', { knownKeys: ['known_camel_key'] })).dispose();
  });

  it('LaunchDarkly React with useCamelCaseFlagKeys: false keeps keys as written', async () => {
    (await checkFamily('launchdarklyReactNoCamel')).dispose();
  });

  it('LaunchDarkly withLDConsumer: flags and ldClient props (destructured, props., nested, class this.props, component in another file)', async () => {
    (await checkFamily('ldConsumer')).dispose();
  });

  it('OpenFeature server, web and React SDKs, including an exported client used from another file', async () => {
    (await checkFamily('openfeature')).dispose();
  });

  it('Unleash server (client instance and module functions) and React/proxy clients', async () => {
    (await checkFamily('unleash')).dispose();
  });

  it('GrowthBook instance methods, React hooks and JSX components', async () => {
    (await checkFamily('growthbook')).dispose();
  });
});
