import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { silentLogger } from '../../../src/core/log';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { Symbols } from '../../../src/core/references/symbols';

const sdkImport = "import { OpenFeature } from '@openfeature/server-sdk';";
const getClient = 'const client = OpenFeature.getClient();';
const evaluation = 'client.getBooleanValue("my-flag", false)';
const concat = (terms: number) => Array<string>(terms).fill('"a"').join(' + ');

/** Every 'my-flag' reference as `file:line` (1-based), and the skipped files with their reasons. */
async function indexOf(dir: string, files: Record<string, string>): Promise<{ refs: string[]; skipped: string[] }> {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const index = await ReferenceIndex.build({ root: dir });
  try {
    return {
      refs: index.referencesOf('my-flag').map((r) => `${r.file.slice(dir.length + 1)}:${r.keySpan.startLine + 1}`),
      skipped: index.skipped.map((s) => `${s.file.slice(dir.length + 1)}: ${s.reason}`),
    };
  } finally {
    index.dispose();
  }
}

describe('reliability: expressions thousands of levels deep keep their flag references', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flaglens-deepexpr-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const terms of [5000, 50_000]) {
    it(`a ${terms.toLocaleString('en')}-term string concatenation before the flag call (the reported file)`, async () => {
      const text = [`export const s = ${concat(terms)};`, sdkImport, getClient, `export const on = ${evaluation};`, ''].join('\n');
      assert.deepEqual(await indexOf(dir, { 'big.ts': text }), { refs: ['big.ts:4'], skipped: [] });
    });
  }

  it('the flag call at the bottom of a 5,000-term `&&` chain', async () => {
    const text = [sdkImport, getClient, 'const x = true;', `export const on = ${evaluation}${' && x'.repeat(5000)};`, ''].join('\n');
    assert.deepEqual(await indexOf(dir, { 'and.ts': text }), { refs: ['and.ts:4'], skipped: [] });
  });

  // The parser itself recurses on nested ternaries and arrows (~4,500 and ~1,100 levels under mocha): stay well below.
  it('the flag call at the end of 2,000 chained ternaries', async () => {
    const text = [sdkImport, getClient, 'declare const x: boolean;', `export const on =\n  ${'x ? false : '.repeat(2000)}${evaluation};`, ''].join('\n');
    assert.deepEqual(await indexOf(dir, { 'ternary.ts': text }), { refs: ['ternary.ts:5'], skipped: [] });
  });

  it('the flag call inside 500 nested arrow functions', async () => {
    const text = [sdkImport, getClient, `export const f = ${'() => '.repeat(500)}`, `  ${evaluation};`, ''].join('\n');
    assert.deepEqual(await indexOf(dir, { 'arrows.ts': text }), { refs: ['arrows.ts:4'], skipped: [] });
  });

  // The other walks over a file: wrapper bodies, return values, `var` hoisting, later assignments, `this.x =`, withLDConsumer.
  const walks: Record<string, string[]> = {
    'a wrapper whose body holds a deep chain': [
      sdkImport,
      getClient,
      `function check(key: string): boolean { return client.getBooleanValue(key, false)${' && true'.repeat(5000)}; }`,
      'export const on = check("my-flag");',
    ],
    'a client factory whose body holds a deep chain': [
      sdkImport,
      `function makeClient() { const s = ${concat(5000)}; return s ? OpenFeature.getClient() : undefined; }`,
      'const client = makeClient();',
      `export const on = client?.getBooleanValue("my-flag", false);`,
    ],
    'a `var` client in a file with a deep chain': [sdkImport, `var client = OpenFeature.getClient();`, `export const s = ${concat(5000)};`, `export const on = ${evaluation};`],
    'a client assigned after a deep chain': [sdkImport, 'let client;', `export const s = ${concat(5000)};`, 'client = OpenFeature.getClient();', `export const on = ${evaluation};`],
    'a class field assigned in a method with a deep chain': [
      sdkImport,
      'export class Flags {',
      '  private client;',
      `  init() { this.client = OpenFeature.getClient(); return ${concat(5000)}; }`,
      '  on() { return this.client.getBooleanValue("my-flag", false); }',
      '}',
    ],
    'a LaunchDarkly consumer file with a deep chain': [
      "import { withLDConsumer } from 'launchdarkly-react-client-sdk';",
      sdkImport,
      getClient,
      `export const s = ${concat(5000)};`,
      `export const on = ${evaluation};`,
      'export const Wrapped = withLDConsumer()((props: object) => null);',
    ],
  };
  for (const [name, lines] of Object.entries(walks)) {
    it(name, async () => {
      const at = lines.findIndex((l) => l.includes('"my-flag"')) + 1;
      assert.deepEqual(await indexOf(dir, { 'walk.ts': `${lines.join('\n')}\n` }), { refs: [`walk.ts:${at}`], skipped: [] });
    });
  }
});

describe('reliability: a file whose analysis fails is listed as skipped, never dropped', () => {
  let dir: string;
  const exportOf = Symbols.prototype.exportOf;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flaglens-analysisfail-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/good.ts'), [sdkImport, getClient, `export const other = client.getBooleanValue("other-flag", false);`, ''].join('\n'));
    writeFileSync(join(dir, 'src/broken.ts'), [sdkImport, getClient, `export const on = ${evaluation};`, ''].join('\n'));
    // No real input is known to break the analysis any more: stand in for one that does (a bug, or a stack overflow).
    Symbols.prototype.exportOf = function (this: Symbols, file, ...rest) {
      if (file.endsWith('/broken.ts')) throw new RangeError('Maximum call stack size exceeded');
      return exportOf.call(this, file, ...rest);
    };
  });
  afterEach(() => {
    Symbols.prototype.exportOf = exportOf;
    rmSync(dir, { recursive: true, force: true });
  });

  async function scan(format: 'json' | 'sarif' | 'text'): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: {}, logger: silentLogger, signal: new AbortController().signal };
    const code = await runCli(['scan', dir, '--format', format], io);
    return { code, stdout, stderr };
  }

  it('in scan JSON "skipped", SARIF notifications and the text summary, with the reason', async () => {
    const json = JSON.parse((await scan('json')).stdout) as { references: { key: string }[]; skipped: { file: string; reason: string }[] };
    assert.deepEqual(json.references.map((r) => r.key), ['other-flag']);
    assert.deepEqual(json.skipped, [{ file: 'src/broken.ts', reason: 'could not be analyzed: Maximum call stack size exceeded' }]);

    const sarif = JSON.parse((await scan('sarif')).stdout) as {
      runs: { invocations?: { toolExecutionNotifications: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }[];
    };
    const notifications = sarif.runs[0]!.invocations?.[0]?.toolExecutionNotifications ?? [];
    assert.deepEqual(notifications.map((n) => n.locations[0]!.physicalLocation.artifactLocation.uri), ['src/broken.ts']);
    assert.match(notifications[0]!.message.text, /could not be analyzed/);

    assert.match((await scan('text')).stdout, /; 1 file skipped\n$/);
  });

  it('leaves the skipped list once an edit makes it analyzable again', async () => {
    const index = await ReferenceIndex.build({ root: dir });
    try {
      assert.deepEqual(index.skipped.map((s) => s.reason), ['could not be analyzed: Maximum call stack size exceeded']);
      assert.equal(index.stats.filesSkipped, 1);
      Symbols.prototype.exportOf = exportOf;
      await index.updateFile(join(dir, 'src/broken.ts'));
      assert.deepEqual(index.skipped, []);
      assert.equal(index.stats.filesSkipped, 0);
      assert.deepEqual(index.keys(), ['my-flag', 'other-flag']);
    } finally {
      index.dispose();
    }
  });
});
