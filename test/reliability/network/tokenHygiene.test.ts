import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { redact } from '../../../src/core/log';
import { createSourcesFromConfig } from '../../../src/core/sources/createSources';
import { requestJson } from '../../../src/core/sources/http';
import { LaunchDarklySource } from '../../../src/core/sources/launchdarkly/launchDarklySource';
import type { FlagSource } from '../../../src/core/sources/model';
import { SnapshotCache } from '../../../src/core/sources/snapshotCache';
import { UnleashSource } from '../../../src/core/sources/unleash/unleashSource';
import { FaultServer } from '../support/faultServer';
import { ldToken, project, recordingLogger, rejection, serveLaunchDarkly, serveUnleash, unleashToken } from './vendorRoutes';

const badTokens = {
  'a line break': `${ldToken}\r\nX-Injected: 1`,
  'a NUL character': `${ldToken}\u0000tail`,
  'a control character': `${ldToken}\u001btail`,
  'a character outside Latin-1': `${ldToken}\u2713`,
};

/** Every piece of the token long enough to identify it. */
function leaks(text: string, token: string): boolean {
  const separators = ['\r', '\n', '\u0000', '\u001b', '\u2713', ':'];
  const parts = separators.reduce<string[]>((pieces, separator) => pieces.flatMap((piece) => piece.split(separator)), [token]);
  return parts.some((part) => part.length >= 8 && text.includes(part));
}

describe('network: tokens and URL passwords never reach output', () => {
  let server: FaultServer;
  let dir: string;
  const sources: FlagSource[] = [];
  beforeEach(async () => {
    server = await FaultServer.start();
    serveLaunchDarkly(server);
    serveUnleash(server);
    dir = mkdtempSync(path.join(tmpdir(), 'flaglens-token-'));
  });
  afterEach(async () => {
    for (const source of sources.splice(0)) source.dispose();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [problem, token] of Object.entries(badTokens)) {
    it(`refuses a token containing ${problem} before any request, without echoing it`, async () => {
      const logger = recordingLogger();
      const ld = new LaunchDarklySource({ token, project, environments: [], baseUrl: server.url, logger });
      const unleash = new UnleashSource({ token: token.replace(ldToken, unleashToken), url: server.url, project, logger });
      sources.push(ld, unleash);
      for (const [source, used] of [[ld, token], [unleash, token.replace(ldToken, unleashToken)]] as const) {
        const error = await rejection(source.refresh());
        assert.equal(error.reason, 'invalidConfig', error.message);
        assert.ok(error.message.includes(problem), error.message);
        assert.ok(!leaks(error.message, used), error.message);
      }
      assert.ok(!logger.lines.some((line) => leaks(line, token) || leaks(line, unleashToken)), logger.lines.join('\n'));
      assert.equal(server.count(), 0, 'nothing was sent');
    });
  }

  it('createSources skips a source whose token cannot be sent, saying why without the token', async () => {
    const token = badTokens['a line break'];
    const created = await createSourcesFromConfig({
      root: dir,
      sources: { flagd: false, pollIntervalSeconds: 60, protectedEnvironments: [], launchdarkly: { project, environments: [], baseUrl: server.url } },
      secrets: { launchDarklyToken: token },
    });
    assert.equal(created.sources.length, 0);
    assert.equal(created.skipped.length, 1);
    assert.match(created.skipped[0]!.reason, /line break/);
    assert.ok(!leaks(created.skipped[0]!.reason, token));
  });

  it('requestJson refuses an unsendable header value without quoting it', async () => {
    const error = await rejection(requestJson({ url: `${server.url}/x`, headers: { Authorization: 'secret-value-123\nInjected: yes' } }));
    assert.equal(error.reason, 'invalidConfig');
    assert.ok(!error.message.includes('secret-value-123') && !error.message.includes('Injected'), error.message);
    assert.equal(server.count(), 0);
  });

  it('redact hides URL user names and passwords', () => {
    const out = redact('GET http://user:hunter2@h/x failed; see https://tok3n@example.com/a');
    assert.ok(!out.includes('hunter2') && !out.includes('tok3n'), out);
    assert.ok(out.includes('h/x') && out.includes('example.com/a'), out);
  });

  it('a source configured with a password in its URL keeps it out of its id, label, logs, errors and cache file', async () => {
    const withPassword = server.url.replace('http://', 'http://user:hunter2@');
    const logger = recordingLogger();
    const cache = new SnapshotCache(dir, logger);
    const ld = new LaunchDarklySource({ token: ldToken, project, environments: [], baseUrl: withPassword, logger, cache });
    const unleash = new UnleashSource({ token: unleashToken, url: `${withPassword}/api`, project, logger, cache });
    sources.push(ld, unleash);
    for (const source of [ld, unleash]) {
      const error = await rejection(source.refresh());
      assert.equal(error.reason, 'invalidConfig');
      for (const text of [error.message, source.id, source.label, cache.fileFor(source.id)]) assert.ok(!text.includes('hunter2'), text);
    }
    assert.equal(server.count(), 0, 'nothing was sent to a URL with credentials');
    assert.ok(!logger.lines.some((line) => line.includes('hunter2')), logger.lines.join('\n'));
    assert.ok(!readdirSync(dir).some((name) => name.includes('hunter2')));
  });
});
