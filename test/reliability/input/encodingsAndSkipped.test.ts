import * as assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { silentLogger } from '../../../src/core/log';

const repo = resolve(__dirname, '../../..');
const flagUse = "import { useFlag } from '@unleash/proxy-client-react';\nexport const on = useFlag('new-checkout');\n";

async function scan(dir: string, format: 'json' | 'sarif' | 'text'): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: {}, logger: silentLogger, signal: new AbortController().signal };
  const code = await runCli(['scan', dir, '--format', format], io);
  return { code, stdout, stderr };
}

function utf16(text: string, order: 'le' | 'be'): Buffer {
  const body = Buffer.from(text, 'utf16le');
  if (order === 'be') body.swap16();
  return Buffer.concat([Buffer.from(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
}

interface ScanJson {
  references: { key: string; file: string; line: number; column: number }[];
  skipped: { file: string; reason: string }[];
}

describe('reliability: encodings tsc reads are read; files that cannot be read are listed, never dropped', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flaglens-enc-'));
    mkdirSync(join(dir, 'src'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds references in UTF-16 source files with a BOM (either byte order), at the right place', async () => {
    writeFileSync(join(dir, 'src/le.ts'), utf16(flagUse, 'le'));
    writeFileSync(join(dir, 'src/be.ts'), utf16(flagUse.replace('new-checkout', 'dark-mode'), 'be'));
    const { code, stdout, stderr } = await scan(dir, 'json');
    assert.equal(code, 0, stderr);
    const json = JSON.parse(stdout) as ScanJson;
    assert.deepEqual(json.references.map((r) => `${r.file}:${r.line}:${r.column} ${r.key}`).sort(), ['src/be.ts:2:27 dark-mode', 'src/le.ts:2:27 new-checkout']);
  });

  it('accepts a .flaglens.json that starts with a UTF-8 BOM', async () => {
    writeFileSync(join(dir, '.flaglens.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{ "patterns": [{ "function": "useUiFlag" }] }\n')]));
    writeFileSync(join(dir, 'src/a.ts'), "import { useUiFlag } from './flags';\nexport const on = useUiFlag('custom-flag');\n");
    const { code, stdout, stderr } = await scan(dir, 'json');
    assert.equal(code, 0, stderr);
    assert.deepEqual((JSON.parse(stdout) as ScanJson).references.map((r) => r.key), ['custom-flag']);
  });

  it('lists too-large, special and binary files in JSON "skipped", SARIF notifications and the text summary', async () => {
    writeFileSync(join(dir, 'src/a.ts'), flagUse);
    writeFileSync(join(dir, 'src/huge.ts'), `${flagUse}//${'x'.repeat(1100 * 1024)}\n`);
    execFileSync('mkfifo', [join(dir, 'src/pipe.ts')]);
    writeFileSync(join(dir, 'values.yaml'), Buffer.from('flag: new-checkout\n\0\0\0binary\n'));
    const json = JSON.parse((await scan(dir, 'json')).stdout) as ScanJson;
    assert.deepEqual(json.references.map((r) => r.file), ['src/a.ts']);
    const reasons = new Map(json.skipped.map((s) => [s.file, s.reason]));
    assert.deepEqual([...reasons.keys()].sort(), ['src/huge.ts', 'src/pipe.ts', 'values.yaml']);
    assert.match(reasons.get('src/huge.ts')!, /size cap/);
    assert.match(reasons.get('src/pipe.ts')!, /not a regular file \(FIFO\)/);
    assert.match(reasons.get('values.yaml')!, /binary/);

    const sarif = JSON.parse((await scan(dir, 'sarif')).stdout) as {
      runs: { invocations?: { toolExecutionNotifications: { level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }[];
    };
    const notifications = sarif.runs[0]!.invocations?.[0]?.toolExecutionNotifications ?? [];
    assert.deepEqual(notifications.map((n) => n.locations[0]!.physicalLocation.artifactLocation.uri).sort(), ['src/huge.ts', 'src/pipe.ts', 'values.yaml']);
    assert.ok(notifications.every((n) => n.level === 'warning' && /File not scanned/.test(n.message.text)));

    const text = (await scan(dir, 'text')).stdout;
    assert.match(text, /; 3 files skipped\n$/);
  });

  it('lists a file it may not read (EACCES)', function () {
    if (process.platform === 'win32') this.skip();
    // As root every file is readable: run the CLI as nobody, the way a permission problem really happens.
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'src'), 0o755);
    writeFileSync(join(dir, 'src/a.ts'), flagUse, { mode: 0o644 });
    writeFileSync(join(dir, 'src/secret.ts'), flagUse, { mode: 0o000 });
    chmodSync(join(dir, 'src/secret.ts'), 0o000);
    const asRoot = process.getuid?.() === 0;
    const command = asRoot ? 'setpriv' : process.execPath;
    const prefix = asRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [];
    const result = spawnSync(command, [...prefix, '--import', 'tsx', 'src/cli/main.ts', 'scan', dir, '--format', 'json'], { cwd: repo, encoding: 'utf8', timeout: 30_000, env: { ...process.env, HOME: tmpdir() } });
    assert.equal(result.status, 0, result.stderr);
    const json = JSON.parse(result.stdout) as ScanJson;
    assert.deepEqual(json.references.map((r) => r.file), ['src/a.ts']);
    assert.deepEqual(json.skipped.map((s) => `${s.file}: ${s.reason}`), ['src/secret.ts: cannot be read (EACCES)']);
  });
});
