import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { parseConfigText } from '../../../src/core/config/parseConfig';
import { flagdFileMatcher } from '../../../src/core/sources/flagd/discoverFlagdFiles';
import { validateSourcesConfig } from '../../../src/core/sources/sourceConfig';
import type * as SafeGlobModule from '../../../src/core/util/safeGlob';
import { runCliProcess } from './cliProcess';
import { runNodeProcess } from './cliProcess';

const longName = 'a'.repeat(60);
/** Backtracks for minutes against `longName` when compiled as it is. */
const evil = '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c';
/** Kills a child that hangs; the fixed code answers in about the time Node and tsx take to start. */
const boundMs = 6000;

// Loaded lazily, so the whole-CLI tests below still run (and fail by hanging) where it does not exist yet.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const safeGlob = (): typeof SafeGlobModule => require('../../../src/core/util/safeGlob') as typeof SafeGlobModule;

interface ChildResult {
  flags: { code: number; stderr: string; ms: number };
  scan: { code: number; stdout: string; stderr: string; ms: number };
  discoverWarnings: string[];
  excludeWarnings: string[];
  extglobMs: number;
}

/**
 * Runs everything that would hang on a catastrophic glob in one child process, bounded: a
 * regular-expression test cannot be interrupted, so in this process a regression would freeze the suite.
 */
function runBounded(dir: string): Promise<{ hung: boolean; result?: ChildResult; stderr: string }> {
  const script = `
    const { runCliInProcess } = require('./test/support/cliInProcess.ts');
    const { discoverFlagdFiles } = require('./src/core/sources/flagd/discoverFlagdFiles.ts');
    const { excludeMatcher } = require('./src/core/references/discover.ts');
    const dir = ${JSON.stringify(dir)};
    const evil = ${JSON.stringify(evil)};
    const collect = (into) => ({ trace() {}, debug() {}, info() {}, warn: (m) => into.push(m), error() {} });
    (async () => {
      const flags = await runCliInProcess(['flags', dir + '/flags-repo'], dir);
      const scan = await runCliInProcess(['scan', dir + '/scan-repo'], dir);
      const discoverWarnings = [];
      await discoverFlagdFiles({ root: dir + '/flags-repo', patterns: [evil, '**/*.flagd.json'], logger: collect(discoverWarnings) });
      const excludeWarnings = [];
      const excluded = excludeMatcher([evil, 'docs/**'], collect(excludeWarnings));
      excluded(${JSON.stringify(longName)});
      // Extglobs are off: as an extglob this alternation backtracks exponentially.
      const started = Date.now();
      excludeMatcher(['+(a|aa)+(a|aa)+(a|aa)+(a|aa)+(a|aa)+(a|aa)+(a|aa)+(a|aa)+(a|aa)+(a|aa)c'])('a'.repeat(40));
      const extglobMs = Date.now() - started;
      process.stdout.write(JSON.stringify({ flags, scan, discoverWarnings, excludeWarnings, extglobMs }));
    })();
  `;
  return runNodeProcess(['--import', 'tsx', '--eval', script], { boundMs }).then(({ hung, stdout, stderr }) => ({
    hung,
    stderr,
    ...(hung || !stdout ? {} : { result: JSON.parse(stdout) as ChildResult }),
  }));
}

describe('reliability: a glob from the workspace cannot backtrack for minutes', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'flaglens-backtrack-'));
    // flags: the repro from the report, a flagd.files glob and a file with a 60-letter name.
    mkdirSync(join(dir, 'flags-repo'));
    writeFileSync(join(dir, 'flags-repo', longName), '');
    writeFileSync(join(dir, 'flags-repo', 'dev.flagd.json'), JSON.stringify({ flags: { 'my-flag': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' } } }));
    writeFileSync(join(dir, 'flags-repo', '.flaglens.json'), JSON.stringify({ sources: { flagd: { files: [evil] } } }));
    // scan: the same glob in "exclude", a 60-letter folder and file.
    mkdirSync(join(dir, 'scan-repo', longName), { recursive: true });
    writeFileSync(join(dir, 'scan-repo', longName, `${longName}.ts`), "import { useFlag } from '@unleash/proxy-client-react';\nexport const on = useFlag('new-checkout');\n");
    writeFileSync(join(dir, 'scan-repo', '.flaglens.json'), `{\n  "exclude": [\n    "docs/**",\n    ${JSON.stringify(evil)}\n  ]\n}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('end to end (bounded child process)', () => {
    let run: { hung: boolean; result?: ChildResult; stderr: string };
    before(async function () {
      this.timeout(boundMs + 5000);
      run = await runBounded(dir);
    });

    it('does not hang', () => {
      assert.equal(run.hung, false, `killed after ${boundMs} ms: a glob backtracked`);
      assert.ok(run.result, run.stderr);
    });

    it('flags with the glob in flagd.files answers in well under a second and names the entry', () => {
      const flags = run.result!.flags;
      assert.ok(flags.ms < 1000, `took ${flags.ms} ms`);
      assert.match(flags.stderr, /\.flaglens\.json:1:\d+: "flagd\.files\[0\]" is not used: it has \d+ '\*' wildcards in one path segment/);
      assert.doesNotMatch(flags.stderr, /\n./, 'one line');
    });

    it('scan with the glob in exclude answers in well under a second, warns and still scans', () => {
      const scan = run.result!.scan;
      assert.ok(scan.ms < 1000, `took ${scan.ms} ms`);
      assert.equal(scan.code, 0, scan.stderr);
      assert.match(scan.stdout, /1 flag key/);
    });

    it('discovery and the exclude matcher skip the refused glob with a warning naming it, and keep the others', () => {
      const { discoverWarnings, excludeWarnings } = run.result!;
      assert.equal(discoverWarnings.length, 1, discoverWarnings.join('\n'));
      assert.ok(discoverWarnings[0]!.includes(evil) && /is not used: /.test(discoverWarnings[0]!), discoverWarnings[0]);
      assert.equal(excludeWarnings.length, 1, excludeWarnings.join('\n'));
      assert.ok(excludeWarnings[0]!.includes(evil), excludeWarnings[0]);
    });

    it('treats extglob syntax literally instead of backtracking', () => {
      assert.ok(run.result!.extglobMs < 200, `took ${run.result!.extglobMs} ms`);
    });
  });

  describe('the CLI process itself', () => {
    it('flags exits promptly (the report ran at 100% CPU for minutes)', async function () {
      this.timeout(boundMs + 5000);
      const result = await runCliProcess(['flags', join(dir, 'flags-repo')], { boundMs });
      assert.equal(result.hung, false, `killed after ${boundMs} ms`);
      assert.match(result.stderr, /flagd\.files\[0\]/);
    });
  });

  describe('compileSafeGlob', () => {
    // What people write; each must keep matching exactly as picomatch matched it before.
    const legit = ['**/*.flagd.json', 'flags/*.json', 'src/**/generated/**', '*-*-*.json', '{a,b}/**', '**/flags.json', 'config/**/*.{json,yaml}', '**/__tests__/**/*.test.*', 'a**b.json', '.flags/*.json'];
    const paths = [
      'dev.flagd.json',
      'flags/dev.flagd.json',
      'a/b/c/prod.flagd.json',
      '.hidden/x.flagd.json',
      'flags/a.json',
      'flags/a/b.json',
      'flags/.dot.json',
      'src/generated/x.ts',
      'src/a/b/generated/c/d.ts',
      'src/generated',
      'lib/generated/x.ts',
      'a-b-c.json',
      'a-b.json',
      'x/a-b-c.json',
      '--.json',
      'a/x',
      'b/y/z',
      'c/x',
      'a',
      'flags.json',
      'x/y/flags.json',
      'config/a/b.yaml',
      'config/b.json',
      'src/__tests__/a/b.test.ts',
      '__tests__/b.test.js',
      'ab.json',
      'axyb.json',
      'a/b.json',
      '.flags/x.json',
      longName,
    ];

    it('matches the legitimate globs exactly as picomatch does', () => {
      const { compileSafeGlob } = safeGlob();
      for (const glob of legit) {
        const compiled = compileSafeGlob(glob);
        assert.ok(compiled.ok, `${glob} was refused: ${compiled.ok ? '' : compiled.reason}`);
        const reference = picomatch(glob, { dot: true });
        for (const path of paths) {
          assert.equal(compiled.test(path), reference(path), `${glob} vs ${path} (test)`);
          assert.equal(compiled.regex.test(path), reference(path), `${glob} vs ${path} (regex)`);
        }
      }
      // The file watcher's matcher too.
      const watcher = flagdFileMatcher(legit);
      const reference = picomatch(legit, { dot: true });
      for (const path of paths) assert.equal(watcher(path), reference(path), path);
    });

    it('collapses runs of * within a segment, keeping a whole-segment ** a globstar', () => {
      const { compileSafeGlob } = safeGlob();
      const pattern = (glob: string) => {
        const compiled = compileSafeGlob(glob);
        return compiled.ok ? compiled.pattern : compiled.reason;
      };
      assert.equal(pattern('a***b/**/c'), 'a*b/**/c');
      assert.equal(pattern('***/x'), '*/x');
      assert.equal(pattern('\\**'), '\\**');
      assert.equal(pattern('*'.repeat(500) + '.json'), '*.json');
    });

    it('refuses globs that could still backtrack badly, with a one-line reason', () => {
      const { compileSafeGlob } = safeGlob();
      for (const glob of [evil, '*a*a*a*c', '*a*a*a/*a*a', '**/a/**/a/**/c', '*{a,aa}*{a,aa}*c', 'x'.repeat(1001)]) {
        const compiled = compileSafeGlob(glob);
        assert.equal(compiled.ok, false, `${glob.slice(0, 40)} was accepted`);
        if (!compiled.ok) assert.doesNotMatch(compiled.reason, /\n/);
      }
    });

    it('the worst accepted shapes stay fast on the longest names a file system allows', () => {
      const { compileSafeGlob } = safeGlob();
      const name = 'a'.repeat(255);
      const cases: [string, string][] = [
        ['*a*a*c', name],
        ['*a*a*a/*c', `${name}/${name}/b`],
        ['**/*a*a*a', `${Array(15).fill(name).join('/')}/b`],
        ['**/a/**/a', `${Array(1500).fill('a').join('/')}/b`],
        ['*{a,aa}*{a,aa}c', name],
      ];
      for (const [glob, path] of cases) {
        const compiled = compileSafeGlob(glob);
        assert.ok(compiled.ok, glob);
        const started = Date.now();
        compiled.regex.test(path);
        const ms = Date.now() - started;
        assert.ok(ms < 500, `${glob}: ${ms} ms`);
      }
    });
  });

  describe('config validation warns at the entry', () => {
    it('exclude: a refused glob is a warning on its line and is not used', () => {
      const text = `{\n  "exclude": [\n    "docs/**",\n    ${JSON.stringify(evil)}\n  ]\n}\n`;
      const { config, problems } = parseConfigText(text, '/w/.flaglens.json');
      assert.deepEqual(config.exclude, ['docs/**']);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0]!.severity, 'warning');
      assert.equal(problems[0]!.line, 3);
      assert.match(problems[0]!.message, /^exclude\[1\] is ignored: it has \d+ '\*' wildcards in one path segment/);
    });

    it('sources.flagd.files: a refused glob is a warning on its line', () => {
      const text = `{\n  "sources": {\n    "flagd": {\n      "files": [\n        "flags/*.json",\n        ${JSON.stringify(evil)}\n      ]\n    }\n  }\n}\n`;
      const raw = (JSON.parse(text) as { sources: unknown }).sources;
      const { problems } = validateSourcesConfig(raw, { file: '/w/.flaglens.json', text });
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0]!.severity, 'warning');
      assert.equal(problems[0]!.line, 5);
      assert.equal(problems[0]!.path, 'sources.flagd.files.1');
      assert.match(problems[0]!.message, /"flagd\.files\[1\]" is not used: /);
    });

    it('legitimate globs raise nothing', () => {
      const files = ['**/*.flagd.json', 'flags/*.json', 'src/**/generated/**', '*-*-*.json', '{a,b}/**'];
      assert.deepEqual(validateSourcesConfig({ flagd: { files } }).problems, []);
      assert.deepEqual(parseConfigText(JSON.stringify({ exclude: files }), '/w/.flaglens.json').problems, []);
    });
  });
});
