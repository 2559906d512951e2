import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { silentLogger } from '../../../src/core/log';
import { fixturesRoot, prepareWorkspace } from '../cleanup/fixtureRunner';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: process.cwd(), env: {}, logger: silentLogger, signal: new AbortController().signal };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe('cli: flaglens cleanup --prune-unused-exports', function () {
  this.timeout(120_000);
  let root = '';
  before(async () => {
    root = await prepareWorkspace(path.join(fixturesRoot, 'deadCode', 'prune-unused-exports'));
  });
  after(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('keeps exports nothing imported before the cleanup unless asked', async () => {
    const result = await run(['cleanup', 'new-checkout', root, '--keep', 'on']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\+ {2}return basePath\(\) \+ 'v2\/' \+ id;$/m);
    assert.doesNotMatch(result.stdout, /^-export function (legacyPath|debugPath)/m, 'public API the flag did not make unused stays');
  });

  it('deletes it with the option, and keeps the export another file still imports', async () => {
    const result = await run(['cleanup', 'new-checkout', root, '--keep', 'on', '--prune-unused-exports']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^-export function debugPath\(id: string\): string \{$/m);
    assert.match(result.stdout, /^-export function legacyPath\(id: string\): string \{$/m);
    assert.doesNotMatch(result.stdout, /^-export function basePath/m);
  });

  it('documents the option in --help', async () => {
    const result = await run(['cleanup', '--help']);
    assert.match(result.stdout + result.stderr, /--prune-unused-exports\n\s+also delete exports of the changed files/);
  });
});
