import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliWaitLimits } from '../../../src/core/sources/waitLimits';
import { FaultServer, reply } from '../support/faultServer';
import { runCliInProcess } from '../../support/cliInProcess';

/** Every command that reads a remote source runs under the CLI's wait limits, not the editor's. */
describe('reliability: CLI commands never wait on a server for long', () => {
  let dir: string;
  let server: FaultServer;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-cliwait-'));
    server = await FaultServer.start({ maxRequests: 200 });
    // Every request: "come back in an hour".
    server.otherwise(reply.json(503, { message: 'maintenance' }, { 'Retry-After': '3600' }));
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const run = (argv: string[], env: NodeJS.ProcessEnv) => runCliInProcess(argv, dir, env);

  it('the CLI limits are at most 30 s for one server-chosen delay and 60 s in all', () => {
    assert.ok(cliWaitLimits.maxRetryAfterMs <= 30_000);
    assert.ok((cliWaitLimits.maxTotalWaitMs ?? Infinity) <= 60_000);
  });

  const ldEnv = () => ({ LAUNCHDARKLY_API_TOKEN: 'api-0c1d2e3f-4a5b-4c6d-8e9f-0123456789ab', FLAGLENS_LAUNCHDARKLY_URL: server.url });
  const unleashEnv = () => ({ UNLEASH_API_TOKEN: '*:development.0123456789abcdef0123456789abcdef', FLAGLENS_UNLEASH_URL: server.url });

  for (const [name, argv, env, config] of [
    ['flags --source launchdarkly', ['flags', '.', '--source', 'launchdarkly', '--project', 'shop'], ldEnv, undefined],
    ['flags --source unleash', ['flags', '.', '--source', 'unleash'], unleashEnv, undefined],
    ['stale (LaunchDarkly from .flaglens.json)', ['stale', '.'], ldEnv, { flagd: false, launchdarkly: { project: 'shop' } }],
    ['cleanup without --keep (Unleash from .flaglens.json)', ['cleanup', 'some-flag', '.'], unleashEnv, { flagd: false, unleash: { url: 'http://127.0.0.1:1', project: 'default' } }],
  ] as const) {
    it(`${name}: 503 with Retry-After: 3600 fails with the server's message instead of waiting an hour`, async () => {
      if (config) await fs.writeFile(path.join(dir, '.flaglens.json'), JSON.stringify({ sources: config }));
      const result = await run([...argv], env());
      assert.notEqual(result.code, 0, result.stderr);
      assert.ok(result.ms < 35_000, `took ${result.ms} ms`);
      assert.match(result.stderr, /503|maintenance|Retry|gave up/i, result.stderr);
      assert.ok(server.count() >= 1 && server.count() <= 10, `${server.count()} requests`);
    });
  }
});
