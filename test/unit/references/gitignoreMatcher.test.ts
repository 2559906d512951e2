import * as assert from 'node:assert/strict';
import ignore from 'ignore';
import { compileGitignore } from '../../../src/core/references/gitignoreMatcher';

/** What the walk asked before the fast path: `ignore`'s own test, folders with a trailing slash. */
function reference(lines: readonly string[]): (relative: string, isDir: boolean) => { ignored: boolean; unignored: boolean } {
  const all = ignore().add(lines as string[]);
  return (relative, isDir) => {
    const { ignored, unignored } = all.test(isDir ? `${relative}/` : relative);
    return { ignored, unignored };
  };
}

/** A small deterministic generator, so a failure names a path that fails again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const segments = [
  'src', 'lib', 'app', 'node_modules', 'logs', 'log', 'coverage', 'Coverage', 'build', 'Release', 'dist', 'out', '.idea', '.vscode', '.yarn', 'patches',
  'index.ts', 'main.tsx', 'app.log', 'APP.LOG', '.log', 'npm-debug.log', 'npm-debug.log.1', 'yarn-error.log', 'server.pid', 'a.seed', '.env', '.env.local',
  '.DS_Store', '.ds_store', 'jsconfig.json', 'package-lock.json', 'pkg.egg-info', 'x.py', 'x.pyc', 'x$py.class', 'typings', 'lcov-report', 'tmp', 'settings.json',
  'K', '\u212A', 'x.\u212A', 'foo\t', 'dist\t', 'releases', 'cypress', 'downloads', 'videos', 'sdks', 'generated', 'frontend', 'openapi', 'apis', 'docs', 'cache', '.cache', 'a b', '#notes', 'README.md', 'db', 'main.db', 'Makefile', 'x.ts.snap',
];

const ruleSets: Record<string, string[]> = {
  names: ['node_modules', '.DS_Store', 'jsconfig.json', 'typings', '.env', 'Makefile', 'db'],
  suffixes: ['*.log', '*.pid', '*.seed', '*.PY[cod]', '*$py.class', '*.egg-info/', '*.db', '*.snap'],
  prefixes: ['npm-debug.log*', 'yarn-error.log*', '.env*', 'Release*/', 'lcov*'],
  dirOnly: ['coverage/', 'build/', '.idea/', 'tmp/', 'logs/'],
  paths: ['/dist', 'build/Release', 'coverage/lcov-report', 'frontend/build', 'frontend/src/openapi/apis', '.idea/*', 'docs/**/generated', '**/cache', '/out/'],
  escapesAndSpaces: ['\\#notes', 'a\\ b', 'README.md   ', '  Makefile', '# a comment', '', 'src/*.ts'],
  mixed: ['node_modules', '*.log', 'npm-debug.log*', 'coverage/', '/dist', '.idea/*', 'build/Release', '.env', '*.pid', 'docs/**/generated', 'tmp/', '*.egg-info/'],
  negated: ['.yarn/*', '!.yarn/patches', '*.log', '!app.log', 'node_modules', 'coverage/*'],
  negatedName: ['*.json', '!settings.json', 'logs'],
  anchoredNegations: ['.yarn/*', '!.yarn/patches', '!/.yarn/releases/', '*.log', 'node_modules', 'cypress/downloads/*', 'cypress/videos/*', 'frontend/build', '.pnp.*', 'coverage'],
  anchoredNegationOfAName: ['logs', '*.log', '!logs/keep.log', '!frontend/logs/', 'build/'],
  everything: ['*'],
  // Read as `ignore` reads them: a tab stays part of the rule, a byte order mark only goes at the start, case folds as its regular expressions fold it.
  tabs: ['foo\t', 'node_modules', 'dist\t', '*.log\t'],
  byteOrderMarks: ['\uFEFFlogs', 'node_modules', '\uFEFFdist', 'coverage/'],
  kelvin: ['k', '*.k', '\u212A', 'logs'],
  everythingButDirs: ['*', '!*/'],
};

describe('gitignore matcher', () => {
  for (const [name, lines] of Object.entries(ruleSets)) {
    it(`answers as the ignore package does: ${name}`, () => {
      const fast = compileGitignore(lines);
      const slow = reference(lines);
      const next = random(name.length * 7919 + lines.length);
      let ignoredSeen = 0;
      for (let i = 0; i < 4000; i++) {
        const depth = 1 + Math.floor(next() * 4);
        const parts = Array.from({ length: depth }, () => segments[Math.floor(next() * segments.length)]!);
        const relative = parts.join('/');
        const isDir = next() < 0.3;
        const expected = slow(relative, isDir);
        const got = fast.test(relative, isDir);
        assert.deepEqual({ ignored: got.ignored, unignored: got.unignored }, expected, `${JSON.stringify(lines)} on ${relative}${isDir ? '/' : ''}`);
        if (expected.ignored) ignoredSeen++;
      }
      // The generated paths reach the rules: a set no path matched would prove nothing.
      assert.ok(ignoredSeen > 100, `${name}: only ${ignoredSeen} ignored paths`);
    });
  }

  it('ignores a file under an ignored folder, and matches names whatever their case', () => {
    const matcher = compileGitignore(['logs', '*.LOG', 'build/']);
    assert.equal(matcher.test('src/logs/today.ts', false).ignored, true);
    assert.equal(matcher.test('src/App.log', false).ignored, true);
    assert.equal(matcher.test('src/build', false).ignored, false);
    assert.equal(matcher.test('src/build', true).ignored, true);
    assert.equal(matcher.test('src/main.ts', false).ignored, false);
  });
});
