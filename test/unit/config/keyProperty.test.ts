import * as assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/core/config/parseConfig';

function parse(patterns: string) {
  const { config, problems } = parseConfigText(`{\n  "patterns": [\n${patterns}\n  ]\n}`, '/w/.flaglens.json');
  return { patterns: config.patterns, problems: problems.map((p) => `${p.line}:${p.character} ${p.message}`) };
}

describe('config: keyProperty', () => {
  it('a function or method pattern keeps keyProperty, plain or as a dotted path, beside keyArg, valuePath and negate', () => {
    const { patterns, problems } = parse(`    { "function": "isEnabled", "keyProperty": "flag" },
    { "method": "getFlag", "receiver": "featureFlags", "keyArg": 1, "keyProperty": " options.flag ", "valuePath": "enabled", "negate": true }`);
    assert.deepEqual(problems, []);
    assert.deepEqual(patterns, [
      { function: 'isEnabled', keyArg: 0, transform: 'none', keyProperty: 'flag' },
      { method: 'getFlag', receiver: 'featureFlags', keyArg: 1, transform: 'none', keyProperty: 'options.flag', valuePath: 'enabled', negate: true },
    ]);
  });

  it('a wrong type, an empty string, a path that is not dotted identifiers, or a property pattern is a problem at the value, and the pattern is dropped', () => {
    const { patterns, problems } = parse(`    { "function": "a", "keyProperty": 1 },
    { "function": "b", "keyProperty": "" },
    { "function": "c", "keyProperty": ["flag"] },
    { "function": "d", "keyProperty": "options..flag" },
    { "function": "e", "keyProperty": "flag-key" },
    { "property": "config.flags", "keyProperty": "flag" },
    { "function": "ok", "keyProperty": "flag" }`);
    assert.deepEqual(patterns.map((p) => p.function), ['ok']);
    assert.deepEqual(problems, [
      '2:38 patterns[0].keyProperty must be a non-empty string.',
      '3:38 patterns[1].keyProperty must be a non-empty string.',
      '4:38 patterns[2].keyProperty must be a non-empty string.',
      "5:38 patterns[3].keyProperty 'options..flag' must be an identifier or a dotted path like 'options.flag'.",
      "6:38 patterns[4].keyProperty 'flag-key' must be an identifier or a dotted path like 'options.flag'.",
      '7:49 patterns[5].keyProperty does not apply to a "property" pattern (it names a property of the argument at keyArg).',
    ]);
  });
});
