import * as assert from 'node:assert/strict';
import { parseFlagdFile } from '../../../src/core/sources/flagd/parseFlagdFile';
import { summarizeTargeting } from '../../../src/core/sources/flagd/summarizeTargeting';

function flagdFile(targeting: unknown, evaluators?: Record<string, unknown>): string {
  const flag = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', targeting };
  return JSON.stringify({ ...(evaluators ? { $evaluators: evaluators } : {}), flags: { checkout: flag } }, null, 2) + '\n';
}

async function parse(text: string) {
  const outcome = await parseFlagdFile('/x/dev.flagd.json', text, { requireFlagd: true });
  assert.ok(outcome.parsed?.kind === 'flagd', JSON.stringify(outcome.problems));
  return { flag: outcome.parsed.flags[0]!, problems: outcome.problems };
}

/** 0-based line of the first occurrence of `needle`. */
function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length - 1;
}

describe('reliability: flagd targeting with hostile numbers and $ref cycles', () => {
  it('a fractional split of two 1e308 weights is 50 % / 50 %, not 0 % / 0 %', async () => {
    const { flag, problems } = await parse(flagdFile({ fractional: [['on', 1e308], ['off', 1e308]] }));
    assert.deepEqual(flag.serving, { type: 'split', split: [{ variation: 'on', percent: 50 }, { variation: 'off', percent: 50 }] });
    assert.deepEqual(problems, []);
  });

  it('huge weights keep their proportions', async () => {
    const { flag } = await parse(flagdFile({ fractional: [['on', 1.5e308], ['off', 0.5e308]] }));
    assert.deepEqual(flag.serving, { type: 'split', split: [{ variation: 'on', percent: 75 }, { variation: 'off', percent: 25 }] });
  });

  it('a negative or non-finite weight is refused with a problem: by the schema in a file, by the summary anywhere', async () => {
    const negative = await parseFlagdFile('/x/dev.flagd.json', flagdFile({ fractional: [['on', -5], ['off', 1]] }), { requireFlagd: true });
    assert.match(negative.problems.map((p) => p.message).join('\n'), /fractional\.0\.1: must be >= 0/);
    // The summary is also used on targeting that has not been through the schema (hovers, reports).
    const summary = summarizeTargeting({ fractional: [['on', -5], ['off', 1], ['beta', Infinity]] }, 'off', ['on', 'off', 'beta']);
    assert.deepEqual(summary.serving, { type: 'split', split: [{ variation: 'on', percent: 0 }, { variation: 'off', percent: 100 }, { variation: 'beta', percent: 0 }] });
    assert.deepEqual(summary.problems, ["fractional weight -5 for 'on' must be a finite number ≥ 0; counted as 0.", "fractional weight Infinity for 'beta' must be a finite number ≥ 0; counted as 0."]);
  });

  it('an evaluator that refers to itself is reported as a $ref cycle at its place', async () => {
    const evaluators = { loop: { if: [{ var: 'beta' }, 'on', { $ref: 'loop' }] } };
    const text = flagdFile({ $ref: 'loop' }, evaluators);
    const { problems } = await parse(text);
    assert.deepEqual(problems.map((p) => p.message), ["`$ref` cycle: loop → loop (used by flag 'checkout')."]);
    assert.equal(problems[0]!.line, lineOf(text, '"loop": {'));
    assert.ok(!problems.some((p) => /does not define/.test(p.message)));
  });

  it('a cycle a → b → a names both evaluators, once', async () => {
    const evaluators = { a: { or: [{ var: 'x' }, { $ref: 'b' }] }, b: { and: [{ var: 'y' }, { $ref: 'a' }] } };
    const text = flagdFile({ if: [{ $ref: 'a' }, 'on', 'off'] }, evaluators);
    const { problems } = await parse(text);
    assert.deepEqual(problems.map((p) => p.message), ["`$ref` cycle: a → b → a (used by flag 'checkout')."]);
    assert.equal(problems[0]!.line, lineOf(text, '"b": {'));
  });

  it('a $ref to an inherited property name is "not defined", never Object.prototype', async () => {
    const { problems } = await parse(flagdFile({ if: [{ $ref: 'constructor' }, 'on', 'off'] }, { real: { var: 'x' } }));
    assert.match(problems.map((p) => p.message).join('\n'), /refers to evaluator 'constructor', which \$evaluators does not define/);
  });
});
