import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FlagLensError } from '../../../../src/core/errors';
import { setFlagRollout, unreleaseFlag } from '../../../../src/core/sources/flagd/editFlagdRollout';
import { FlagdSource } from '../../../../src/core/sources/flagd/flagdSource';
import { currentRolloutPercent, parsePercent, releasePair } from '../../../../src/core/sources/rollout';

const file = `{
  "flags": {
    "promo": {
      "state": "ENABLED",
      "variants": { "on": true, "off": false },
      "defaultVariant": "off",
      "targeting": {
        "fractional": [
          { "cat": [{ "var": "$flagd.flagKey" }, { "var": "email" }] },
          ["off",   75],
          ["on", 25]
        ]
      }
    },
    "quarter": {
      "state": "ENABLED",
      "variants": { "yes": true, "no": false },
      "defaultVariant": "no",
      "targeting": { "fractional": [["yes", 1], ["no", 3]] }
    },
    "staff-then-split": {
      "state": "ENABLED",
      "variants": { "on": true, "off": false },
      "defaultVariant": "off",
      "targeting": { "if": [{ "ends_with": [{ "var": "email" }, "@shop.example"] }, "on", { "fractional": [["on"], ["off"]] }] }
    },
    "three-way": {
      "state": "ENABLED",
      "variants": { "on": true, "off": false, "beta": true },
      "defaultVariant": "off",
      "targeting": { "fractional": [["on", 10], ["off", 80], ["beta", 10]] }
    },
    "abc": {
      "state": "ENABLED",
      "variants": { "on": "a", "off": "b", "x": "c" },
      "defaultVariant": "off",
      "targeting": { "fractional": [["on", 10], ["off", 80], ["x", 10]] }
    },
    "colors": {
      "state": "ENABLED",
      "variants": { "red": "#f00", "blue": "#00f" },
      "defaultVariant": "red",
      "targeting": { "fractional": [["red", 50], ["blue", 50]] }
    },
    "rules-only": {
      "state": "ENABLED",
      "variants": { "on": true, "off": false },
      "defaultVariant": "off",
      "targeting": { "if": [{ "==": [{ "var": "plan" }, "beta"] }, "on", "off"] }
    },
    "plain": {
      "state": "DISABLED",
      "variants": { "on": true, "off": false },
      "defaultVariant": "on",
      "metadata": { "owner": "web" }
    }
  }
}
`;

/** The text between the two markers, so a test can say exactly which bytes changed. */
function onlyChange(before: string, after: string): { removed: string; added: string } {
  let start = 0;
  while (start < before.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { removed: before.slice(start, before.length - end), added: after.slice(start, after.length - end) };
}

function rejectsWith(run: () => unknown, reason: string, pattern: RegExp): void {
  assert.throws(run, (e: unknown) => FlagLensError.is(e, reason as never) && pattern.test(e.message));
}

describe('flagd rollout edits', () => {
  it('sets the on/off weights in place: bucket order, bucketing expression, spacing and the author\'s scale kept', () => {
    const after = setFlagRollout(file, 'promo', 40);
    const promo = (JSON.parse(after) as { flags: Record<string, { targeting: { fractional: unknown[] } }> }).flags.promo!;
    assert.deepEqual(promo.targeting.fractional, [{ cat: [{ var: '$flagd.flagKey' }, { var: 'email' }] }, ['off', 60], ['on', 40]]);
    // Only the two numbers changed; `["off",   75]` keeps its odd spacing.
    assert.equal(after, file.replace('["off",   75]', '["off",   60]').replace('["on", 25]', '["on", 40]'));
  });

  it('keeps a small weight scale when the percentage fits it, and moves to 100 when it does not', () => {
    const half = setFlagRollout(file, 'quarter', 50);
    assert.ok(half.includes('"fractional": [["yes", 2], ["no", 2]]'), 'scale 4 kept');
    const forty = setFlagRollout(file, 'quarter', 40);
    assert.ok(forty.includes('"fractional": [["yes", 40], ["no", 60]]'), 'scale 100');
    const fine = setFlagRollout(file, 'quarter', 12.345);
    assert.ok(fine.includes('"fractional": [["yes", 12345], ["no", 87655]]'), 'thousandths');
    assert.deepEqual(onlyChange(file, forty), { removed: '1], ["no", 3', added: '40], ["no", 60' });
  });

  it('changes the split everyone else falls through to after targeting rules, writing weights that were implicit', () => {
    const after = setFlagRollout(file, 'staff-then-split', 10);
    assert.ok(after.includes('"@shop.example"] }, "on", { "fractional": [["on", 10], ["off", 90]] }] }'), after);
  });

  it('adds a two-bucket split to a flag without targeting', () => {
    const after = setFlagRollout(file, 'plain', 5);
    const plain = (JSON.parse(after) as { flags: Record<string, { targeting: unknown; state: string }> }).flags.plain!;
    assert.deepEqual(plain.targeting, { fractional: [['on', 5], ['off', 95]] });
    assert.equal(plain.state, 'DISABLED', 'ramping does not switch the flag on');
    // One line added after the last property, indented like it; the one-line metadata stays one line.
    assert.deepEqual(onlyChange(file, after), { removed: '', added: ',\n      "targeting": { "fractional": [["on", 5], ["off", 95]] }' });
  });

  it('refuses three buckets, splits of other variations and rules without a split, naming what it found', () => {
    rejectsWith(() => setFlagRollout(file, 'three-way', 20), 'unsupported', /splits into 3 buckets \('on', 'off', 'beta'\)/);
    rejectsWith(() => setFlagRollout(file, 'abc', 20), 'unsupported', /3 buckets/);
    rejectsWith(() => setFlagRollout(file, 'colors', 20), 'unsupported', /no on\/off variations .*'red', 'blue'/);
    rejectsWith(() => setFlagRollout(file, 'rules-only', 20), 'unsupported', /targeting rules without a percentage split/);
    rejectsWith(() => setFlagRollout(file, 'missing', 20), 'notFound', /not defined/);
    rejectsWith(() => setFlagRollout(file, 'promo', 101), 'usage', /0 to 100/);
    rejectsWith(() => setFlagRollout(file, 'promo', 0.0001), 'usage', /three decimals/);
    rejectsWith(() => setFlagRollout(file.replace('"abc"', '"promo"'), 'promo', 20), 'usage', /defined 2 times/);
  });

  it('un-release serves the off variant to everyone: default off, targeting gone, the flag enabled', () => {
    const promo = (JSON.parse(unreleaseFlag(file, 'promo')) as { flags: Record<string, Record<string, unknown>> }).flags.promo!;
    assert.deepEqual(promo, { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' });
    const plain = (JSON.parse(unreleaseFlag(file, 'plain')) as { flags: Record<string, Record<string, unknown>> }).flags.plain!;
    assert.deepEqual(plain, { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', metadata: { owner: 'web' } });
    const quarter = unreleaseFlag(file, 'quarter');
    assert.ok(quarter.includes('"variants": { "yes": true, "no": false },\n      "defaultVariant": "no"\n    },\n    "staff-then-split"'), quarter);
    // The other flags are untouched byte for byte.
    assert.equal(quarter.slice(quarter.indexOf('"staff-then-split"')), file.slice(file.indexOf('"staff-then-split"')));
    rejectsWith(() => unreleaseFlag(file, 'colors'), 'unsupported', /no on\/off variations/);
  });

  it('reads what people type and what the model serves', () => {
    assert.equal(parsePercent('25%'), 25);
    assert.equal(parsePercent(' 12.5 % '), 12.5);
    assert.throws(() => parsePercent('-3'));
    assert.throws(() => parsePercent('ten'));
    const pair = releasePair([{ name: 'yes', value: true }, { name: 'no', value: false }])!;
    assert.deepEqual(pair, { on: 'yes', off: 'no' });
    const state = { environment: 'dev', on: true, protected: false, serving: { type: 'split' as const, split: [{ variation: 'no', percent: 75 }, { variation: 'yes', percent: 25 }] } };
    assert.equal(currentRolloutPercent(state, pair), 25);
    assert.equal(currentRolloutPercent({ ...state, on: false, offVariation: 'no' }, pair), 0);
    // Rules that give some people 'yes' while the rest get 'no' are not "0 %"; a split behind them is.
    const rules = { ...state, serving: { type: 'rules' as const, count: 1, summary: 'country in DE → yes', fallthrough: { type: 'variation' as const, variation: 'no' } } };
    assert.equal(currentRolloutPercent(rules, pair), undefined);
    assert.equal(currentRolloutPercent({ ...rules, serving: { ...rules.serving, fallthrough: state.serving } }, pair), 25);
  });
});

describe('flagd/FlagdSource rollout', () => {
  let root: string;
  const sources: FlagdSource[] = [];
  const source = (options: Partial<ConstructorParameters<typeof FlagdSource>[0]> = {}): FlagdSource => {
    const created = new FlagdSource({ root, debounceMs: 40, ...options });
    sources.push(created);
    return created;
  };

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-rollout-'));
  });

  afterEach(async () => {
    for (const s of sources.splice(0)) s.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('writes the new weights and reports the new split at once', async () => {
    const dev = path.join(root, 'dev.flagd.json');
    await fs.writeFile(dev, file);
    const flagd = source();
    await flagd.refresh();
    await flagd.setRollout({ key: 'promo', environment: 'dev', percent: 40 });
    assert.ok((await fs.readFile(dev, 'utf8')).includes('["off",   60],\n          ["on", 40]'));
    assert.deepEqual(flagd.snapshot!.flags.find((f) => f.key === 'promo')!.environments.dev!.serving, {
      type: 'split',
      split: [{ variation: 'off', percent: 60 }, { variation: 'on', percent: 40 }],
    });
    await flagd.unrelease({ key: 'promo', environment: 'dev' });
    assert.deepEqual(flagd.snapshot!.flags.find((f) => f.key === 'promo')!.environments.dev!.serving, { type: 'variation', variation: 'off' });
  });

  it('refuses protected environments unless explicitly allowed, and leaves the file alone', async () => {
    const prod = path.join(root, 'production.flagd.json');
    await fs.writeFile(prod, file);
    await fs.writeFile(path.join(root, 'qa.flagd.json'), file);
    const flagd = source({ protectedEnvironments: ['qa'] });
    await flagd.refresh();
    await assert.rejects(flagd.setRollout({ key: 'promo', environment: 'production', percent: 50 }), (e: unknown) => FlagLensError.is(e, 'protectedEnvironment') && /Refusing to change 'promo' in 'production': its name 'production' looks like production/.test(e.message));
    await assert.rejects(flagd.unrelease({ key: 'promo', environment: 'qa' }), (e: unknown) => FlagLensError.is(e, 'protectedEnvironment') && /listed in protectedEnvironments/.test(e.message));
    assert.equal(await fs.readFile(prod, 'utf8'), file);
    await flagd.setRollout({ key: 'promo', environment: 'production', percent: 50, allowProtected: true });
    assert.ok((await fs.readFile(prod, 'utf8')).includes('["off",   50],\n          ["on", 50]'));
  });

  it('is read-only in an untrusted workspace', async () => {
    const dev = path.join(root, 'dev.flagd.json');
    await fs.writeFile(dev, file);
    const flagd = source({ trusted: false });
    await flagd.refresh();
    await assert.rejects(flagd.setRollout({ key: 'promo', environment: 'dev', percent: 50 }), (e: unknown) => FlagLensError.is(e, 'unsupported') && /untrusted/.test(e.message));
    assert.equal(await fs.readFile(dev, 'utf8'), file);
  });
});
