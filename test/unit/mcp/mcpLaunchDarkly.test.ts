import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ldEnvironment, ldFlag, LaunchDarklyTestServer } from '../../support/launchDarklyServer';
import { startServer, textOf, type McpSession } from './mcpWorkspace';

const token = 'api-7a1d2e3f-4a5b-4c6d-8e9f-0123456789ab';

describe('mcp: a LaunchDarkly source (local stand-in for the REST API)', function () {
  this.timeout(180_000);
  let server: LaunchDarklyTestServer;
  let root: string;
  const sessions: McpSession[] = [];

  beforeEach(async () => {
    server = await LaunchDarklyTestServer.start({
      token,
      project: 'web-shop',
      environments: [ldEnvironment('development'), ldEnvironment('staging', { requireComments: true }), ldEnvironment('production', { critical: true })],
      flags: [
        ldFlag('checkout-v2', {
          development: { on: true, fallthrough: { rollout: { variations: [{ variation: 0, weight: 25_000 }, { variation: 1, weight: 75_000 }] } } },
          staging: { on: true },
          production: { on: true },
        }),
      ],
    });
    root = (await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-mcp-ld-')))).split(path.sep).join('/');
    const config = { sources: { flagd: false, launchdarkly: { project: 'web-shop', environments: ['development', 'staging', 'production'], baseUrl: server.url } } };
    await fs.writeFile(path.join(root, '.flaglens.json'), JSON.stringify(config));
    await fs.mkdir(path.join(root, 'src'));
    await fs.writeFile(path.join(root, 'src/page.ts'), "import { init } from '@launchdarkly/node-server-sdk';\nexport const v2 = () => init('sdk').variation('checkout-v2', { key: 'u' }, false);\n");
  });
  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.close();
    await server.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  const start = async (args: string[], env: NodeJS.ProcessEnv) => {
    const session = await startServer([root, ...args], env);
    sessions.push(session);
    return session;
  };

  it('reads flags with the token sent only where the user said, toggles development and refuses production and comment-requiring staging', async () => {
    const session = await start([], { LAUNCHDARKLY_API_TOKEN: token, FLAGLENS_LAUNCHDARKLY_URL: server.url });
    const flag = await session.call('get_flag', { key: 'checkout-v2' });
    assert.notEqual(flag.isError, true, textOf(flag));
    const { definitions } = flag.structuredContent as { definitions: { source: { kind: string }; environments: Record<string, { on: boolean; protected: boolean; protectedBecause?: string; serving: unknown; evaluations: null }> }[] };
    assert.equal(definitions[0]!.source.kind, 'launchdarkly');
    const environments = definitions[0]!.environments;
    assert.deepEqual(environments.development!.serving, { type: 'split', split: [{ variation: 'true', percent: 25 }, { variation: 'false', percent: 75 }] });
    assert.equal(environments.development!.protected, false);
    assert.equal(environments.staging!.protectedBecause, 'LaunchDarkly requires a comment for every change');
    assert.equal(environments.production!.protected, true);
    assert.equal(environments.production!.evaluations, null);

    const toggled = await session.call('toggle_flag', { key: 'checkout-v2', environment: 'development', on: false });
    assert.notEqual(toggled.isError, true, textOf(toggled));
    const patches = server.requests.filter((r) => r.method === 'PATCH');
    assert.equal(patches.length, 1);
    assert.deepEqual(JSON.parse(patches[0]!.body), { environmentKey: 'development', instructions: [{ kind: 'turnFlagOff' }] });
    assert.equal(server.state.flags[0]!.environments!.development!.on, false);

    for (const environment of ['production', 'staging']) {
      const refused = await session.call('toggle_flag', { key: 'checkout-v2', environment, on: false });
      assert.equal(refused.isError, true);
      assert.match(textOf(refused), new RegExp(`^toggle_flag: Refused: '${environment}' is a protected environment`));
    }
    assert.equal(server.requests.filter((r) => r.method === 'PATCH').length, 1, 'no request for a protected environment');
    assert.ok(server.requests.every((r) => r.headers.authorization === token));

    const stale = await session.call('list_stale_flags');
    const everything = JSON.stringify([flag, toggled, stale]) + session.stderr();
    assert.ok(!everything.includes(token), 'the token never reaches an answer or the log');
  });

  it('does not send the token to a URL only the repository names, unless --trust-config-urls', async () => {
    // The user chose another URL (nothing listens there): the repository's baseUrl is set aside, the token goes there only.
    const chosen = { LAUNCHDARKLY_API_TOKEN: token, FLAGLENS_LAUNCHDARKLY_URL: 'http://127.0.0.1:9' };
    const untrusted = await start([], chosen);
    const refused = await untrusted.call('list_flags');
    assert.equal(refused.isError, true);
    assert.match(textOf(refused), /^list_flags: No flags to list: LaunchDarkly: web-shop could not be read: .*127\.0\.0\.1:9[^\n]*[^.]\.$/);
    assert.match(untrusted.stderr(), /flaglens mcp: warning: Ignoring sources\.launchdarkly\.baseUrl .* --trust-config-urls/);
    assert.equal(server.requests.length, 0, 'nothing reached the URL only the repository names');

    const trusted = await start(['--trust-config-urls'], chosen);
    const listed = await trusted.call('list_flags');
    assert.notEqual(listed.isError, true, textOf(listed));
    assert.deepEqual(
      (listed.structuredContent as { flags: { key: string }[] }).flags.map((f) => f.key),
      ['checkout-v2'],
    );
    assert.ok(server.requests.length > 0);
  });
});
