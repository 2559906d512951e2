import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import type { Logger } from '../../../src/core/log';
import { silentLogger } from '../../../src/core/log';
import { FlagdSource } from '../../../src/core/sources/flagd/flagdSource';

const repo = path.resolve(__dirname, '../../..');

async function run(argv: string[], cwd = process.cwd()): Promise<{ code: number; stdout: string; stderr: string; warnings: string[] }> {
  let stdout = '';
  let stderr = '';
  const warnings: string[] = [];
  const logger: Logger = { ...silentLogger, warn: (message: string) => void warnings.push(message) };
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {}, logger, signal: new AbortController().signal };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, warnings };
}

/** `flaglens toggle` in its own process (see support/toggleChild.ts). */
function toggleProcess(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/reliability/writes/support/toggleChild.ts', ...args], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

const flag = (state: string) => ({ state, variants: { on: true, off: false }, defaultVariant: 'on' });
const states = (file: string): Record<string, string> => {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { flags: Record<string, { state: string }> };
  return Object.fromEntries(Object.entries(json.flags).map(([key, value]) => [key, value.state]));
};

describe('reliability: flagd toggles', function () {
  this.timeout(30_000);
  let root: string;
  const extra: string[] = [];
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-toggle-'));
  });
  afterEach(async () => {
    for (const dir of [root, ...extra.splice(0)]) await fs.rm(dir, { recursive: true, force: true });
  });

  it('10 toggles in parallel processes on one file all land, in each of 3 rounds, and the file stays valid JSON', async function () {
    // 30 process starts: seconds on an idle machine, much longer on a busy CI runner.
    this.timeout(480_000);
    const file = path.join(root, 'flags.flagd.json');
    const keys = Array.from({ length: 10 }, (_, i) => `k${i}`);
    await fs.writeFile(file, `${JSON.stringify({ flags: Object.fromEntries(keys.map((k) => [k, flag('ENABLED')])) }, null, 2)}\n`);
    for (const [round, wanted] of [[1, 'off'], [2, 'on'], [3, 'off']] as const) {
      const results = await Promise.all(keys.map((k) => toggleProcess([k, wanted, root])));
      results.forEach((r, i) => assert.equal(r.code, 0, `round ${round}, k${i}: ${r.stderr}`));
      const expected = Object.fromEntries(keys.map((k) => [k, wanted === 'on' ? 'ENABLED' : 'DISABLED']));
      assert.deepEqual(states(file), expected, `round ${round}: every change must land`);
    }
    assert.deepEqual((await fs.readdir(root)).sort(), ['flags.flagd.json'], 'no lock or temp file left behind');
  });

  it('refuses a flag key written twice with exit 2, naming the file and both lines', async () => {
    const file = path.join(root, 'flags.flagd.json');
    const text = `{\n  "flags": {\n    "x": { "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "on" },\n    "y": { "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "on" },\n    "x": { "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "on" }\n  }\n}\n`;
    await fs.writeFile(file, text);
    const result = await run(['toggle', 'x', 'off', root]);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.doesNotMatch(result.stdout, /now off/);
    assert.match(result.stderr, /flags\.flagd\.json/);
    assert.match(result.stderr, /lines 3 and 5/);
    assert.equal(readFileSync(file, 'utf8'), text);
  });

  it('does not read or write flag files that .flaglens.json names outside the workspace', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-toggle-outside-'));
    extra.push(outside);
    const victim = path.join(outside, 'victim.flagd.json');
    const victimText = JSON.stringify({ flags: { evil: flag('ENABLED') } });
    await fs.writeFile(victim, victimText);
    const workspace = path.join(root, 'ws');
    await fs.mkdir(workspace);
    const relative = path.relative(workspace, victim);
    for (const files of [[relative], [victim], ['../**/*.flagd.json']]) {
      await fs.writeFile(path.join(workspace, '.flaglens.json'), JSON.stringify({ sources: { flagd: { files } } }));
      const listed = await run(['flags', workspace, '--format', 'json']);
      assert.doesNotMatch(listed.stdout, /evil/, `${files[0]} must not be read`);
      const toggled = await run(['toggle', 'evil', 'off', workspace]);
      assert.notEqual(toggled.code, 0, `${files[0]} must not be toggled`);
      assert.equal(readFileSync(victim, 'utf8'), victimText);
      assert.ok(listed.warnings.some((w) => /outside/.test(w)) || /outside/.test(listed.stderr), `a warning names the refused path: ${listed.warnings.join(' | ')} ${listed.stderr}`);
    }
  });

  it('writes through a symlinked flag file to its target inside the workspace, and refuses one that leads outside', async () => {
    await fs.mkdir(path.join(root, 'shared'));
    const target = path.join(root, 'shared', 'real.json');
    await fs.writeFile(target, JSON.stringify({ flags: { inner: flag('ENABLED') } }, null, 2));
    await fs.symlink('shared/real.json', path.join(root, 'dev.flagd.json'));
    const inside = await run(['toggle', 'inner', 'off', root]);
    assert.equal(inside.code, 0, inside.stderr);
    assert.ok((await fs.lstat(path.join(root, 'dev.flagd.json'))).isSymbolicLink(), 'the link is not replaced by a regular file');
    assert.equal(states(target).inner, 'DISABLED');

    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-toggle-outside-'));
    extra.push(outside);
    const victim = path.join(outside, 'victim.json');
    const victimText = JSON.stringify({ flags: { evil: flag('ENABLED') } });
    await fs.writeFile(victim, victimText);
    await fs.rm(path.join(root, 'dev.flagd.json'));
    await fs.symlink(victim, path.join(root, 'dev.flagd.json'));
    const refused = await run(['toggle', 'evil', 'off', root]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /outside/);
    assert.equal(readFileSync(victim, 'utf8'), victimText);
    assert.ok((await fs.lstat(path.join(root, 'dev.flagd.json'))).isSymbolicLink());
    assert.deepEqual(await fs.readdir(outside), ['victim.json'], 'no lock or temp file outside the workspace');
  });

  it('an untrusted source reads only files inside the folder and never writes', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-toggle-outside-'));
    extra.push(outside);
    await fs.writeFile(path.join(outside, 'victim.json'), JSON.stringify({ flags: { evil: flag('ENABLED') } }));
    await fs.symlink(path.join(outside, 'victim.json'), path.join(root, 'linked.flagd.json'));
    const own = path.join(root, 'own.flagd.json');
    const ownText = JSON.stringify({ flags: { mine: flag('ENABLED') } });
    await fs.writeFile(own, ownText);
    const source = new FlagdSource({ root, trusted: false });
    try {
      const snapshot = await source.refresh();
      assert.deepEqual(snapshot.flags.map((f) => f.key), ['mine']);
      await assert.rejects(source.toggle({ key: 'mine', environment: 'own', on: false }), /untrusted/);
      assert.equal(readFileSync(own, 'utf8'), ownText);
    } finally {
      source.dispose();
    }
  });
});
