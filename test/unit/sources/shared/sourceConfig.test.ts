import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSourcesDetailed } from '../../../../src/core/sources/createSources';
import type { FlagLensConfig } from '../../../../src/core/config/model';
import type { FlagSource } from '../../../../src/core/sources/model';
import { validateSourcesConfig } from '../../../../src/core/sources/sourceConfig';

describe('sources/validateSourcesConfig', () => {
  it('uses defaults for an absent section', () => {
    assert.deepEqual(validateSourcesConfig(undefined), { config: { pollIntervalSeconds: 60, protectedEnvironments: [] }, problems: [] });
  });

  it('accepts the documented shape', () => {
    const { config, problems } = validateSourcesConfig({
      flagd: { files: ['flags/*.flagd.json'] },
      launchdarkly: { project: 'my-project', environments: ['test', 'production'], baseUrl: 'https://app.launchdarkly.com/' },
      unleash: { url: 'http://127.0.0.1:4242', project: 'default', environments: ['development', 'production'] },
      pollIntervalSeconds: 30,
      protectedEnvironments: ['production'],
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      flagd: { files: ['flags/*.flagd.json'] },
      launchdarkly: { project: 'my-project', environments: ['test', 'production'], baseUrl: 'https://app.launchdarkly.com' },
      unleash: { url: 'http://127.0.0.1:4242', project: 'default', environments: ['development', 'production'] },
      pollIntervalSeconds: 30,
      protectedEnvironments: ['production'],
    });
  });

  it('fills optional values: LaunchDarkly base URL, Unleash project; flagd false turns the default off', () => {
    const { config } = validateSourcesConfig({ launchdarkly: { project: 'p' }, unleash: { url: 'https://unleash.example.com' }, flagd: false });
    assert.deepEqual(config.launchdarkly, { project: 'p', environments: [], baseUrl: 'https://app.launchdarkly.com' });
    assert.deepEqual(config.unleash, { url: 'https://unleash.example.com', project: 'default' });
    assert.equal(config.flagd, false);
  });

  it('reports each bad entry with its path and line, drops only that source', () => {
    const text = `{
  "sources": {
    "launchdarkly": { "environments": "prod" },
    "unleash": { "url": "localhost:4242" },
    "pollIntervalSeconds": 2,
    "protectedEnvironments": "production",
    "flagd": { "files": [] },
    "growthbook": {}
  }
}`;
    const raw = (JSON.parse(text) as { sources: unknown }).sources;
    const { config, problems } = validateSourcesConfig(raw, { file: '/ws/.flaglens.json', text });
    assert.deepEqual(
      problems.map((p) => [p.path, p.line]),
      [
        ['sources.growthbook', 7],
        ['sources.flagd.files', 6],
        // The entry is dropped for its wrong value; a missing project is reported once it is fixed.
        ['sources.launchdarkly.environments', 2],
        ['sources.unleash.url', 3],
        ['sources.pollIntervalSeconds', 4],
        ['sources.protectedEnvironments', 5],
      ],
    );
    assert.ok(problems.every((p) => p.file === '/ws/.flaglens.json' && !p.message.includes('\n')));
    assert.equal(config.launchdarkly, undefined);
    assert.equal(config.unleash, undefined);
    assert.equal(config.pollIntervalSeconds, 10);
    assert.deepEqual(config.flagd, {});
  });

  it('rejects a section that is not an object', () => {
    assert.equal(validateSourcesConfig(['flagd']).problems[0]!.message, '"sources" must be an object.');
  });
});

describe('sources/createSources', () => {
  let root: string;
  let created: FlagSource[] = [];

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-create-'));
  });

  afterEach(async () => {
    for (const source of created) source.dispose();
    created = [];
    await fs.rm(root, { recursive: true, force: true });
  });

  async function create(sources: unknown, secrets = {}, allowRemote = true) {
    const result = await createSourcesDetailed({ root, config: { patterns: [], exclude: [], sources: sources as FlagLensConfig['sources'] }, secrets, allowRemote });
    created.push(...result.sources);
    return result;
  }

  it('discovers flagd files when no sources are configured, and nothing when there are none', async () => {
    assert.deepEqual((await create(undefined)).sources, []);
    await fs.writeFile(path.join(root, 'app.flagd.json'), '{"flags": {}}');
    const { sources } = await create(undefined);
    assert.deepEqual(sources.map((s) => s.kind), ['flagd']);
    assert.equal((await create({ flagd: false })).sources.length, 0);
  });

  it('creates remote sources only with a token and allowRemote, and says why otherwise', async () => {
    await fs.writeFile(path.join(root, 'app.flagd.json'), '{"flags": {}}');
    const section = { launchdarkly: { project: 'shop', environments: ['test'] }, unleash: { url: 'http://127.0.0.1:4242' } };
    const withoutTokens = await create(section);
    assert.deepEqual(withoutTokens.sources.map((s) => s.kind), []);
    assert.deepEqual(withoutTokens.skipped.map((s) => [s.kind, s.reason]), [
      ['launchdarkly', 'no LaunchDarkly access token is set.'],
      ['unleash', 'no Unleash API token is set.'],
    ]);
    const withTokens = await create(section, { launchDarklyToken: 'api-token', unleashToken: '*:*.token' });
    assert.deepEqual(withTokens.sources.map((s) => [s.kind, s.label]), [['launchdarkly', 'LaunchDarkly: shop'], ['unleash', 'Unleash: default']]);
    // Untrusted: no remote source, and the local flagd files instead.
    const untrusted = await create(section, { launchDarklyToken: 'api-token', unleashToken: '*:*.token' }, false);
    assert.deepEqual(untrusted.sources.map((s) => s.kind), ['flagd']);
    assert.equal(untrusted.skipped.length, 2);
  });

  it('creates a configured flagd source even before its files exist, and reports config problems', async () => {
    const result = await create({ flagd: { files: ['flags/*.json'] }, unleash: { url: 42 } });
    assert.deepEqual(result.sources.map((s) => s.kind), ['flagd']);
    assert.deepEqual(result.problems.map((p) => p.path), ['sources.unleash.url']);
  });
});
