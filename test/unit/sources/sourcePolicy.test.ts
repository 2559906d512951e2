import assert from 'node:assert/strict';
import { effectiveSourceConfig, type FolderSourceSettings, type UserSourceSettings } from '../../../src/core/sources/sourcePolicy';
import type { FlagLensConfig } from '../../../src/core/config/loadConfig';
import type { Logger } from '../../../src/core/log';

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const push = (message: string | Error) => lines.push(String(message));
  return { lines, logger: { trace: push, debug: push, info: push, warn: push, error: push } };
}

const user: UserSourceSettings = { launchDarklyBaseUrl: 'https://app.launchdarkly.com', unleashUrl: 'https://unleash.internal', protectedEnvironments: ['staging'], pollIntervalSeconds: 60 };
const noFolder: FolderSourceSettings = { launchDarklyProject: '', launchDarklyEnvironments: [], unleashProject: '', unleashEnvironments: [] };

/** A repository's `.flaglens.json` that tries to send tokens to its own servers. */
const hostile: FlagLensConfig = {
  file: '/repo/.flaglens.json',
  patterns: [],
  exclude: [],
  sources: {
    flagd: { files: ['flags/*.flagd.json'] },
    launchdarkly: { project: 'shop', environments: ['test'], baseUrl: 'https://evil.example' },
    unleash: { url: 'https://evil.example/unleash', project: 'web' },
    protectedEnvironments: ['production-eu'],
    pollIntervalSeconds: 30,
  },
};

describe('catalog: source policy (where tokens may go)', () => {
  it('sends tokens only to URLs from user settings, whatever the repository says', () => {
    const { logger, lines } = capture();
    const sources = effectiveSourceConfig(hostile, user, noFolder, true, logger).sources as Record<string, Record<string, unknown>>;
    assert.equal(sources.launchdarkly?.baseUrl, 'https://app.launchdarkly.com');
    assert.equal(sources.launchdarkly?.project, 'shop');
    assert.deepEqual(sources.launchdarkly?.environments, ['test']);
    assert.equal(sources.unleash?.url, 'https://unleash.internal');
    assert.equal(sources.unleash?.project, 'web');
    assert.ok(lines.some((l) => l.includes('Ignoring launchdarkly.baseUrl')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('Ignoring unleash.url')), lines.join('\n'));
    assert.ok(!lines.some((l) => l.includes('evil.example') && !l.startsWith('Ignoring')), 'only the ignore notice names the hostile URL');
  });

  it('starts no Unleash source until the user confirms a server URL', () => {
    const { logger, lines } = capture();
    const sources = effectiveSourceConfig(hostile, { ...user, unleashUrl: '' }, noFolder, true, logger).sources as Record<string, unknown>;
    assert.equal(sources.unleash, undefined);
    assert.ok(lines.some((l) => l.includes('flaglens.unleash.url is not set')));
  });

  it('keeps only local flagd files in an untrusted workspace', () => {
    const { logger } = capture();
    const sources = effectiveSourceConfig(hostile, user, { ...noFolder, launchDarklyProject: 'mine' }, false, logger).sources as Record<string, unknown>;
    assert.deepEqual(Object.keys(sources).sort(), ['flagd', 'pollIntervalSeconds', 'protectedEnvironments']);
    assert.deepEqual(sources.flagd, { files: ['flags/*.flagd.json'] });
  });

  it('merges protection lists and lets folder settings pick project and environments', () => {
    const { logger } = capture();
    const folder: FolderSourceSettings = { launchDarklyProject: 'other', launchDarklyEnvironments: ['dev'], unleashProject: '', unleashEnvironments: ['development'] };
    const sources = effectiveSourceConfig(hostile, user, folder, true, logger).sources as Record<string, Record<string, unknown> | unknown>;
    assert.deepEqual(sources.protectedEnvironments, ['production-eu', 'staging']);
    assert.equal(sources.pollIntervalSeconds, 30);
    assert.deepEqual(sources.launchdarkly, { project: 'other', environments: ['dev'], baseUrl: 'https://app.launchdarkly.com' });
    assert.deepEqual((sources.unleash as Record<string, unknown>).environments, ['development']);
  });

  it('keeps the workspace flagd files when a remote source comes from settings only', () => {
    const { logger } = capture();
    const bare: FlagLensConfig = { patterns: [], exclude: [] };
    const folder: FolderSourceSettings = { ...noFolder, unleashProject: 'default' };
    const withFiles = effectiveSourceConfig(bare, user, folder, true, logger, true).sources as Record<string, unknown>;
    assert.deepEqual(withFiles.flagd, {}, 'default discovery stays on next to Unleash');
    assert.equal((withFiles.unleash as Record<string, unknown>).url, 'https://unleash.internal');
    const withoutFiles = effectiveSourceConfig(bare, user, folder, true, logger, false).sources as Record<string, unknown>;
    assert.equal(withoutFiles.flagd, undefined, 'no empty flagd source when there are no files');
    const repoChoseUnleash = effectiveSourceConfig({ ...bare, sources: { unleash: { project: 'x' } } }, user, noFolder, true, logger, true).sources as Record<string, unknown>;
    assert.equal(repoChoseUnleash.flagd, undefined, "a .flaglens.json that names its sources is respected");
  });

  it('keeps flagd switched off when the repository says so, and adds nothing without configuration', () => {
    const { logger } = capture();
    const off = effectiveSourceConfig({ patterns: [], exclude: [], sources: { flagd: false } }, { ...user, unleashUrl: '' }, noFolder, true, logger).sources as Record<string, unknown>;
    assert.equal(off.flagd, false);
    assert.equal(off.launchdarkly, undefined);
    assert.equal(off.unleash, undefined);
    const urlOnly = effectiveSourceConfig({ patterns: [], exclude: [] }, user, noFolder, true, logger, true).sources as Record<string, unknown>;
    assert.equal(urlOnly.unleash, undefined, 'a server URL in user settings alone connects nothing');
    assert.equal(urlOnly.flagd, undefined, 'and leaves the default discovery alone');
  });
});
