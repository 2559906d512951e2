import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { silentLogger } from '../../../src/core/log';
import type { JsonReport, SarifLog } from '../stale/reportShapes';
import { ldEnvironment, ldFlag, LaunchDarklyTestServer } from '../../support/launchDarklyServer';

const dayMs = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * dayMs).toISOString();

function boolFlag(defaultVariant: 'on' | 'off', metadata: Record<string, string | boolean> = {}, state = 'ENABLED') {
  return { state, variants: { on: true, off: false }, defaultVariant, metadata };
}

/** A small shop: a dev and a prod flagd file (flagSetId `prod` is production-like, so it decides). */
async function writeProject(dir: string, extra: Record<string, string> = {}): Promise<void> {
  const prod = {
    metadata: { flagSetId: 'prod' },
    flags: {
      'new-checkout': boolFlag('on', { lastModified: daysAgo(45) }),
      'dark-mode': boolFlag('on', { lastModified: daysAgo(3) }),
      'beta-search': {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: { fractional: [['on', 50], ['off', 50]] },
        metadata: { lastModified: daysAgo(90) },
      },
      'orphan-flag': boolFlag('off', { lastModified: daysAgo(10) }),
      'kill-payments': boolFlag('off', { type: 'kill-switch' }),
      'worker-flag': boolFlag('on', { lastModified: daysAgo(1) }),
    },
  };
  // flagd has no per-file change dates: flag metadata is the flag's, so both files carry the same.
  const dev = {
    metadata: { flagSetId: 'dev' },
    flags: { 'new-checkout': boolFlag('off', { lastModified: daysAgo(45) }), 'dark-mode': boolFlag('off', { lastModified: daysAgo(3) }) },
  };
  const files: Record<string, string> = {
    'flags/prod.flagd.json': JSON.stringify(prod, null, 2),
    'flags/dev.flagd.json': JSON.stringify(dev, null, 2),
    'src/app.ts': [
      "import { OpenFeature } from '@openfeature/server-sdk';",
      '',
      "const client = OpenFeature.getClient('shop');",
      '',
      'export async function render(): Promise<string[]> {',
      "  const checkout = await client.getBooleanValue('new-checkout', false);",
      "  const dark = await client.getBooleanValue('dark-mode', false);",
      "  const search = await client.getBooleanValue('beta-search', false);",
      "  const typo = await client.getBooleanValue('darkMode', false);",
      '  return [String(checkout), String(dark), String(search), String(typo)];',
      '}',
      '',
    ].join('\n'),
    // Referenced only from Python: a text match, which still counts as a use.
    'worker/tasks.py': 'def run(client):\n    return client.get_boolean_value("worker-flag", False)\n',
    ...extra,
  };
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), text);
  }
}

async function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env, logger: silentLogger, signal: new AbortController().signal };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe('cli: flaglens stale', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-stale-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reports released, unknown and unused flags from flagd files as JSON', async () => {
    await writeProject(dir);
    const { code, stdout, stderr } = await run(['stale', dir, '--format', 'json'], '/');
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as JsonReport;
    assert.equal(report.root, dir.split(path.sep).join('/'));
    assert.deepEqual(report.sources.map((s) => [s.kind, s.flags]), [['flagd', 6]]);
    const summary = report.findings.map((f) => [f.kind, f.key]);
    assert.deepEqual(summary, [
      ['released', 'new-checkout'],
      ['unknownKey', 'darkMode'],
      ['unused', 'orphan-flag'],
    ]);
    const [released, unknown, unused] = report.findings;
    assert.equal(released!.keepValue, true);
    const line = "  const checkout = await client.getBooleanValue('new-checkout', false);";
    const column = line.indexOf("'new-checkout'") + 1;
    assert.deepEqual(released!.references, [{ file: 'src/app.ts', line: 6, column, endLine: 6, endColumn: column + "'new-checkout'".length }]);
    assert.equal(unknown!.suggestion, 'dark-mode');
    assert.equal(unknown!.references[0]!.file, 'src/app.ts');
    assert.equal(unused!.definedAt!.file, 'flags/prod.flagd.json');
    // The split in prod keeps beta-search; dark-mode changed 3 days ago; the kill switch is permanent; the Python use counts.
    assert.ok(report.notStale.some((n) => n.key === 'beta-search' && n.kind === 'released' && n.reason.includes('percentage split (50 % on / 50 % off)')));
    assert.ok(report.notStale.some((n) => n.key === 'dark-mode' && n.reason.includes('less than 30 days')));
    assert.ok(report.notStale.some((n) => n.key === 'kill-payments' && n.kind === 'unused'));
    assert.ok(!report.findings.some((f) => f.key === 'worker-flag'));
  });

  it('writes SARIF with rule ids per kind and relative locations', async () => {
    await writeProject(dir);
    const { code, stdout } = await run(['stale', '.', '--format', 'sarif'], dir);
    assert.equal(code, 0);
    const sarif = JSON.parse(stdout) as SarifLog;
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0]!.tool.driver.version, (JSON.parse(await fs.readFile(path.join(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version);
    const results = sarif.runs[0]!.results;
    assert.deepEqual(results.map((r) => [r.ruleId, r.level]), [
      ['flaglens/released', 'warning'],
      ['flaglens/unknownKey', 'warning'],
      ['flaglens/unused', 'note'],
    ]);
    assert.deepEqual(results[1]!.locations[0]!.physicalLocation.artifactLocation, { uri: 'src/app.ts', uriBaseId: '%SRCROOT%' });
    assert.equal(results[1]!.locations[0]!.physicalLocation.region.startLine, 9);
  });

  it('exits 1 when a --fail-on kind is found, 0 when not', async () => {
    await writeProject(dir);
    assert.equal((await run(['stale', dir, '--fail-on', 'released,removed'], '/')).code, 1);
    assert.equal((await run(['stale', dir, '--fail-on', 'removed', '--fail-on', 'inactive'], '/')).code, 0);
    const text = await run(['stale', dir, '--fail-on', 'any'], '/');
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^warning +released +new-checkout/m);
    assert.match(text.stdout, /3 findings on 3 flags/);
  });

  it('uses the thresholds of the stale section', async () => {
    await writeProject(dir, { '.flaglens.json': JSON.stringify({ stale: { releasedAfterDays: 60 } }) });
    const { code, stdout } = await run(['stale', dir, '--format', 'json'], '/');
    assert.equal(code, 0);
    const report = JSON.parse(stdout) as JsonReport;
    assert.equal(report.thresholds.releasedAfterDays, 60);
    assert.ok(!report.findings.some((f) => f.kind === 'released'));
  });

  it('exits 2 for usage and config errors', async () => {
    await writeProject(dir, { 'bad.json': JSON.stringify({ stale: { releasedAfterDays: 'soon' } }) });
    const badFormat = await run(['stale', dir, '--format', 'xml'], '/');
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /Unknown --format 'xml'/);
    const badKind = await run(['stale', dir, '--fail-on', 'ancient'], '/');
    assert.equal(badKind.code, 2);
    assert.match(badKind.stderr, /Unknown --fail-on kind 'ancient'/);
    const badConfig = await run(['stale', dir, '--config', 'bad.json'], dir);
    assert.equal(badConfig.code, 2);
    assert.match(badConfig.stderr, /stale\.releasedAfterDays: expected a number of days, got the string "soon"/);
    const missingConfig = await run(['stale', dir, '--config', 'missing.json'], dir);
    assert.equal(missingConfig.code, 2);
    const notDir = await run(['stale', path.join(dir, 'src/app.ts')], '/');
    assert.equal(notDir.code, 2);
    assert.match(notDir.stderr, /is not a directory/);
  });

  it('exits 3 when a flag file is broken, still printing what it found', async () => {
    await writeProject(dir, { 'flags/broken.flagd.json': '{ "flags": { "x": ' });
    const { code, stdout, stderr } = await run(['stale', dir, '--format', 'json'], '/');
    assert.equal(code, 3);
    assert.match(stderr, /broken\.flagd\.json:1:/);
    assert.ok((JSON.parse(stdout) as JsonReport).findings.length > 0);
  });

  it('exits 3 when a configured remote source has no token', async () => {
    await writeProject(dir, { '.flaglens.json': JSON.stringify({ sources: { unleash: { url: 'http://127.0.0.1:9', project: 'default' } } }) });
    const { code, stderr } = await run(['stale', dir], '/', { FLAGLENS_UNLEASH_URL: 'http://127.0.0.1:9' });
    assert.equal(code, 3);
    assert.match(stderr, /unleash source not started: no Unleash API token/);
  });

  it('reports no unknown keys when the workspace has no flag source', async () => {
    await fs.mkdir(path.join(dir, 'src'));
    await fs.writeFile(path.join(dir, 'src/a.ts'), "import { OpenFeature } from '@openfeature/server-sdk';\nvoid OpenFeature.getClient().getBooleanValue('anything', false);\n");
    const { code, stdout } = await run(['stale', dir], '/');
    assert.equal(code, 0);
    assert.doesNotMatch(stdout, /unknownKey|not defined/);
    assert.match(stdout, /^Flags referenced in exactly one place .*\n {2}anything +src\/a\.ts:2:\d+$/m);
    assert.match(stdout, /^No flag source found, so unknown keys and removed, released, marked-stale, inactive and unused flags were not checked: /m);
    assert.match(stdout, /\n1 hint from the code alone\.\n$/);
  });

  describe('over the LaunchDarkly API (local stand-in with real dates and statuses)', () => {
    const token = 'api-0c1d2e3f-4a5b-4c6d-8e9f-0123456789ab';
    const at = (days: number) => Date.now() - days * dayMs;
    let server: LaunchDarklyTestServer;

    beforeEach(async () => {
      const environments = { development: { on: true, lastModified: at(1) }, production: {} };
      server = await LaunchDarklyTestServer.start({
        token,
        project: 'web-shop',
        environments: [ldEnvironment('development'), ldEnvironment('production', { critical: true })],
        flags: [
          // Production serves true to everyone since 45 days; development differs but does not decide.
          ldFlag('checkout-v2', { ...environments, production: { on: true, fallthrough: { variation: 0 }, lastModified: at(45) } }),
          // Changed 29 days ago: one day short.
          ldFlag('search-v3', { ...environments, production: { on: true, fallthrough: { variation: 0 }, lastModified: at(29) } }),
          ldFlag('old-promo', { ...environments, production: { on: true, rules: [{ clauses: [{ attribute: 'country', op: 'in', values: ['DE'], negate: false }], variation: 0, trackEvents: false }], lastModified: at(3) } }),
          ldFlag('legacy-search', { production: { on: false } }, { archived: true, archivedDate: at(5) }),
          ldFlag('payments-kill-switch', { ...environments, production: { on: false } }, { temporary: false }),
          ldFlag('unreferenced', { ...environments, production: { on: false, lastModified: at(2) } }),
        ],
        statuses: {
          production: {
            'checkout-v2': { name: 'launched', lastRequested: new Date(at(0)).toISOString() },
            'old-promo': { name: 'inactive', lastRequested: new Date(at(20)).toISOString() },
          },
        },
      });
      const config = { sources: { flagd: false, launchdarkly: { project: 'web-shop', environments: ['development', 'production'], baseUrl: server.url } } };
      const code = [
        "import { init } from '@launchdarkly/node-server-sdk';",
        "const client = init('sdk-key');",
        "const context = { kind: 'user', key: 'u1' };",
        'export async function page(): Promise<unknown[]> {',
        "  return [await client.variation('checkout-v2', context, false), await client.variation('search-v3', context, false),",
        "    await client.variation('old-promo', context, false), await client.variation('legacy-search', context, false)];",
        '}',
        '',
      ].join('\n');
      for (const [file, text] of Object.entries({ '.flaglens.json': JSON.stringify(config), 'src/page.ts': code })) {
        await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await fs.writeFile(path.join(dir, file), text);
      }
    });
    afterEach(async () => {
      await server.close();
    });

    it('finds released, removed, marked stale and inactive flags, keeping values from the source', async () => {
      const { code, stdout, stderr } = await run(['stale', dir, '--format', 'json', '--fail-on', 'removed'], '/', { LAUNCHDARKLY_API_TOKEN: token, FLAGLENS_LAUNCHDARKLY_URL: server.url });
      assert.equal(code, 1, stderr);
      const report = JSON.parse(stdout) as JsonReport;
      assert.deepEqual(report.findings.map((f) => [f.severity, f.kind, f.key]), [
        ['error', 'removed', 'legacy-search'],
        ['warning', 'released', 'checkout-v2'],
        ['warning', 'markedStale', 'checkout-v2'],
        ['warning', 'inactive', 'old-promo'],
        ['info', 'unused', 'unreferenced'],
      ]);
      const byKind = new Map(report.findings.map((f) => [f.kind, f]));
      assert.equal(byKind.get('released')!.keepValue, true);
      assert.equal(byKind.get('markedStale')!.keepValue, true);
      // Archived flags have no environment state left; every reference passes the literal false.
      assert.equal(byKind.get('removed')!.keepValue, false);
      assert.equal(byKind.get('removed')!.references[0]!.file, 'src/page.ts');
      assert.ok(report.notStale.some((n) => n.key === 'search-v3' && n.kind === 'released' && /29 days ago.*less than 30 days/.test(n.reason)));
      assert.ok(report.notStale.some((n) => n.key === 'old-promo' && n.kind === 'released' && n.reason.includes('1 targeting rule')));
      assert.ok(!report.findings.some((f) => f.key === 'payments-kill-switch'));
      assert.ok(!stdout.includes(token) && !stderr.includes(token));
    });

    it('exits 3 when the API refuses the token', async () => {
      const { code, stderr } = await run(['stale', dir], '/', { LAUNCHDARKLY_API_TOKEN: 'api-00000000-0000-4000-8000-000000000000', FLAGLENS_LAUNCHDARKLY_URL: server.url });
      assert.equal(code, 3);
      assert.match(stderr, /LaunchDarkly/);
      assert.ok(!stderr.includes('api-00000000-0000-4000-8000-000000000000'));
    });
  });
});
