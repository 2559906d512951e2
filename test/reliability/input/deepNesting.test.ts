import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { FlagdEvaluator } from '../../../src/core/sources/flagd/evaluateFlag';
import { FlagdSource } from '../../../src/core/sources/flagd/flagdSource';
import { parseFlagdFile } from '../../../src/core/sources/flagd/parseFlagdFile';

const nested = (levels: number, inner = '1') => '['.repeat(levels) + inner + ']'.repeat(levels);

/** A flagd file with a good flag, then (on line 9) a flag whose targeting nests `levels` deep, then another good flag. */
function flagdWithDeepFlag(levels: number): string {
  return [
    '{',
    '  "flags": {',
    '    "good-one": {',
    '      "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "on"',
    '    },',
    '    "deep": {',
    '      "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off",',
    '      "targeting":',
    `        { "if": [${nested(levels, 'true')}, "on", "off"] }`,
    '    },',
    '    "good-two": {',
    '      "state": "DISABLED", "variants": { "a": "x", "b": "y" }, "defaultVariant": "b"',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

describe('reliability: deeply nested JSON is reported with its place, the rest keeps working', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flaglens-deep-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('.flaglens.json nested 3,000 levels: a problem at its line, the other settings still load', async () => {
    writeFileSync(join(dir, '.flaglens.json'), `{\n  "patterns": [{ "function": "useUiFlag" }],\n  "stale":\n    ${nested(3000)}\n}\n`);
    const { config, problems } = await loadConfig(dir);
    assert.deepEqual(config.patterns.map((p) => p.function), ['useUiFlag']);
    assert.equal(config.stale, undefined);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.line, 3);
    assert.match(problems[0]!.message, /deeper than \d+ levels; 'stale' is ignored/);
  });

  it('flagd targeting nested 10,000 levels: that flag is skipped with its line, the file\'s other flags load', async () => {
    const outcome = await parseFlagdFile('/x/dev.flagd.json', flagdWithDeepFlag(10_000), { requireFlagd: true });
    assert.ok(outcome.parsed?.kind === 'flagd', JSON.stringify(outcome.problems));
    assert.deepEqual(outcome.parsed.flags.map((f) => f.key), ['good-one', 'good-two']);
    const problem = outcome.problems.find((p) => /deep/.test(p.message));
    assert.ok(problem, JSON.stringify(outcome.problems));
    assert.equal(problem.line, 8);
    assert.match(problem.message, /Flag 'deep' is nested deeper than \d+ levels; the flag is skipped/);
  });

  it('one flagd file with deep targeting never takes the flags of the other files down', async () => {
    writeFileSync(join(dir, 'dev.flagd.json'), flagdWithDeepFlag(10_000));
    writeFileSync(join(dir, 'prod.flagd.json'), '{ "flags": { "other": { "state": "ENABLED", "variants": { "on": true }, "defaultVariant": "on" } } }\n');
    const source = new FlagdSource({ root: dir });
    try {
      const snapshot = await source.refresh();
      assert.deepEqual(snapshot.flags.map((f) => f.key), ['good-one', 'good-two', 'other']);
      assert.ok((snapshot.problems ?? []).some((p) => p.file?.endsWith('dev.flagd.json') && p.line === 8));
      // Evaluation (flagd-core) gets the same file and must not crash on it either.
      assert.equal(source.evaluate('good-one', {})?.value, true);
    } finally {
      source.dispose();
    }
  });

  it('the flagd evaluator answers for the other flags of a file with deep targeting', () => {
    const evaluator = new FlagdEvaluator(flagdWithDeepFlag(10_000));
    assert.equal(evaluator.evaluate('good-one').value, true);
    assert.equal(evaluator.evaluate('good-two').reason, 'DISABLED');
    assert.equal(evaluator.evaluate('deep').errorCode, 'FLAG_NOT_FOUND');
  });

  it('$ref evaluators that double at every step are refused before anything expands them', async () => {
    const evaluators: Record<string, unknown> = { e20: { var: 'x' } };
    for (let i = 19; i >= 0; i--) evaluators[`e${i}`] = { or: [{ $ref: `e${i + 1}` }, { $ref: `e${i + 1}` }] };
    const text = JSON.stringify({
      $evaluators: evaluators,
      flags: {
        bomb: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', targeting: { if: [{ $ref: 'e0' }, 'on', 'off'] } },
        fine: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
      },
    }, null, 2);
    const started = Date.now();
    const outcome = await parseFlagdFile('/x/dev.flagd.json', text, { requireFlagd: true });
    assert.ok(outcome.parsed?.kind === 'flagd', JSON.stringify(outcome.problems));
    assert.deepEqual(outcome.parsed.flags.map((f) => f.key), ['fine']);
    assert.ok(outcome.problems.some((p) => /Flag 'bomb': targeting expands to more than \d+ nodes/.test(p.message)), JSON.stringify(outcome.problems));
    assert.equal(new FlagdEvaluator(text).evaluate('fine').value, true);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  });

  it('a package.json nested 4,000 levels (the parser copes, the walk over its exports did not) does not stop the reference index', async () => {
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'package.json'), `{ "name": "app", "exports": ${nested(4000, '"./src/index.ts"')} }`);
    writeFileSync(join(dir, 'src/index.ts'), "import { useFlag } from '@unleash/proxy-client-react';\nexport const on = useFlag('new-checkout');\n");
    const index = await ReferenceIndex.build({ root: dir });
    try {
      assert.deepEqual(index.keys(), ['new-checkout']);
    } finally {
      index.dispose();
    }
  });
});
