import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { parseConfigText } from '../../../src/core/config/parseConfig';
import { silentLogger } from '../../../src/core/log';
import { parseFlagdFile } from '../../../src/core/sources/flagd/parseFlagdFile';

async function scan(dir: string, format: 'json' | 'sarif'): Promise<unknown> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: {}, logger: silentLogger, signal: new AbortController().signal };
  const code = await runCli(['scan', dir, '--format', format], io);
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout) as unknown;
}

/** The 1-based line VS Code shows for an offset: only \n, \r\n and a lone \r end a line. */
function editorLine(text: string, offset: number): number {
  return text.slice(0, offset).split(/\r\n|\r|\n/).length;
}

describe('reliability: every reported line is the line VS Code shows', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flaglens-lines-'));
    mkdirSync(join(dir, 'src'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a U+2028 inside a string before a flag reference does not shift its line (scan JSON and SARIF)', async () => {
    const source = "import { useFlag } from '@unleash/proxy-client-react';\nconst note = 'one\u2028two\u2029three';\nexport const on = useFlag('new-checkout');\n";
    writeFileSync(join(dir, 'src/a.ts'), source);
    const expected = editorLine(source, source.indexOf("'new-checkout'"));
    assert.equal(expected, 3);
    const json = (await scan(dir, 'json')) as { references: { key: string; line: number; endLine: number }[] };
    assert.deepEqual(json.references.map((r) => [r.key, r.line, r.endLine]), [['new-checkout', expected, expected]]);
    const sarif = (await scan(dir, 'sarif')) as { runs: { results: { locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    assert.equal(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine, expected);
  });

  it('text matches in a file with lone \\r line breaks get the editor\'s line', async () => {
    writeFileSync(join(dir, 'src/a.ts'), "import { useFlag } from '@unleash/proxy-client-react';\nexport const on = useFlag('new-checkout');\n");
    const yaml = 'app:\r  name: shop\r  flag: new-checkout\r';
    writeFileSync(join(dir, 'values.yaml'), yaml);
    const json = (await scan(dir, 'json')) as { references: { file: string; line: number; column: number }[] };
    const text = json.references.find((r) => r.file === 'values.yaml');
    assert.ok(text, JSON.stringify(json.references));
    assert.equal(text.line, editorLine(yaml, yaml.indexOf('new-checkout')));
    assert.equal(text.line, 3);
    assert.equal(text.column, 9);
  });

  it('flagd and config problems in files with lone \\r line breaks point at the editor\'s line', async () => {
    const flagd = '{\r  "flags": {\r    "a": {\r      "state": "ENABLED",\r      "variants": { "on": true },\r      "defaultVariant": "nope"\r    }\r  }\r}\r';
    const { problems } = await parseFlagdFile('/x/dev.flagd.json', flagd, { requireFlagd: true });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.line! + 1, editorLine(flagd, flagd.indexOf('"nope"')));
    const config = '{\r  "patterns": [\r    { "function": 42 }\r  ]\r}\r';
    const parsed = parseConfigText(config, '/x/.flaglens.json');
    assert.equal(parsed.problems.length, 1);
    assert.equal(parsed.problems[0]!.line + 1, editorLine(config, config.indexOf('42')));
  });
});
