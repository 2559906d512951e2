import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { silentLogger } from '../../../src/core/log';
import { LaunchDarklyTestServer, ldEnvironment, ldFlag } from '../../support/launchDarklyServer';

const fixtures = path.resolve(__dirname, '../../fixtures/flagd');

async function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env, logger: silentLogger, signal: new AbortController().signal };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe('cli rollout / unrelease (flagd)', () => {
  let temp: string;
  let file: string;
  let original: string;

  beforeEach(async () => {
    temp = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-cli-rollout-'));
    file = path.join(temp, 'shop.flagd.json');
    original = await fs.readFile(path.join(fixtures, 'basic/shop.flagd.json'), 'utf8');
    await fs.writeFile(file, original);
  });

  afterEach(async () => {
    await fs.rm(temp, { recursive: true, force: true });
  });

  it('sets the weights in place and says the old and new percentage', async () => {
    const result = await run(['rollout', 'new-checkout', '40', '--env', 'shop-dev'], temp);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "'new-checkout' is now at 40% in shop-dev (was 25%): it serves 'on' to 40%, 'off' to 60%. (flagd: shop.flagd.json)\n");
    assert.equal(await fs.readFile(file, 'utf8'), original.replace('["on", 1],\n          ["off", 3]', '["on", 40],\n          ["off", 60]'));
  });

  it('reports JSON with before and after', async () => {
    const result = await run(['rollout', 'new-checkout', '50%', '--format', 'json'], temp);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as { key: string; environment: string; percent: number; before: number; after: number };
    assert.deepEqual([json.key, json.environment, json.percent, json.before, json.after], ['new-checkout', 'shop-dev', 50, 25, 50]);
    // 50 % of the author's scale of 4.
    assert.ok((await fs.readFile(file, 'utf8')).includes('["on", 2],\n          ["off", 2]'));
  });

  it('un-releases: off for everyone', async () => {
    const result = await run(['unrelease', 'new-checkout', '--env', 'shop-dev'], temp);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "'new-checkout' is un-released in shop-dev: it serves 'off' (false) to everyone. (flagd: shop.flagd.json)\n");
    const flag = (JSON.parse(await fs.readFile(file, 'utf8')) as { flags: Record<string, Record<string, unknown>> }).flags['new-checkout']!;
    assert.deepEqual(flag, { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' });
  });

  it('refuses a protected environment with exit 2 unless --allow-protected', async () => {
    await fs.rm(file);
    const prod = path.join(temp, 'production.flagd.json');
    const unnamed = original.replace('"flagSetId": "shop-dev",\n    ', '');
    await fs.writeFile(prod, unnamed);
    const refused = await run(['rollout', 'new-checkout', '10', '--env', 'production'], temp);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^flaglens rollout: Refusing to change 'new-checkout' in 'production': its name 'production' looks like production.*--allow-protected/);
    const unrelease = await run(['unrelease', 'new-checkout', '--env', 'production'], temp);
    assert.equal(unrelease.code, 2);
    assert.equal(await fs.readFile(prod, 'utf8'), unnamed);
    const allowed = await run(['rollout', 'new-checkout', '10', '--env', 'production', '--allow-protected'], temp);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.ok((await fs.readFile(prod, 'utf8')).includes('["on", 10],\n          ["off", 90]'));
  });

  it('exits 2 for bad percentages and arguments, 3 for a split it cannot change, and leaves the file alone', async () => {
    const cases: [string[], number, RegExp][] = [
      [['rollout', 'new-checkout', '140'], 2, /from 0 to 100, got 140/],
      [['rollout', 'new-checkout', 'half'], 2, /Expected a percentage from 0 to 100, got 'half'/],
      [['rollout', 'new-checkout'], 2, /Expected <key> <percent>/],
      [['rollout', 'new-checkou', '5'], 2, /Did you mean 'new-checkout'\?/],
      [['rollout', 'new-checkout', '5', '--env', 'a', '--env', 'b'], 2, /one environment at a time/],
      [['rollout', 'banner-color', '5'], 3, /no on\/off variations/],
      [['unrelease'], 2, /Expected <key>/],
    ];
    for (const [argv, code, pattern] of cases) {
      const result = await run(argv, temp);
      assert.equal(result.code, code, `${argv.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, pattern);
    }
    assert.equal(await fs.readFile(file, 'utf8'), original);
  });

  it('has help for both commands', async () => {
    const rollout = await run(['rollout', '--help'], temp);
    assert.equal(rollout.code, 0);
    assert.match(rollout.stdout, /Usage: flaglens rollout <key> <percent> --env <environment>/);
    const unrelease = await run(['unrelease', '--help'], temp);
    assert.match(unrelease.stdout, /Usage: flaglens unrelease <key> --env <environment>/);
  });
});

describe('cli rollout against the local LaunchDarkly API server', () => {
  const token = 'api-11111111-2222-3333-4444-555555555555';
  let server: LaunchDarklyTestServer;
  let temp: string;

  beforeEach(async () => {
    temp = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-cli-ld-rollout-'));
    server = await LaunchDarklyTestServer.start({
      token,
      project: 'shop',
      environments: [ldEnvironment('development'), ldEnvironment('production', { critical: true })],
      flags: [ldFlag('new-checkout', { development: { on: true, fallthrough: { variation: 1 } }, production: { on: true } })],
    });
  });

  afterEach(async () => {
    await server.close();
    await fs.rm(temp, { recursive: true, force: true });
  });

  const ld = (...argv: string[]) => [...argv, '--source', 'launchdarkly', '--url', server.url, '--project', 'shop'];

  it('sends the semantic patch for 12.5 % and refuses the critical environment', async () => {
    const env = { LAUNCHDARKLY_API_TOKEN: token };
    const result = await run(ld('rollout', 'new-checkout', '12.5', '--env', 'development'), temp, env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "'new-checkout' is now at 12.5% in development (was 0%): it serves 'true' to 12.5%, 'false' to 87.5%. (LaunchDarkly: shop)\n");
    const patches = server.requestsTo('/api/v2/flags/shop/new-checkout', 'PATCH');
    assert.deepEqual(JSON.parse(patches[0]!.body), {
      environmentKey: 'development',
      instructions: [{ kind: 'updateFallthroughVariationOrRollout', rolloutWeights: { 'v-true': 12500, 'v-false': 87500 } }],
    });
    const refused = await run(ld('unrelease', 'new-checkout', '--env', 'production'), temp, env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /Refusing to change 'new-checkout' in 'production'/);
    assert.equal(server.requestsTo('/api/v2/flags/shop/new-checkout', 'PATCH').length, 1);
  });
});
