// get_flag's evaluations from a LaunchDarkly source (local stand-in for the REST API): counts per
// variation when the usage API answers, and a bounded wait with the reason when it is slow.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ldEnvironment, ldFlag, LaunchDarklyTestServer } from '../../support/launchDarklyServer';
import { startServer, textOf, type McpSession } from './mcpWorkspace';

const token = 'api-9a1d2e3f-4a5b-4c6d-8e9f-0123456789ab';
type Environments = Record<string, { evaluations: { total: number; byVariation: Record<string, number> } | null; evaluationsUnavailable?: string }>;

describe('mcp get_flag: evaluations from a LaunchDarkly source', function () {
  this.timeout(120_000);
  let server: LaunchDarklyTestServer;
  let root: string;
  let session: McpSession | undefined;

  beforeEach(async () => {
    server = await LaunchDarklyTestServer.start({ token, project: 'web-shop', environments: [ldEnvironment('development')], flags: [ldFlag('checkout-v2', { development: { on: true } })] });
    root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-mcp-ld-evidence-')));
    await fs.writeFile(path.join(root, '.flaglens.json'), JSON.stringify({ sources: { flagd: false, launchdarkly: { project: 'web-shop', environments: ['development'], baseUrl: server.url } } }));
    session = await startServer([root], { LAUNCHDARKLY_API_TOKEN: token, FLAGLENS_LAUNCHDARKLY_URL: server.url });
  });
  afterEach(async () => {
    await session?.close();
    await server.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  const isUsage = (r: { path: string }) => r.path === '/api/v2/usage/evaluations/web-shop/development/checkout-v2';
  const statuses = { status: 200, body: { key: 'checkout-v2', environments: { development: { name: 'active', lastRequested: '2026-12-04T12:00:00.000Z' } } } };
  const series = (a: number, b: number) => ({ status: 200, body: { metadata: [{ key: '0' }, { key: '1' }], series: [{ time: Date.now() - 3_600_000, '0': a, '1': b }] } });

  it('gives counts under the variation names', async () => {
    server.script((r) => r.path === '/api/v2/flag-status/web-shop/checkout-v2', statuses);
    server.script(isUsage, series(30, 70), series(3, 7));
    const result = await session!.call('get_flag', { key: 'checkout-v2' });
    assert.notEqual(result.isError, true, textOf(result));
    const environments = (result.structuredContent as { definitions: { environments: Environments }[] }).definitions[0]!.environments;
    assert.deepEqual(environments.development!.evaluations && { total: environments.development!.evaluations.total, byVariation: environments.development!.evaluations.byVariation }, { total: 100, byVariation: { true: 30, false: 70 } });
  });

  it('answers within its bound when the usage API is slow, saying why evaluations is null', async () => {
    server.script((r) => r.path === '/api/v2/flag-status/web-shop/checkout-v2', { ...statuses, delayMs: 12_000 });
    const started = Date.now();
    const result = await session!.call('get_flag', { key: 'checkout-v2' });
    assert.notEqual(result.isError, true, textOf(result));
    assert.ok(Date.now() - started < 11_000, `answered after ${Date.now() - started} ms`);
    const environments = (result.structuredContent as { definitions: { environments: Environments }[] }).definitions[0]!.environments;
    assert.equal(environments.development!.evaluations, null);
    assert.match(environments.development!.evaluationsUnavailable ?? '', /^no evidence: the source did not answer within 8 s/);
  });
});
