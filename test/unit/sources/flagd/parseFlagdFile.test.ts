import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseFlagdFile, type FlagdFlag } from '../../../../src/core/sources/flagd/parseFlagdFile';
import { ValidationCache } from '../../../../src/core/sources/flagd/validateFlagd';

const fixtures = path.resolve(__dirname, '../../../fixtures/flagd');

async function parseFixture(relative: string, requireFlagd = true) {
  const file = path.join(fixtures, relative);
  return parseFlagdFile(file, readFileSync(file, 'utf8'), { requireFlagd });
}

async function flagdFlags(relative: string): Promise<Map<string, FlagdFlag>> {
  const outcome = await parseFixture(relative);
  assert.equal(outcome.parsed?.kind, 'flagd', JSON.stringify(outcome.problems));
  if (outcome.parsed?.kind !== 'flagd') throw new Error('unreachable');
  return new Map(outcome.parsed.flags.map((f) => [f.key, f]));
}

describe('flagd/parseFlagdFile', () => {
  it('warns at both copies of a flag key written twice, and keeps the last definition as flagd does', async () => {
    const flag = (state: string) => `{"state":"${state}","variants":{"on":true,"off":false},"defaultVariant":"on"}`;
    const text = `{\n  "flags": {\n    "x": ${flag('ENABLED')},\n    "x": ${flag('DISABLED')}\n  }\n}\n`;
    const outcome = await parseFlagdFile('/w/dup.flagd.json', text, { requireFlagd: true });
    assert.deepEqual(
      outcome.problems.map((p) => [p.line, p.severity, p.message]),
      [
        [2, 'warning', "Flag 'x' is defined 2 times (lines 3, 4); flagd uses the last one."],
        [3, 'warning', "Flag 'x' is defined 2 times (lines 3, 4); flagd uses the last one."],
      ],
    );
    assert.equal(outcome.parsed?.kind, 'flagd');
    if (outcome.parsed?.kind === 'flagd') assert.equal(outcome.parsed.flags.find((f) => f.key === 'x')?.on, false);
  });

  it('reads a valid file: state, variants, kinds, default variant, metadata and key positions', async () => {
    const outcome = await parseFixture('basic/shop.flagd.json');
    assert.deepEqual(outcome.problems, []);
    assert.equal(outcome.parsed?.kind, 'flagd');
    if (outcome.parsed?.kind !== 'flagd') return;
    assert.equal(outcome.parsed.flagSetId, 'shop-dev');
    const flags = new Map(outcome.parsed.flags.map((f) => [f.key, f]));
    assert.deepEqual([...flags.keys()], ['dark-mode', 'free-shipping', 'new-checkout', 'banner-color', 'search-v2', 'checkout-rollout', 'app-version-gate', 'max-cart-items', 'theme-config']);

    const darkMode = flags.get('dark-mode')!;
    assert.equal(darkMode.on, true);
    assert.equal(darkMode.kind, 'boolean');
    assert.deepEqual(darkMode.variants, [{ name: 'on', value: true }, { name: 'off', value: false }]);
    assert.deepEqual(darkMode.serving, { type: 'variation', variation: 'on' });
    assert.deepEqual(darkMode.metadata, { flagSetId: 'shop-dev', version: 'v3', description: 'Dark theme', owner: 'team-web', type: 'release' });
    // `"dark-mode": {` is on line 16 (1-based), indented by 4.
    assert.deepEqual([darkMode.line, darkMode.character], [15, 4]);

    assert.equal(flags.get('free-shipping')!.on, false);
    assert.equal(flags.get('banner-color')!.kind, 'string');
    assert.equal(flags.get('max-cart-items')!.kind, 'number');
    assert.equal(flags.get('theme-config')!.kind, 'json');
    assert.deepEqual(flags.get('theme-config')!.variants[1], { name: 'holiday', value: { accent: 'red', snow: true } });
  });

  it('turns fractional targeting into percentage splits, with and without a bucketBy expression', async () => {
    const flags = await flagdFlags('basic/shop.flagd.json');
    // Weights 1:3 are relative.
    assert.deepEqual(flags.get('new-checkout')!.serving, { type: 'split', split: [{ variation: 'on', percent: 25 }, { variation: 'off', percent: 75 }] });
    // The first element is a bucketing expression, not a bucket.
    assert.deepEqual(flags.get('banner-color')!.serving, {
      type: 'split',
      split: [{ variation: 'red', percent: 50 }, { variation: 'green', percent: 30 }, { variation: 'blue', percent: 20 }],
    });
  });

  it('resolves $ref evaluators and summarizes if chains into rules', async () => {
    const flags = await flagdFlags('basic/shop.flagd.json');
    assert.deepEqual(flags.get('search-v2')!.serving, {
      type: 'rules',
      count: 1,
      summary: 'email ends_with @example.com → on; else off',
      fallthrough: { type: 'variation', variation: 'off' },
    });
  });

  it('nests a fractional split under a rule ("rule + split")', async () => {
    const flags = await flagdFlags('basic/shop.flagd.json');
    assert.deepEqual(flags.get('checkout-rollout')!.serving, {
      type: 'rules',
      count: 2,
      summary: 'email ends_with @example.com → on; userId in u-1, u-2, u-3 → split on 25% · off 75%; else off',
      fallthrough: { type: 'variation', variation: 'off' },
    });
    assert.deepEqual(flags.get('app-version-gate')!.serving, {
      type: 'rules',
      count: 2,
      summary: 'appVersion >= 2.1.0 → new; else (country == DE → split new 50% · old 50%; else old)',
      fallthrough: { type: 'variation', variation: 'old' },
    });
  });

  it('reports malformed JSON with its 0-based line and character and no result', async () => {
    const outcome = await parseFixture('malformed/broken.flagd.json');
    assert.equal(outcome.parsed, undefined);
    assert.equal(outcome.problems.length, 1);
    const [problem] = outcome.problems;
    // Line 10 (1-based) starts `"variants"` right after the line missing its comma.
    assert.equal(problem!.line, 9);
    assert.equal(problem!.character, 6);
    assert.match(problem!.message, /Invalid JSON: comma expected/);
    assert.ok(problem!.file!.endsWith('broken.flagd.json'));
  });

  it('rejects wrong types with a located validation error', async () => {
    const outcome = await parseFixture('wrongTypes/wrong.flagd.json');
    assert.equal(outcome.parsed, undefined);
    assert.equal(outcome.problems.length, 1);
    assert.match(outcome.problems[0]!.message, /'mixed': all variants must have the same type \(found boolean, string\)/);
    assert.equal(outcome.problems[0]!.line, 4);
  });

  for (const [name, flag, pattern, line] of [
    ['an invalid state', '{"state": "ON", "variants": {"on": true}, "defaultVariant": "on"}', /"state" must be "ENABLED" or "DISABLED", not "ON"/, 3],
    ['a defaultVariant that is not a variant', '{"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "maybe"}', /defaultVariant "maybe" is not one of its variants \(on\)/, 3],
    ['empty variants', '{"state": "ENABLED", "variants": {}, "defaultVariant": null}', /"variants" must be an object with at least one variant/, 3],
    ['an unknown targeting operator (flagd-core schema)', '{"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on", "targeting": {"bogus": [1]}}', /Invalid flagd flags\.f\.targeting: must NOT have additional properties \('bogus'\)/, 3],
  ] as const) {
    it(`rejects ${name}`, async () => {
      const text = `{\n  "flags": {\n    "f":\n      ${flag}\n  }\n}\n`;
      const outcome = await parseFlagdFile('/x/f.flagd.json', text, { requireFlagd: true });
      assert.equal(outcome.parsed, undefined);
      assert.match(outcome.problems[0]!.message, pattern);
      assert.equal(outcome.problems[0]!.line, line);
    });
  }

  it('warns (without failing the file) about an unknown $ref and a targeting variant that does not exist', async () => {
    const text = JSON.stringify({ flags: { f: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', targeting: { if: [{ $ref: 'missing' }, 'onn', 'off'] } } } }, null, 2);
    const outcome = await parseFlagdFile('/x/f.flagd.json', text, { requireFlagd: true });
    assert.equal(outcome.parsed?.kind, 'flagd');
    const messages = outcome.problems.map((p) => `${p.severity}: ${p.message}`);
    assert.deepEqual(messages, [
      "warning: Flag 'f' refers to evaluator 'missing', which $evaluators does not define.",
      "warning: Flag 'f' targeting returns variant 'onn', which is not in its variants.",
    ]);
  });

  it('re-validates only changed flags with a cache, and still catches a newly broken one', async () => {
    const config = (flags: Record<string, unknown>, evaluators: Record<string, unknown> = {}) => JSON.stringify({ $evaluators: evaluators, flags }, null, 2);
    const flag = (state: string, targeting?: unknown) => ({ state, variants: { on: true, off: false }, defaultVariant: 'on', ...(targeting ? { targeting } : {}) });
    const cache = new ValidationCache();
    const first = await parseFlagdFile('/x/a.flagd.json', config({ a: flag('ENABLED'), b: flag('DISABLED') }), { requireFlagd: true, cache });
    assert.deepEqual(first.problems, []);
    assert.deepEqual([...cache.flags.keys()], ['a', 'b']);
    const aText = cache.flags.get('a');
    const broken = await parseFlagdFile('/x/a.flagd.json', config({ a: flag('ENABLED'), b: flag('DISABLED', { bogus: [1] }) }), { requireFlagd: true, cache });
    assert.equal(broken.parsed, undefined);
    assert.match(broken.problems[0]!.message, /Invalid flagd flags\.b\.targeting/);
    // The unchanged flag stays validated; the broken one keeps its last validated text.
    assert.equal(cache.flags.get('a'), aText);
    assert.equal(cache.flags.get('b'), JSON.stringify(flag('DISABLED')));
    await parseFlagdFile('/x/a.flagd.json', config({ a: flag('ENABLED') }, { isStaff: { in: ['@x.com', { var: 'email' }] } }), { requireFlagd: true, cache });
    assert.deepEqual([...cache.flags.keys()], ['a']);
  });

  it('reads an OpenFeature CLI manifest as known keys with defaults and no state', async () => {
    const outcome = await parseFixture('manifest/flags.json', false);
    assert.deepEqual(outcome.problems, []);
    assert.equal(outcome.parsed?.kind, 'manifest');
    if (outcome.parsed?.kind !== 'manifest') return;
    assert.deepEqual(
      outcome.parsed.flags.map((f) => [f.key, f.kind, f.defaultValue, f.description]),
      [
        ['enable-feature-a', 'boolean', false, 'Turns feature A on'],
        ['welcome-message', 'string', 'Hello!', undefined],
        ['max-retries', 'number', 3, undefined],
        ['discount-rate', 'number', 0.15, undefined],
        ['layout', 'json', { columns: 2 }, undefined],
      ],
    );
    assert.deepEqual([outcome.parsed.flags[0]!.line, outcome.parsed.flags[0]!.character], [3, 4]);
  });

  it('ignores a flags.json of some other tool, but not a *.flagd.json', async () => {
    const foreign = '{"flags": ["--verbose", "--color"]}';
    assert.deepEqual(await parseFlagdFile('/x/flags.json', foreign, { requireFlagd: false }), { parsed: { kind: 'unrelated', problems: [] }, problems: [] });
    const strict = await parseFlagdFile('/x/a.flagd.json', foreign, { requireFlagd: true });
    assert.equal(strict.parsed, undefined);
    assert.match(strict.problems[0]!.message, /Expected a "flags" object/);
  });

  it('accepts an empty flags map and rejects comments (flagd reads strict JSON)', async () => {
    assert.equal((await parseFlagdFile('/x/a.flagd.json', '{"flags": {}}', { requireFlagd: true })).parsed?.kind, 'flagd');
    const commented = await parseFlagdFile('/x/a.flagd.json', '{\n  // no\n  "flags": {}\n}', { requireFlagd: true });
    assert.equal(commented.parsed, undefined);
    assert.equal(commented.problems[0]!.line, 1);
  });
});
