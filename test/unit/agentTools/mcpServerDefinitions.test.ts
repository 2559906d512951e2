import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { isAtLeast, mcpServerSpecs } from '../../../src/extension/agentTools/mcpServerDefinitions';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('MCP server definitions for VS Code', () => {
  it('runs the bundled CLI of the extension on the host runtime, one folder per server', () => {
    const specs = mcpServerSpecs({ extensionPath: '/ext/flaglens-1.2.3', execPath: '/opt/vscode/code', version: '1.2.3', folders: [{ name: 'shop', fsPath: '/work/shop' }] });
    assert.deepEqual(specs, [
      { label: 'Flag Lens', command: '/opt/vscode/code', args: [path.join('/ext/flaglens-1.2.3', 'dist', 'cli.js'), 'mcp', '/work/shop'], env: { ELECTRON_RUN_AS_NODE: '1' }, cwd: '/work/shop' },
    ]);
  });

  it('names each folder when there are several, and offers nothing without a folder', () => {
    const folders = [
      { name: 'api', fsPath: '/w/api' },
      { name: 'web', fsPath: '/w/web' },
    ];
    const specs = mcpServerSpecs({ extensionPath: '/e', execPath: '/n', version: '1', folders });
    assert.deepEqual(
      specs.map((s) => [s.label, s.args[2]]),
      [
        ['Flag Lens: api', '/w/api'],
        ['Flag Lens: web', '/w/web'],
      ],
    );
    assert.deepEqual(mcpServerSpecs({ extensionPath: '/e', execPath: '/n', version: '1', folders: [] }), []);
  });

  it('the command it builds starts a working server (real CLI, real node, ELECTRON_RUN_AS_NODE ignored)', function () {
    if (!existsSync(path.join(repoRoot, 'dist', 'cli.js'))) this.skip();
    const [spec] = mcpServerSpecs({ extensionPath: repoRoot, execPath: process.execPath, version: '0', folders: [{ name: 'repo', fsPath: path.join(repoRoot, 'test', 'fixtures') }] });
    assert.ok(spec);
    // `--help` of the mcp command: proves the path to the CLI and the argument order, without a client.
    const run = spawnSync(spec.command, [spec.args[0]!, 'mcp', '--help'], { env: { ...process.env, ...spec.env }, encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /mcp/);
  });

  it('offers the provider from VS Code 1.101 on (1.100 has a preview of another shape)', () => {
    assert.equal(isAtLeast('1.100.3', [1, 101]), false);
    assert.equal(isAtLeast('1.101.0', [1, 101]), true);
    assert.equal(isAtLeast('1.102.0-insider', [1, 101]), true);
    assert.equal(isAtLeast('2.0.0', [1, 101]), true);
  });
});
