import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '..', '..', '..');

/**
 * The extension host parses the whole bundle on activation; TypeScript and ts-morph are most of it
 * and are only needed for the first analysis. Loading dist/extension.js (against a stand-in `vscode`
 * module that answers every API name the bundle uses) must not load dist/tsMorph.js.
 */
describe('build: the extension bundle loads TypeScript only when an analysis needs it', function () {
  this.timeout(180_000);
  let stubRoot: string;

  before(() => {
    const built = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(built.status, 0, `${built.stdout}${built.stderr}`);
    stubRoot = mkdtempSync(join(tmpdir(), 'flaglens-vscode-stub-'));
    const names = [...new Set([...readFileSync(join(repoRoot, 'dist', 'extension.js'), 'utf8').matchAll(/\bvscode\d*\.([A-Za-z_]\w*)/g)].map((m) => m[1]!))];
    mkdirSync(join(stubRoot, 'node_modules', 'vscode'), { recursive: true });
    writeFileSync(
      join(stubRoot, 'node_modules', 'vscode', 'index.js'),
      `const make = () => new Proxy(function () {}, { get: (_, k) => (k === 'then' ? undefined : k === Symbol.toPrimitive ? () => 0 : make()), apply: () => make(), construct: () => make() });
const api = {};
for (const name of ${JSON.stringify(names)}) api[name] = make();
module.exports = api;`,
    );
  });

  after(() => rmSync(stubRoot, { recursive: true, force: true }));

  function load(script: string): string {
    const run = spawnSync(process.execPath, ['-e', script], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_PATH: join(stubRoot, 'node_modules') }, timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout.trim();
  }

  // dist/tsMorph.js is read through V8's code cache, not `require`: count the reads of the file itself.
  const countTsMorphReads = `const fs = require('node:fs'); let reads = 0; const read = fs.readFileSync;
fs.readFileSync = function (file, ...rest) { if (String(file).endsWith('tsMorph.js')) reads++; return read.call(this, file, ...rest); };`;

  it('loading the bundle leaves dist/tsMorph.js unloaded', () => {
    const loaded = load(`${countTsMorphReads} require('./dist/extension.js'); console.log(reads, Object.keys(require.cache).filter((f) => f.endsWith('tsMorph.js')).length)`);
    assert.equal(loaded, '0 0', 'dist/tsMorph.js was loaded while the extension bundle loaded');
  });

  it('the count above sees a load of dist/tsMorph.js', () => {
    const loaded = load(`${countTsMorphReads} require('./dist/extension.js'); require('./dist/tsMorph.js'); console.log(reads)`);
    assert.equal(loaded, '1');
  });

  it("bundled @ts-morph/common: ts is plain values, and the lib .d.ts texts are read from tsLibFiles.js only when asked for", () => {
    const answer = load(`const fs = require('node:fs'); let libReads = 0; const read = fs.readFileSync;
fs.readFileSync = function (file, ...rest) { if (String(file).endsWith('tsLibFiles.js')) libReads++; return read.call(this, file, ...rest); };
const morph = require('./dist/tsMorph.js');
const descriptor = Object.getOwnPropertyDescriptor(morph.ts, 'isIdentifier');
const before = libReads;
const project = new morph.Project({ useInMemoryFileSystem: true, compilerOptions: { lib: ['lib.es2015.d.ts'], strict: true } });
project.createSourceFile('/a.ts', 'export const n: number = "text";');
const codes = project.getPreEmitDiagnostics().map((d) => d.getCode());
console.log(typeof descriptor.value, 'get' in descriptor, before, libReads, codes.join(','))`);
    // A data property (no getter); no lib read at load; one read when the checker wants lib files; and they hold real declarations (TS2322 needs them).
    assert.equal(answer, 'function false 0 1 2322');
  });

  it('the shim hands out the real ts-morph on first use', () => {
    const kind = load(`const lazy = require('./dist/tsMorph.js'); console.log(typeof lazy.Project, lazy.ts.SyntaxKind[lazy.ts.SyntaxKind.Identifier])`);
    assert.equal(kind, 'function Identifier');
  });
});
