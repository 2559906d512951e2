import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliProcess } from './cliProcess';

/** A CLI that hangs is killed here; a working one finishes in a second or two (more on a loaded machine). */
const boundMs = 25_000;

interface ScanJson {
  references: { key: string; file: string }[];
  skipped?: { file: string; reason: string }[];
}

describe('reliability: FIFOs, sockets and devices in a workspace never hang the CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flaglens-special-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/a.ts'), "import { useFlag } from '@unleash/proxy-client-react';\nexport const on = useFlag('new-checkout');\n");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('scan skips a FIFO .flaglens.json, .gitignore, source file, text file, flag file and tsconfig `extends` target, saying why', async () => {
    for (const fifo of ['.flaglens.json', '.gitignore', 'src/b.ts', 'notes.yaml', 'flags.json', 'tsconfig.base.json']) execFileSync('mkfifo', [join(dir, fifo)]);
    // A socket and a link to a device too: neither is ever opened.
    const socketServer = net.createServer();
    await new Promise<void>((resolve) => socketServer.listen(join(dir, 'src/sock.ts'), resolve));
    symlinkSync('/dev/zero', join(dir, 'src/zero.ts'));
    writeFileSync(join(dir, 'tsconfig.json'), '{ "extends": "./tsconfig.base.json" }\n');
    const run = await runCliProcess(['scan', dir, '--format', 'json'], { boundMs }).finally(() => socketServer.close());
    assert.equal(run.hung, false, `scan hung; stderr so far: ${run.stderr}`);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /\.flaglens\.json.*not a regular file \(FIFO\)/);
    const json = JSON.parse(run.stdout) as ScanJson;
    assert.deepEqual(json.references.map((r) => `${r.file} ${r.key}`), ['src/a.ts new-checkout'], 'the rest of the folder is still scanned');
    const skipped = new Map((json.skipped ?? []).map((s) => [s.file, s.reason]));
    for (const file of ['.gitignore', 'src/b.ts', 'notes.yaml', 'tsconfig.base.json']) assert.match(skipped.get(file) ?? 'not listed', /not a regular file \(FIFO\)/, file);
    assert.equal(skipped.get('src/sock.ts'), 'not a regular file (socket)');
    assert.equal(skipped.get('src/zero.ts'), 'symbolic link; not followed');
  });

  it('scan skips a FIFO .gitignore (at the root and deeper) and lists it', async () => {
    // Explicit flagd files: the flagd discovery then does not read .gitignore files itself.
    writeFileSync(join(dir, '.flaglens.json'), '{ "sources": { "flagd": { "files": ["flags/*.flagd.json"] } } }\n');
    execFileSync('mkfifo', [join(dir, '.gitignore')]);
    execFileSync('mkfifo', [join(dir, 'src/.gitignore')]);
    const run = await runCliProcess(['scan', dir, '--format', 'json'], { boundMs });
    assert.equal(run.hung, false, `scan hung; stderr so far: ${run.stderr}`);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as ScanJson;
    assert.deepEqual(json.references.map((r) => r.key), ['new-checkout']);
    assert.deepEqual((json.skipped ?? []).map((s) => `${s.file}: ${s.reason}`), ['.gitignore: not a regular file (FIFO)', 'src/.gitignore: not a regular file (FIFO)']);
    assert.match(run.stderr, /\.gitignore: not a regular file \(FIFO\)/);
  });

  it('scan --config naming a FIFO fails at once with the reason', async () => {
    execFileSync('mkfifo', [join(dir, 'custom.json')]);
    const run = await runCliProcess(['scan', dir, '--config', join(dir, 'custom.json')], { boundMs });
    assert.equal(run.hung, false, 'scan hung on a FIFO --config');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /custom\.json is not a regular file \(FIFO\)/);
  });
});
