import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { silentLogger } from '../../../src/core/log';
import { copyFixture, fixturePath, readMarkers } from '../references/fixtureHarness';

async function run(argv: string[], cwd = process.cwd()): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {}, logger: silentLogger, signal: new AbortController().signal };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

interface ScanJson {
  version: number;
  root: string;
  references: { key: string; file: string; line: number; column: number; endLine: number; endColumn: number; sdk: string; pattern: string; kind: string; confidence: string; via: string }[];
  dynamic: { file: string; line: number; column: number; reason: string }[];
  stats: { filesScanned: number; filesParsed: number; durationMs: number };
}

describe('cli: flaglens scan', () => {
  it('--format json prints the stable shape with 1-based positions and root-relative paths', async () => {
    const root = fixturePath('enums');
    const { code, stdout, stderr } = await run(['scan', root, '--format', 'json']);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    const json = JSON.parse(stdout) as ScanJson;
    assert.equal(json.version, 1);
    assert.equal(json.root, root);
    assert.deepEqual(Object.keys(json), ['version', 'root', 'references', 'dynamic', 'stats', 'skipped']);
    assert.deepEqual(Object.keys(json.stats), ['filesScanned', 'filesParsed', 'durationMs']);
    const first = json.references.find((r) => r.key === 'new-checkout')!;
    // `    gb.isOn(Flags.NewCheckout) && …` on line 13: the key expression starts at column 13.
    assert.deepEqual(first, { key: 'new-checkout', file: 'src/use.ts', line: 13, column: 13, endLine: 13, endColumn: 30, sdk: 'growthbook', pattern: 'growthbook.isOn', kind: 'boolean', confidence: 'ast', via: 'enum' });
    assert.deepEqual(json.references.map((r) => `${r.file}:${r.line} ${r.key}`), [
      'src/use.ts:13 new-checkout',
      'src/use.ts:14 dark-mode',
      'src/use.ts:15 beta-program',
      'src/use.ts:16 search-v2',
      'src/use.ts:17 dark-mode',
    ]);
    assert.deepEqual(json.dynamic.map((d) => `${d.file}:${d.line}:${d.column}`), ['src/use.ts:18:13']);
    assert.match(json.dynamic[0]!.reason, /numeric enum/);
    assert.equal(json.stats.filesScanned, 2);
  });

  it('uses the keys of the flagd files in the folder for the text fallback', async () => {
    const { code, stdout } = await run(['scan', fixturePath('textFallback'), '--format', 'json']);
    assert.equal(code, 0);
    const json = JSON.parse(stdout) as ScanJson;
    const text = json.references.filter((r) => r.confidence === 'text').map((r) => `${r.file}:${r.line} ${r.key}`).sort();
    assert.deepEqual(text, ['deploy/values.yaml:2 new-checkout', 'deploy/values.yaml:4 ts-only-flag', 'go/main.go:4 search-v2', 'services/app.py:6 new-checkout', 'services/app.py:8 py-only-flag']);
    assert.ok(json.references.filter((r) => r.confidence === 'text').every((r) => r.sdk === 'text'));
  });

  it('uses flagd files named in .flaglens.json sources, and never contacts remote sources', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-scan-'));
    await fs.mkdir(path.join(root, 'flags'));
    await fs.copyFile(path.join(fixturePath('textFallback'), 'flags.flagd.json'), path.join(root, 'flags', 'custom.json'));
    await fs.writeFile(path.join(root, 'settings.py'), 'FLAG = "search-v2"\n');
    await fs.writeFile(path.join(root, '.flaglens.json'), JSON.stringify({ sources: { flagd: { files: ['flags/custom.json'] }, launchdarkly: { project: 'p', baseUrl: 'http://127.0.0.1:9' } } }));
    const { code, stdout, stderr } = await run(['scan', root, '--format', 'json']);
    assert.equal(code, 0, stderr);
    const json = JSON.parse(stdout) as ScanJson;
    assert.deepEqual(json.references.map((r) => `${r.file}:${r.line}:${r.column} ${r.key} ${r.confidence}`), ['settings.py:1:9 search-v2 text']);
  });

  it('--format sarif prints SARIF 2.1.0 with rules and physical locations', async () => {
    const root = fixturePath('dynamic');
    const { code, stdout } = await run(['scan', root, '--format', 'sarif']);
    assert.equal(code, 0);
    const sarif = JSON.parse(stdout) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } } }[] }[]; originalUriBaseIds: Record<string, { uri: string }> }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const runInfo = sarif.runs[0]!;
    assert.equal(runInfo.tool.driver.name, 'Flag Lens');
    assert.ok(runInfo.originalUriBaseIds['%SRCROOT%']!.uri.startsWith('file:///'));
    const dynamicResults = runInfo.results.filter((r) => r.ruleId === 'flaglens/dynamic-flag-reference');
    assert.equal(dynamicResults.length, (await readMarkers(root)).dynamic.length);
    assert.equal(dynamicResults.length, 11);
    const first = dynamicResults[0]!;
    assert.equal(runInfo.tool.driver.rules[first.ruleIndex]!.id, first.ruleId);
    assert.equal(first.level, 'warning');
    assert.deepEqual(first.locations[0]!.physicalLocation.artifactLocation, { uri: 'src/dynamic.ts', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(first.locations[0]!.physicalLocation.region, { startLine: 8, startColumn: 32, endLine: 8, endColumn: 51 });
  });

  it('text output groups references by key and ends with counts', async () => {
    const { code, stdout } = await run(['scan', fixturePath('mixed')]);
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'gb-only  (1 reference)');
    assert.ok(lines.includes('new-checkout  (4 references)'));
    assert.match(lines.at(-1)!, /^4 flag keys, 9 references \(0 text\), 0 dynamic; 3 files scanned, 3 parsed in \d+ ms$/);
  });

  it('scans the current folder by default and honors --config', async () => {
    const root = await copyFixture('customPatterns');
    await fs.rename(path.join(root, '.flaglens.json'), path.join(root, 'alt.json'));
    const without = JSON.parse((await run(['scan', '--format', 'json'], root)).stdout) as ScanJson;
    assert.deepEqual(without.references.map((r) => r.key), ['sdk-beats-custom'], 'custom patterns only apply with their config');
    const withConfig = await run(['scan', '--format', 'json', '--config', 'alt.json'], root);
    assert.equal(withConfig.code, 0);
    assert.equal((JSON.parse(withConfig.stdout) as ScanJson).references.length, (await readMarkers(root)).refs.length);
  });

  it('exits 2 with a one-line reason on usage and config errors', async () => {
    const cases: [string[], RegExp][] = [
      [['scan', fixturePath('enums'), '--format', 'xml'], /Unknown --format 'xml'/],
      [['scan', '/definitely/not/here'], /does not exist/],
      [['scan', fixturePath('enums'), fixturePath('dynamic')], /at most one directory/],
      [['scan', fixturePath('enums'), '--config', 'missing.json'], /not found/],
      [['scan', '--bogus'], /Unknown option/],
    ];
    for (const [argv, reason] of cases) {
      const { code, stderr, stdout } = await run(argv);
      assert.equal(code, 2, argv.join(' '));
      assert.match(stderr, reason);
      assert.equal(stdout, '');
    }
    const bad = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-scan-'));
    await fs.writeFile(path.join(bad, '.flaglens.json'), '{\n  "patterns": [{ "keyArg": 0 }]\n}\n');
    const result = await run(['scan', bad]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /\.flaglens\.json:2:16: patterns\[0\] needs exactly one of/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });
});
