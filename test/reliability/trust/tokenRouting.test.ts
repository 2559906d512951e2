import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { effectiveSourceConfig } from '../../../src/core/sources/sourcePolicy';
import { silentLogger, type Logger } from '../../../src/core/log';
import { chooseTokenDestination, displayUrl, sameDestination } from '../../../src/core/sources/tokenDestinations';
import { LaunchDarklyTestServer, ldEnvironment, ldFlag } from '../../support/launchDarklyServer';
import { runCliInProcess } from '../../support/cliInProcess';

/**
 * A repository's `.flaglens.json` names a URL; the token must never go there unless the user chose
 * it. The "attacker" is a real server on loopback that records every Authorization header it sees.
 */

const ldToken = 'api-0c1d2e3f-4a5b-4c6d-8e9f-0123456789ab';
const unleashToken = '*:development.0123456789abcdef0123456789abcdef';

interface Attacker {
  url: string;
  seen: string[];
  close(): Promise<void>;
}

async function startAttacker(): Promise<Attacker> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(String(req.headers.authorization ?? '(none)'));
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end('{"message":"nope"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const run = (argv: string[], cwd: string, env: NodeJS.ProcessEnv) => runCliInProcess(argv, cwd, env, AbortSignal.timeout(30_000));

describe('reliability: tokens go only where the user said', () => {
  let dir: string;
  let attacker: Attacker;
  let vendor: LaunchDarklyTestServer;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-trust-'));
    attacker = await startAttacker();
    vendor = await LaunchDarklyTestServer.start({
      token: ldToken,
      project: 'shop',
      environments: [ldEnvironment('development'), ldEnvironment('production', { critical: true })],
      flags: [ldFlag('new-checkout', { development: { on: true }, production: { on: false } })],
    });
    await fs.mkdir(path.join(dir, 'src'));
    await fs.writeFile(
      path.join(dir, 'src/app.ts'),
      "import { init } from '@launchdarkly/node-server-sdk';\nconst client = init('sdk');\nexport const on = client.variation('new-checkout', { key: 'u' }, false);\n",
    );
  });

  afterEach(async () => {
    await attacker.close();
    await vendor.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const writeConfig = (sources: unknown) => fs.writeFile(path.join(dir, '.flaglens.json'), JSON.stringify({ sources }));
  const ldConfig = () => ({ flagd: false, launchdarkly: { project: 'shop', environments: ['development'], baseUrl: attacker.url } });
  const userEnv = () => ({ LAUNCHDARKLY_API_TOKEN: ldToken, FLAGLENS_LAUNCHDARKLY_URL: vendor.url });

  for (const argv of [
    ['stale', '.'],
    ['flags', '.'],
    ['toggle', 'new-checkout', 'off', '--env', 'development'],
    ['cleanup', 'new-checkout', '.'],
  ]) {
    it(`${argv[0]}: a LaunchDarkly baseUrl in .flaglens.json never receives the token; the user's URL does`, async () => {
      await writeConfig(ldConfig());
      const result = await run(argv, dir, userEnv());
      assert.deepEqual(attacker.seen, [], `the repository's URL received: ${attacker.seen.join(', ')}`);
      assert.ok(vendor.requests.length > 0, 'the user-chosen server was asked');
      assert.match(result.stderr, new RegExp(`warning: Ignoring sources\\.launchdarkly\\.baseUrl \\(${attacker.url.replace(/[.]/g, '\\.')}\\).*only sent to ${vendor.url.replace(/[.]/g, '\\.')}`));
      assert.equal(result.stderr.split('\n').filter((l) => l.includes('Ignoring')).length, 1, 'one warning line');
      assert.ok(!result.stderr.includes(ldToken) && !result.stdout.includes(ldToken));
    });
  }

  for (const argv of [['stale', '.'], ['flags', '.'], ['toggle', 'new-checkout', 'off', '--env', 'development'], ['cleanup', 'new-checkout', '.']]) {
    it(`${argv[0]}: an Unleash url in .flaglens.json with no URL chosen by the user is not contacted`, async () => {
      await writeConfig({ flagd: false, unleash: { url: attacker.url, project: 'default' } });
      const result = await run(argv, dir, { UNLEASH_API_TOKEN: unleashToken });
      assert.deepEqual(attacker.seen, []);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /Ignoring sources\.unleash\.url \(http:\/\/127\.0\.0\.1:\d+\).*FLAGLENS_UNLEASH_URL.*--trust-config-urls/);
    });
  }

  it('--source launchdarkly without --url also ignores the config baseUrl (vendor default or FLAGLENS_LAUNCHDARKLY_URL)', async () => {
    await writeConfig(ldConfig());
    const result = await run(['flags', '.', '--source', 'launchdarkly'], dir, userEnv());
    assert.deepEqual(attacker.seen, []);
    assert.equal(result.code, 0, result.stderr);
  });

  it('--url wins over the config without a warning', async () => {
    await writeConfig(ldConfig());
    const result = await run(['flags', '.', '--source', 'launchdarkly', '--url', vendor.url], dir, { LAUNCHDARKLY_API_TOKEN: ldToken });
    assert.deepEqual(attacker.seen, []);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!/warning: Ignoring/.test(result.stderr));
  });

  it('--trust-config-urls is the explicit opt-in that uses the file URL', async () => {
    await writeConfig(ldConfig());
    const result = await run(['flags', '.', '--trust-config-urls'], dir, { LAUNCHDARKLY_API_TOKEN: ldToken });
    assert.equal(attacker.seen.length > 0, true);
    assert.equal(result.code, 3);
  });

  it('an invalid FLAGLENS_*_URL is a usage error that hides a password', async () => {
    await writeConfig(ldConfig());
    const result = await run(['flags', '.'], dir, { LAUNCHDARKLY_API_TOKEN: ldToken, FLAGLENS_LAUNCHDARKLY_URL: 'ftp://user:hunter2@example.invalid' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /FLAGLENS_LAUNCHDARKLY_URL must be an http\(s\) URL/);
    assert.ok(!result.stderr.includes('hunter2'));
    assert.deepEqual(attacker.seen, []);
  });
});

describe('reliability: one token-destination rule for the CLI and the extension', () => {
  it('chooses the user URL or the vendor default, never the file URL, unless trusted', () => {
    assert.deepEqual(chooseTokenDestination('launchdarkly', undefined, { user: {} }), { url: 'https://app.launchdarkly.com' });
    assert.equal(chooseTokenDestination('launchdarkly', 'https://app.launchdarkly.com/', { user: {} }).warning, undefined);
    assert.equal(chooseTokenDestination('launchdarkly', 'https://evil.example', { user: {} }).url, 'https://app.launchdarkly.com');
    assert.equal(chooseTokenDestination('launchdarkly', 'https://evil.example', { user: { launchdarkly: 'https://relay.corp' } }).url, 'https://relay.corp');
    assert.equal(chooseTokenDestination('unleash', 'https://evil.example', { user: {} }).url, undefined);
    assert.equal(chooseTokenDestination('unleash', 'https://evil.example', { user: {}, trustConfigUrls: true }).url, 'https://evil.example');
    // Lookalikes are different destinations.
    assert.equal(sameDestination('https://app.launchdarkly.com', 'https://app.launchdarkly.com.evil.example'), false);
    assert.equal(sameDestination('https://app.launchdarkly.com', 'https://attacker@app.launchdarkly.com'), false);
    assert.equal(sameDestination('https://APP.launchdarkly.com/', 'https://app.launchdarkly.com'), true);
    assert.equal(displayUrl('http://user:hunter2@h.example/x?token=1'), 'http://user:***@h.example/x');
  });

  it('the extension ignores a workspace URL with a warning that hides its password', () => {
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (m: string) => warnings.push(m) };
    const effective = effectiveSourceConfig(
      { file: '/w/.flaglens.json', patterns: [], exclude: [], sources: { launchdarkly: { project: 'p', baseUrl: 'https://u:hunter2@evil.example' } } },
      { launchDarklyBaseUrl: 'https://app.launchdarkly.com', unleashUrl: '', protectedEnvironments: [], pollIntervalSeconds: 60 },
      { launchDarklyProject: '', launchDarklyEnvironments: [], unleashProject: '', unleashEnvironments: [] },
      true,
      logger,
    );
    assert.equal((effective.sources as { launchdarkly: { baseUrl: string } }).launchdarkly.baseUrl, 'https://app.launchdarkly.com');
    assert.equal(warnings.length, 1);
    assert.ok(warnings[0]!.includes('evil.example') && !warnings[0]!.includes('hunter2'));
  });
});
