import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { maxExcludeGlobs } from '../../../src/core/config/parseConfig';
import { excludeMatcher } from '../../../src/core/references/discover';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';

describe('reliability: a config with 100,000 exclude globs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flaglens-globs-'));
    mkdirSync(join(dir, 'src/legacy'), { recursive: true });
    for (let i = 0; i < 50; i++) writeFileSync(join(dir, `src/file${i}.ts`), `export const n${i} = ${i};\n`);
    writeFileSync(join(dir, 'src/a.ts'), "import { useFlag } from '@unleash/proxy-client-react';\nexport const on = useFlag('new-checkout');\n");
    writeFileSync(join(dir, 'src/legacy/old.ts'), "import { useFlag } from '@unleash/proxy-client-react';\nexport const on = useFlag('old-flag');\n");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads and scans in a few seconds, uses the first globs and warns at the entry where it stopped', async () => {
    const globs = ['src/legacy/**', ...Array.from({ length: 100_000 }, (_, i) => `generated/part-${i}/**/*.{ts,tsx}`)];
    writeFileSync(join(dir, '.flaglens.json'), `{\n  "exclude": [\n${globs.map((g) => `    ${JSON.stringify(g)}`).join(',\n')}\n  ]\n}\n`);
    const started = Date.now();
    const { config, problems } = await loadConfig(dir);
    const index = await ReferenceIndex.build({ root: dir, config });
    const elapsed = Date.now() - started;
    try {
      assert.deepEqual(index.keys(), ['new-checkout'], 'the globs that are used still exclude');
      assert.ok(elapsed < 5000, `took ${elapsed} ms`);
      assert.equal(config.exclude.length, maxExcludeGlobs);
      assert.equal(problems.length, 1);
      assert.equal(problems[0]!.severity, 'warning');
      assert.equal(problems[0]!.line, 2 + maxExcludeGlobs, 'points at the first glob not used');
      assert.match(problems[0]!.message, /exclude has 100001 entries; only the first 1000 globs are used/);
    } finally {
      index.dispose();
    }
  });

  it('a glob too long to compile neither breaks the scan nor the other globs', async () => {
    writeFileSync(join(dir, '.flaglens.json'), JSON.stringify({ exclude: ['x'.repeat(40_000), 'src/legacy/**'] }));
    const { config, problems } = await loadConfig(dir);
    assert.match(problems.map((p) => p.message).join('\n'), /exclude\[0\] is longer than 1000 characters; it is ignored/);
    const index = await ReferenceIndex.build({ root: dir, config });
    try {
      assert.deepEqual(index.keys(), ['new-checkout']);
    } finally {
      index.dispose();
    }
    // The matcher on its own (callers other than the config) splits instead of failing.
    const matches = excludeMatcher(['x'.repeat(40_000), 'src/legacy/**']);
    assert.equal(matches('src/legacy/old.ts'), true);
    assert.equal(matches('src/a.ts'), false);
  });

  it('one compiled matcher behaves like the globs one by one', () => {
    const matches = excludeMatcher(['src/legacy/**', '**/*.gen.ts', 'docs', '[invalid']);
    assert.equal(matches('src/legacy/a.ts'), true);
    assert.equal(matches('src/legacy'), true);
    assert.equal(matches('lib/x.gen.ts'), true);
    assert.equal(matches('docs'), true);
    assert.equal(matches('src/a.ts'), false);
    assert.equal(matches('docs2'), false);
  });

  it('a .gitignore with 100,000 rules is capped with a warning, and the scan stays fast', async () => {
    const rules = ['src/legacy/', ...Array.from({ length: 100_000 }, (_, i) => `generated/part-${i}/**/*.js`)];
    writeFileSync(join(dir, '.gitignore'), rules.join('\n') + '\n');
    const warnings: string[] = [];
    const logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m: string) => void warnings.push(m), error: () => undefined };
    const started = Date.now();
    const index = await ReferenceIndex.build({ root: dir, logger });
    const elapsed = Date.now() - started;
    try {
      assert.deepEqual(index.keys(), ['new-checkout'], 'the rules that are used still apply');
      assert.ok(elapsed < 5000, `took ${elapsed} ms`);
      assert.ok(warnings.some((w) => /\.gitignore has 100001 rules; only the first 1000 are used/.test(w)), warnings.join('\n'));
    } finally {
      index.dispose();
    }
  });
});
