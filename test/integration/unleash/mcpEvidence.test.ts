// MCP get_flag with evaluation counts from the real Unleash server: metrics go in the way an SDK
// sends them, and come out of the tool's structured content with exact counts per environment.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fetchUnleashEvidence } from '../../../src/core/evidence/unleashEvidence';
import { normalizeBaseUrl } from '../../../src/core/sources/unleash/unleashClient';
import { startServer, textOf, type McpSession } from '../../unit/mcp/mcpWorkspace';
import { admin } from './unleashAdmin';
import { unleash } from './unleashFixture';

async function post(urlPath: string, token: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${unleash().url}${urlPath}`, { method: 'POST', headers: { Authorization: token, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${urlPath} → ${response.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

describe('mcp get_flag: evaluations from the real Unleash server', function () {
  this.timeout(180_000);
  let root: string;
  let session: McpSession | undefined;

  before(async () => {
    root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-mcp-evidence-')));
    // The URL in the config is used because the environment names the same one (the trust rule).
    await fs.writeFile(path.join(root, '.flaglens.json'), JSON.stringify({ sources: { flagd: false, unleash: { url: unleash().url, project: 'default', environments: ['development', 'production'] } } }));
  });
  after(async () => {
    await session?.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('gives exact counts per environment and variation, and a zero (not null) where nothing was reported', async () => {
    const key = `mcp-evidence-${randomBytes(4).toString('hex')}`;
    await admin.createFlag(key, 'release');
    const created = (await post('/api/admin/api-tokens', unleash().adminToken, { tokenName: `flaglens-mcp-${randomBytes(3).toString('hex')}`, type: 'client', environment: 'development', projects: ['*'] })) as { secret: string };
    const now = new Date().toISOString();
    await post('/api/client/metrics', created.secret, { appName: 'checkout', instanceId: 'checkout-1', bucket: { start: now, stop: now, toggles: { [key]: { yes: 12, no: 4 } } } });
    // Unleash writes client metrics in batches: wait (bounded) until it answers with them.
    const deadline = Date.now() + 45_000;
    for (;;) {
      const evidence = await fetchUnleashEvidence({ baseUrl: normalizeBaseUrl(unleash().url), token: unleash().adminToken }, 'unleash:test', key, ['development'], AbortSignal.timeout(15_000));
      if (evidence.environments.development?.evaluations?.total === 16) break;
      if (Date.now() > deadline) throw new Error('Unleash did not report the metrics within 45 s');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }

    session = await startServer([root], { UNLEASH_API_TOKEN: unleash().adminToken, FLAGLENS_UNLEASH_URL: unleash().url });
    const result = await session.call('get_flag', { key });
    assert.notEqual(result.isError, true, textOf(result));
    type Window = { total: number; byVariation: Record<string, number> } | null;
    const { definitions } = result.structuredContent as { definitions: { evaluationsUnavailable?: string; environments: Record<string, { evaluations: Window; evaluations24h?: Window; evaluationsUnavailable?: string; evaluationsNote?: string }> }[] };
    assert.equal(definitions.length, 1);
    const [definition] = definitions;
    assert.equal(definition!.evaluationsUnavailable, undefined);
    const { development, production } = definition!.environments;
    assert.deepEqual({ total: development!.evaluations?.total, byVariation: development!.evaluations?.byVariation }, { total: 16, byVariation: { on: 12, off: 4 } });
    assert.equal(development!.evaluations24h?.total, 16);
    assert.match(development!.evaluationsNote ?? '', /48 h/);
    assert.deepEqual({ total: production!.evaluations?.total, byVariation: production!.evaluations?.byVariation }, { total: 0, byVariation: {} });
    assert.equal(production!.evaluationsUnavailable, undefined);
  });
});
