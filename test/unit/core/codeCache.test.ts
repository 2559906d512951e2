import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { cliCodeCacheDir } from '../../../src/cli/codeCacheDir';
import { loadWithCodeCache } from '../../../src/core/util/codeCache';

const repoRoot = resolve(__dirname, '..', '..', '..');

describe('code cache: a CommonJS bundle loaded through V8 cached data', () => {
  let dir: string;
  let bundle: string;
  let cacheDir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flaglens-code-cache-'));
    cacheDir = join(dir, 'cache');
    bundle = join(dir, 'bundle.js');
    // Enough functions that V8's cache has something to hold; `require`, `module` and `__dirname` as Node gives them.
    const functions = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i}; }`).join('\n');
    writeFileSync(
      bundle,
      `#!/usr/bin/env node\n${functions}\nconst path = require('node:path');\nexports.sum = [${Array.from({ length: 200 }, (_, i) => `f${i}(1)`).join(', ')}].reduce((a, b) => a + b, 0);\n` +
        `exports.isMain = require.main === module;\nexports.dirname = __dirname;\nexports.filename = __filename;\nexports.sep = path.sep;\n`,
    );
  });

  afterEach(() => {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  const expectedSum = Array.from({ length: 200 }, (_, i) => 2 * i).reduce((a, b) => a + b, 0);
  const cacheFiles = () => (existsSync(cacheDir) ? readdirSync(cacheDir) : []);

  /**
   * Each load in a process of its own, as each CLI run is: within one process V8 finds an identical
   * script in its own compilation cache and never reads the data it is given.
   */
  function loadInChild(runMs = 0): { cacheUsed: boolean; sum: number } {
    const script = `const { loadWithCodeCache } = require(${JSON.stringify(join(repoRoot, 'src', 'core', 'util', 'codeCache.ts'))});
const loaded = loadWithCodeCache(${JSON.stringify(bundle)}, { cacheDir: ${JSON.stringify(cacheDir)} });
const until = performance.now() + ${runMs};
while (performance.now() < until);
loaded.saveCache();
console.log(JSON.stringify({ cacheUsed: loaded.cacheUsed, sum: loaded.exports.sum }));`;
    const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as { cacheUsed: boolean; sum: number };
  }

  it('runs the file as require would', () => {
    const loaded = loadWithCodeCache(bundle, { cacheDir });
    assert.deepEqual(loaded.exports, { sum: expectedSum, isMain: false, dirname: dir, filename: bundle, sep });
  });

  it('the first run writes the cache, the next one runs from it', function () {
    this.timeout(60_000);
    assert.deepEqual(loadInChild(), { cacheUsed: false, sum: expectedSum });
    assert.equal(cacheFiles().length, 1);
    assert.match(cacheFiles()[0]!, /^bundle\.js-v8-[\w.-]+-[0-9a-f]{16}\.v8cache$/);
    const written = readFileSync(join(cacheDir, cacheFiles()[0]!));
    assert.deepEqual(loadInChild(), { cacheUsed: true, sum: expectedSum });
    assert.deepEqual(readFileSync(join(cacheDir, cacheFiles()[0]!)), written, 'a cache that fit was written again');
  });

  it('a cache a far shorter run made (flaglens --version first) is made again by a long run, once', function () {
    this.timeout(60_000);
    loadInChild();
    const file = () => join(cacheDir, cacheFiles()[0]!);
    const short = readFileSync(file());
    assert.equal(loadInChild(1200).cacheUsed, true);
    const long = readFileSync(file());
    assert.notDeepEqual(long, short, 'the long run kept the short run\'s cache');
    assert.equal(loadInChild(1200).cacheUsed, true);
    assert.deepEqual(readFileSync(file()), long, 'a run as long as the one that made the cache made it again');
  });

  it('reads a bundle that is not ASCII (comments a development build keeps) as UTF-8', () => {
    writeFileSync(bundle, `// a comment → with an arrow\nexports.word = 'café';\n`);
    assert.equal((loadWithCodeCache(bundle, { cacheDir }).exports as { word: string }).word, 'café');
  });

  it('asMain makes require.main the module itself', () => {
    assert.equal((loadWithCodeCache(bundle, { asMain: true }).exports as { isMain: boolean }).isMain, true);
  });

  it('a changed bundle gets a cache of its own beside the old one; a cache of another runtime (Electron beside Node) stays', function () {
    this.timeout(60_000);
    mkdirSync(cacheDir, { recursive: true });
    const otherRuntime = 'bundle.js-v8-1.2.3.4-electron-0123456789abcdef.v8cache';
    writeFileSync(join(cacheDir, otherRuntime), 'another runtime');
    loadInChild();
    const ours = () => cacheFiles().filter((name) => name !== otherRuntime);
    const old = ours()[0];
    writeFileSync(bundle, `${readFileSync(bundle, 'utf8')}exports.more = 1;\n`);
    utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    assert.equal(loadInChild().cacheUsed, false);
    assert.equal(ours().length, 2);
    assert.ok(ours().includes(old!), 'the previous build\'s cache was deleted at once');
    assert.equal(loadInChild().cacheUsed, true);
    assert.ok(cacheFiles().includes(otherRuntime), 'the other runtime\'s cache was deleted');
  });

  it('two installs of the same bundle used in turn each keep their cache; past three builds the least recently used goes', function () {
    this.timeout(90_000);
    // Same file name, other folders: a global `flaglens` and a project's, or two projects on different versions.
    const installs = ['a', 'b', 'c', 'd'].map((name) => {
      mkdirSync(join(dir, name));
      const copy = join(dir, name, 'bundle.js');
      writeFileSync(copy, `${readFileSync(bundle, 'utf8')}exports.install = ${JSON.stringify(name)};\n`);
      return copy;
    });
    const load = (file: string): boolean => {
      const script = `const { loadWithCodeCache } = require(${JSON.stringify(join(repoRoot, 'src', 'core', 'util', 'codeCache.ts'))});
const loaded = loadWithCodeCache(${JSON.stringify(file)}, { cacheDir: ${JSON.stringify(cacheDir)} });
loaded.saveCache();
console.log(JSON.stringify(loaded.cacheUsed));`;
      const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.status, 0, run.stderr);
      return JSON.parse(run.stdout) as boolean;
    };
    const dateBack = (name: string, seconds: number): void => {
      const stamp = new Date(Date.now() - seconds * 1000);
      utimesSync(join(cacheDir, name), stamp, stamp);
    };
    assert.equal(load(installs[0]!), false);
    const [first] = cacheFiles();
    assert.equal(load(installs[1]!), false);
    const second = cacheFiles().find((name) => name !== first)!;
    assert.equal(cacheFiles().length, 2);
    assert.equal(load(installs[0]!), true, 'the first install lost its cache to the second');
    assert.equal(load(installs[1]!), true, 'the second install lost its cache to the first');
    // Explicit ages (a run may rewrite its cache, and a file system's clock can tick coarsely): the first is the oldest.
    dateBack(first!, 50);
    dateBack(second, 40);
    assert.equal(load(installs[2]!), false);
    const third = cacheFiles().find((name) => name !== first && name !== second)!;
    assert.equal(cacheFiles().length, 3);
    dateBack(third, 30);
    // Using a cache makes it recent: the least recently used build goes, not the first written.
    assert.equal(load(installs[0]!), true);
    assert.equal(load(installs[3]!), false);
    assert.equal(cacheFiles().length, 3);
    assert.ok(!cacheFiles().includes(second), 'the least recently used build kept its cache past three builds');
    assert.ok(cacheFiles().includes(first!) && cacheFiles().includes(third), 'a build used recently lost its cache');
  });

  it('a damaged cache is not used (a flipped byte V8 itself would run) and is written anew', function () {
    this.timeout(120_000);
    loadInChild();
    const file = join(cacheDir, cacheFiles()[0]!);
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[Math.floor(good.length / 2)]! ^= 0xff;
    for (const damaged of [Buffer.from('not a cache at all'), good.subarray(0, Math.floor(good.length / 2)), Buffer.alloc(good.length, 7), flipped]) {
      writeFileSync(file, damaged);
      assert.deepEqual(loadInChild(), { cacheUsed: false, sum: expectedSum });
      assert.notDeepEqual(readFileSync(file), damaged, 'the cache was not written anew');
      assert.equal(loadInChild().cacheUsed, true);
    }
  });

  it('a cache folder it cannot write only costs the cache', function () {
    if (process.getuid?.() === 0) {
      // root writes through permissions: a file where the folder should be stands in.
      writeFileSync(cacheDir, 'a file, not a folder');
    } else {
      chmodSync(dir, 0o500);
    }
    const loaded = loadWithCodeCache(bundle, { cacheDir });
    assert.equal((loaded.exports as { sum: number }).sum, expectedSum);
    assert.doesNotThrow(() => loaded.saveCache());
    assert.equal(loadWithCodeCache(bundle, { cacheDir }).cacheUsed, false);
  });
});

describe('code cache: where the CLI keeps it', () => {
  it('follows the platform, XDG_CACHE_HOME and FLAGLENS_CACHE_DIR, and can be turned off', () => {
    assert.equal(cliCodeCacheDir({}, 'linux', '/home/ana'), '/home/ana/.cache/flaglens/v8');
    assert.equal(cliCodeCacheDir({ XDG_CACHE_HOME: '/var/cache/ana' }, 'linux', '/home/ana'), '/var/cache/ana/flaglens/v8');
    assert.equal(cliCodeCacheDir({ XDG_CACHE_HOME: 'relative/dir' }, 'linux', '/home/ana'), '/home/ana/.cache/flaglens/v8');
    assert.equal(cliCodeCacheDir({}, 'darwin', '/Users/ana'), '/Users/ana/Library/Caches/flaglens/v8');
    assert.equal(cliCodeCacheDir({ FLAGLENS_CACHE_DIR: '/ci/cache' }, 'linux', '/home/ana'), '/ci/cache/v8');
    assert.equal(cliCodeCacheDir({ FLAGLENS_CODE_CACHE: '0' }, 'linux', '/home/ana'), undefined);
    assert.equal(cliCodeCacheDir({ FLAGLENS_CODE_CACHE: 'off', FLAGLENS_CACHE_DIR: '/ci/cache' }, 'linux', '/home/ana'), undefined);
    assert.equal(cliCodeCacheDir({}, 'linux', ''), undefined);
  });

  it('the built CLI writes it on its first run and gives the same answer from it', function () {
    this.timeout(180_000);
    if (!existsSync(join(repoRoot, 'dist', 'cli.js'))) {
      const built = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, encoding: 'utf8' });
      assert.equal(built.status, 0, built.stderr);
    }
    const cacheRoot = mkdtempSync(join(tmpdir(), 'flaglens-cli-cache-'));
    try {
      const scan = (env: NodeJS.ProcessEnv) => {
        const run = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'scan', join(repoRoot, 'examples'), '--format', 'json'], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
        assert.equal(run.status, 0, run.stderr);
        const { stats, ...rest } = JSON.parse(run.stdout) as { stats: Record<string, unknown> };
        return { ...rest, files: stats.filesScanned };
      };
      const off = scan({ FLAGLENS_CACHE_DIR: cacheRoot, FLAGLENS_CODE_CACHE: '0' });
      assert.deepEqual(readdirSync(cacheRoot), [], 'FLAGLENS_CODE_CACHE=0 still wrote a cache');
      const first = scan({ FLAGLENS_CACHE_DIR: cacheRoot });
      const written = readdirSync(join(cacheRoot, 'v8'));
      assert.equal(written.length, 1);
      assert.match(written[0]!, /^cliMain\.js-v8-[\w.-]+-[0-9a-f]{16}\.v8cache$/);
      const second = scan({ FLAGLENS_CACHE_DIR: cacheRoot });
      assert.deepEqual(first, off);
      assert.deepEqual(second, off);
    } finally {
      rmSync(cacheRoot, { recursive: true, force: true });
    }
  });
});
