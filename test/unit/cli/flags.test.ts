import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { silentLogger } from '../../../src/core/log';
import type { FlagsReportJson } from '../../../src/core/report/flagsReport';
import { LaunchDarklyTestServer, ldEnvironment, ldFlag } from '../../support/launchDarklyServer';

const fixtures = path.resolve(__dirname, '../../fixtures/flagd');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env,
    logger: silentLogger,
    signal: new AbortController().signal,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe('cli flags', () => {
  let temp: string;

  beforeEach(async () => {
    temp = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-cli-flags-'));
  });

  afterEach(async () => {
    await fs.rm(temp, { recursive: true, force: true });
  });

  it('prints the documented JSON shape for the flagd files in a directory', async () => {
    const result = await run(['flags', path.join(fixtures, 'basic'), '--format', 'json'], temp);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const report = JSON.parse(result.stdout) as FlagsReportJson;
    assert.equal(report.version, 1);
    assert.equal(report.source, 'flagd');
    assert.deepEqual(report.problems, []);
    assert.equal(report.flags.length, 9);
    const checkout = report.flags.find((f) => f.key === 'new-checkout');
    assert.deepEqual(checkout, {
      key: 'new-checkout',
      name: 'new-checkout',
      kind: 'boolean',
      temporary: true,
      archived: false,
      type: null,
      source: 'flagd',
      environments: {
        'shop-dev': {
          on: true,
          protected: false,
          serving: { type: 'split', split: [{ variation: 'on', percent: 25 }, { variation: 'off', percent: 75 }] },
          lastModified: null,
          status: null,
          lastEvaluated: null,
        },
      },
    });
    const rollout = report.flags.find((f) => f.key === 'checkout-rollout')!;
    assert.deepEqual(rollout.environments['shop-dev']!.serving, {
      type: 'rules',
      count: 2,
      summary: 'email ends_with @example.com → on; userId in u-1, u-2, u-3 → split on 25% · off 75%; else off',
      fallthrough: { type: 'variation', variation: 'off' },
    });
    assert.equal(report.flags.find((f) => f.key === 'free-shipping')!.environments['shop-dev']!.on, false);
  });

  it('prints a readable text listing by default', async () => {
    const result = await run(['flags'], path.join(fixtures, 'basic'));
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], 'flagd: shop.flagd.json · 9 flags · environments: shop-dev');
    // The state is its own column (enabled/disabled); what code gets follows it.
    assert.ok(lines.some((l) => /^ {4}shop-dev {2}enabled {3}serves on 25% · off 75%$/.test(l)), result.stdout);
    assert.ok(lines.some((l) => /^ {4}shop-dev {2}disabled {2}serves the code default$/.test(l)), result.stdout);
    assert.doesNotMatch(result.stdout, /\b(ON|OFF)\b/, 'no ON/OFF that could be read as the variations named on and off');
  });

  it('lists a manifest as keys with defaults', async () => {
    const result = await run(['flags', '--format', 'json'], path.join(fixtures, 'manifest'));
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as FlagsReportJson;
    assert.deepEqual(report.flags.find((f) => f.key === 'max-retries'), { key: 'max-retries', name: 'max-retries', kind: 'number', temporary: true, archived: false, type: null, source: 'flagd', defaultValue: 3, environments: {} });
  });

  it('exits 3 with the file and line on stderr for a malformed flag file', async () => {
    const result = await run(['flags', path.join(fixtures, 'malformed'), '--format', 'json'], temp);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /^flaglens flags: flagd: broken\.flagd\.json: broken\.flagd\.json:10:7: Invalid JSON: comma expected\.\n$/);
    const report = JSON.parse(result.stdout) as FlagsReportJson;
    assert.deepEqual(report.problems.map((p) => [p.line, p.character, p.severity]), [[9, 6, 'error']]);
  });

  it('uses .flaglens.json sources.flagd.files and --env filters environments', async () => {
    await fs.mkdir(path.join(temp, 'flags'));
    await fs.copyFile(path.join(fixtures, 'basic/shop.flagd.json'), path.join(temp, 'flags/shop.json'));
    await fs.writeFile(path.join(temp, 'ignored.flagd.json'), '{"flags": {}}');
    await fs.writeFile(path.join(temp, '.flaglens.json'), JSON.stringify({ sources: { flagd: { files: ['flags/*.json'] } } }));
    const all = JSON.parse((await run(['flags', '--format', 'json'], temp)).stdout) as FlagsReportJson;
    assert.equal(all.flags.length, 9);
    assert.deepEqual(Object.keys(all.flags[0]!.environments), ['shop-dev']);
    const filtered = await run(['flags', '--format', 'json', '--env', 'staging'], temp);
    assert.deepEqual(Object.keys((JSON.parse(filtered.stdout) as FlagsReportJson).flags[0]!.environments), []);
    assert.match(filtered.stderr, /has no environment 'staging' \(known: shop-dev\)/);
  });

  it('exits 2 for usage and config errors, each with one line on stderr', async () => {
    const cases: [string[], RegExp][] = [
      [['flags', '--source', 'bogus'], /Unknown --source 'bogus'/],
      [['flags', '--format', 'xml'], /Unknown --format 'xml'/],
      [['flags', '--url', 'http://127.0.0.1:1'], /--url and --project need --source/],
      [['flags', '--source', 'unleash'], /Unleash needs a server URL/],
      [['flags', '--source', 'unleash', '--url', 'http://127.0.0.1:1'], /Set UNLEASH_API_TOKEN/],
      [['flags', '--source', 'launchdarkly'], /LaunchDarkly needs a project/],
      [['flags', '--source', 'unleash', '--url', 'ftp://x'], /--url must be an http\(s\) URL/],
      [['flags'], /No flag sources/],
      [['flags', 'does-not-exist'], /does not exist/],
    ];
    for (const [argv, pattern] of cases) {
      const result = await run(argv, temp);
      assert.equal(result.code, 2, `${argv.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, pattern);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
    await fs.writeFile(path.join(temp, '.flaglens.json'), '{\n  "sources": {\n    "unleash": { "url": "http://x" \n  }\n}\n');
    const syntax = await run(['flags'], temp);
    assert.equal(syntax.code, 2);
    assert.match(syntax.stderr, /\.flaglens\.json:6:1: JSON syntax error: CloseBraceExpected/);
    await fs.writeFile(path.join(temp, '.flaglens.json'), '{\n  "sources": {\n    "unleash": { "url": 42 }\n  }\n}\n');
    const bad = await run(['flags'], temp);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /\.flaglens\.json:3:\d+: "unleash\.url" must be the server's http\(s\) URL/);
  });

  it('exits 3 when a remote source cannot be reached, without printing the token', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const token = '*:development.0123456789abcdef0123456789abcdef';
    const result = await run(['flags', '--source', 'unleash', '--url', `http://127.0.0.1:${port}`], temp, { UNLEASH_API_TOKEN: token });
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.ok(!result.stderr.includes(token));
    assert.ok(!result.stderr.includes('0123456789abcdef'));
  });

  it('still lists the sources that answered when another fails, and exits 3', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await fs.copyFile(path.join(fixtures, 'basic/shop.flagd.json'), path.join(temp, 'shop.flagd.json'));
    await fs.writeFile(path.join(temp, '.flaglens.json'), JSON.stringify({ sources: { flagd: {}, unleash: { url: `http://127.0.0.1:${port}` } } }));
    const result = await run(['flags', '--format', 'json'], temp, { UNLEASH_API_TOKEN: 'some-admin-token', FLAGLENS_UNLEASH_URL: `http://127.0.0.1:${port}` });
    assert.equal(result.code, 3, result.stderr);
    const report = JSON.parse(result.stdout) as FlagsReportJson;
    assert.equal(report.source, 'flagd');
    assert.equal(report.flags.length, 9);
    assert.match(result.stderr, /^flaglens flags: Unleash: default: .*connection refused/m);
  });

  it('exits 3 for an unauthorized token', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"message":"You must log in to use Unleash."}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const result = await run(['flags', '--source', 'unleash', '--url', `http://127.0.0.1:${port}`], temp, { UNLEASH_API_TOKEN: 'wrong-token-value' });
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /401/);
      assert.ok(!result.stderr.includes('wrong-token-value'));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('cli toggle', () => {
  let temp: string;
  let file: string;
  let original: string;

  beforeEach(async () => {
    temp = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-cli-toggle-'));
    file = path.join(temp, 'shop.flagd.json');
    original = await fs.readFile(path.join(fixtures, 'basic/shop.flagd.json'), 'utf8');
    await fs.writeFile(file, original);
  });

  afterEach(async () => {
    await fs.rm(temp, { recursive: true, force: true });
  });

  it('turns a flag off in a temp copy with a one-value edit', async () => {
    const result = await run(['toggle', 'dark-mode', 'off', '--env', 'shop-dev'], temp);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "'dark-mode' is now disabled in shop-dev: code gets its own default value. (flagd: shop.flagd.json)\n");
    const expected = original.replace(
      '"dark-mode": {\n      "state": "ENABLED"',
      '"dark-mode": {\n      "state": "DISABLED"',
    );
    assert.notEqual(expected, original);
    assert.equal(await fs.readFile(file, 'utf8'), expected);
  });

  it('turns a flag on, infers the only environment and reports JSON', async () => {
    const result = await run(['toggle', 'free-shipping', 'on', '--format', 'json'], temp);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as { version: number; source: string; key: string; environment: string; on: boolean; flag: { environments: Record<string, { on: boolean }> } };
    assert.deepEqual([json.version, json.source, json.key, json.environment, json.on], [1, 'flagd', 'free-shipping', 'shop-dev', true]);
    assert.equal(json.flag.environments['shop-dev']!.on, true);
    assert.ok((await fs.readFile(file, 'utf8')).includes('"free-shipping": {\n      "state": "ENABLED"'));
  });

  it('refuses a protected environment with exit 2 unless --allow-protected', async () => {
    // Without a flagSetId the file name is the environment name.
    await fs.rm(file);
    const prod = path.join(temp, 'production.flagd.json');
    original = original.replace('"flagSetId": "shop-dev",\n    ', '');
    assert.ok(!original.includes('flagSetId'));
    await fs.writeFile(prod, original);
    const refused = await run(['toggle', 'dark-mode', 'off', '--env', 'production'], temp);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /Refusing to change 'dark-mode' in 'production': its name 'production' looks like production.*--allow-protected/);
    assert.equal(await fs.readFile(prod, 'utf8'), original);
    const allowed = await run(['toggle', 'dark-mode', 'off', '--env', 'production', '--allow-protected'], temp);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(await fs.readFile(prod, 'utf8'), original.replace('"dark-mode": {\n      "state": "ENABLED"', '"dark-mode": {\n      "state": "DISABLED"'));
  });

  it('exits 2 for unknown keys (with a suggestion), unknown environments and bad arguments', async () => {
    const cases: [string[], RegExp][] = [
      [['toggle', 'dark-mod', 'off'], /Flag 'dark-mod' not found in flagd: shop\.flagd\.json\. Did you mean 'dark-mode'\?/],
      [['toggle', 'dark-mode', 'off', '--env', 'staging'], /has no environment 'staging' \(known: shop-dev\)/],
      [['toggle', 'dark-mode', 'maybe'], /Expected on or off, got 'maybe'/],
      [['toggle', 'dark-mode'], /Expected <key> on\|off/],
      [['toggle', 'dark-mode', 'on', '--env', 'a', '--env', 'b'], /one environment at a time/],
    ];
    for (const [argv, pattern] of cases) {
      const result = await run(argv, temp);
      assert.equal(result.code, 2, `${argv.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, pattern);
    }
    assert.equal(await fs.readFile(file, 'utf8'), original);
  });

  it('exits 3 when the flag file is broken and leaves it untouched', async () => {
    const broken = original.replace('"state": "DISABLED",', '"state": "DISABLED"');
    await fs.writeFile(file, broken);
    const result = await run(['toggle', 'dark-mode', 'off', '--env', 'shop-dev'], temp);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /a flag file could not be read: .*shop\.flagd\.json:\d+:\d+: Invalid JSON/);
    assert.equal(await fs.readFile(file, 'utf8'), broken);
  });
});

describe('cli flags/toggle against the local LaunchDarkly API server', () => {
  const token = 'api-11111111-2222-3333-4444-555555555555';
  let server: LaunchDarklyTestServer;
  let temp: string;

  beforeEach(async () => {
    temp = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-cli-ld-'));
    server = await LaunchDarklyTestServer.start({
      token,
      project: 'shop',
      environments: [ldEnvironment('development'), ldEnvironment('production', { critical: true })],
      flags: [
        ldFlag('new-checkout', {
          development: { on: true, fallthrough: { rollout: { variations: [{ variation: 0, weight: 25000 }, { variation: 1, weight: 75000 }] } } },
          production: { on: false },
        }),
      ],
    });
  });

  afterEach(async () => {
    await server.close();
    await fs.rm(temp, { recursive: true, force: true });
  });

  const ld = (...argv: string[]) => [...argv, '--source', 'launchdarkly', '--url', server.url, '--project', 'shop'];

  it('lists per-environment state in the documented JSON shape', async () => {
    const result = await run(ld('flags', '--env', 'development', '--env', 'production', '--format', 'json'), temp, { LAUNCHDARKLY_API_TOKEN: token });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as FlagsReportJson;
    assert.equal(report.source, 'launchdarkly');
    const flag = report.flags.find((f) => f.key === 'new-checkout')!;
    assert.deepEqual(Object.keys(flag.environments).sort(), ['development', 'production']);
    assert.equal(flag.environments.development!.on, true);
    assert.equal(flag.environments.development!.serving.type, 'split');
    assert.deepEqual(
      flag.environments.development!.serving.type === 'split' ? flag.environments.development!.serving.split.map((p) => p.percent) : [],
      [25, 75],
    );
    assert.equal(flag.environments.production!.protected, true);
    assert.equal(flag.environments.development!.lastModified, new Date(Date.UTC(2026, 10, 1)).toISOString());
    assert.ok(!result.stdout.includes(token));
  });

  it('toggles a dev environment and refuses the critical one without --allow-protected', async () => {
    const env = { LAUNCHDARKLY_API_TOKEN: token };
    const toggled = await run(ld('toggle', 'new-checkout', 'off', '--env', 'development', '--comment', 'from the CLI test'), temp, env);
    assert.equal(toggled.code, 0, toggled.stderr);
    assert.equal(server.state.flags[0]!.environments!.development!.on, false);
    const patch = server.requestsTo('/api/v2/flags/shop/new-checkout', 'PATCH');
    assert.equal(patch.length, 1);
    assert.deepEqual(JSON.parse(patch[0]!.body), { environmentKey: 'development', comment: 'from the CLI test', instructions: [{ kind: 'turnFlagOff' }] });

    const refused = await run(ld('toggle', 'new-checkout', 'on', '--env', 'production'), temp, env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /Refusing to change 'new-checkout' in 'production'/);
    assert.equal(server.requestsTo('/api/v2/flags/shop/new-checkout', 'PATCH').length, 1);
  });

  it('exits 3 for a wrong token and never prints it', async () => {
    const wrong = 'api-99999999-8888-7777-6666-555555555555';
    const result = await run(ld('flags', '--env', 'development'), temp, { LAUNCHDARKLY_API_TOKEN: wrong });
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /401/);
    assert.ok(!result.stderr.includes(wrong) && !result.stdout.includes(wrong));
  });
});
