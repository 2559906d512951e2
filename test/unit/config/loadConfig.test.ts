import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { FlagLensError } from '../../../src/core/errors';
import { patternKeys, topLevelKeys } from '../../../src/core/config/parseConfig';
import { sourceSettingKeys } from '../../../src/core/sources/sourceConfig';
import { staleSettingKeys } from '../../../src/core/stale/staleConfig';

async function tempDir(): Promise<string> {
  return (await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-config-')))).split(path.sep).join('/');
}

async function withConfig(text: string) {
  const root = await tempDir();
  await fs.writeFile(path.join(root, '.flaglens.json'), text);
  return { root, file: `${root}/.flaglens.json`, ...(await loadConfig(root)) };
}

describe('config: loadConfig', () => {
  it('a missing .flaglens.json is an empty config without problems', async () => {
    const root = await tempDir();
    const { config, problems } = await loadConfig(root);
    assert.deepEqual(config, { patterns: [], exclude: [] });
    assert.deepEqual(problems, []);
  });

  it('reads comments and trailing commas, fills defaults, keeps sources and stale raw', async () => {
    const { config, problems, file } = await withConfig(`{
  // custom wrappers
  "patterns": [
    { "function": "useUiFlag" },
    { "method": "isEnabled", "receiver": "flagResolver", "keyArg": 1 },
    { "property": "config.featureToggles" },
    { "function": "useFlag", "transform": "camelToKebab", "stripPrefix": "org:", "valuePath": "enabled", "negate": true }, /* trailing comma next */
  ],
  "exclude": ["**/generated/**"],
  "sources": { "flagd": { "files": ["flags/*.flagd.json"] } },
  "stale": { "releasedAfterDays": 30 },
}`);
    assert.deepEqual(problems, []);
    assert.equal(config.file, file);
    assert.deepEqual(config.patterns, [
      { function: 'useUiFlag', keyArg: 0, transform: 'none' },
      { method: 'isEnabled', receiver: 'flagResolver', keyArg: 1, transform: 'none' },
      { property: 'config.featureToggles', keyArg: 0, transform: 'none' },
      { function: 'useFlag', keyArg: 0, transform: 'camelToKebab', stripPrefix: 'org:', valuePath: 'enabled', negate: true },
    ]);
    assert.deepEqual(config.exclude, ['**/generated/**']);
    assert.deepEqual(config.sources, { flagd: { files: ['flags/*.flagd.json'] } });
    assert.deepEqual(config.stale, { releasedAfterDays: 30 });
  });

  it('drops bad entries, keeps good ones, and reports each with file and 0-based line/character', async () => {
    const { config, problems, file } = await withConfig(`{
  "patterns": [
    { "function": "good" },
    { "keyArg": 1 },
    { "function": "a", "method": "b" },
    { "method": "m", "keyArg": -1 },
    { "function": "f", "transform": "upper" },
    "useFlag",
    { "function": "x", "bogus": 1 },
    { "receiver": "r", "function": "g" },
    { "property": "not a path" }
  ],
  "exclude": ["ok/**", 3],
  "extra": true
}`);
    assert.deepEqual(config.patterns.map((p) => p.function ?? p.method), ['good', 'x']);
    assert.deepEqual(config.exclude, ['ok/**']);
    const summary = problems.map((p) => `${p.line}:${p.character} ${p.message}`);
    assert.deepEqual(summary, [
      '13:2 Unknown top-level property \'extra\'.',
      '3:4 patterns[1] needs exactly one of "function", "method" or "property".',
      '4:4 patterns[2] needs exactly one of "function", "method" or "property".',
      '5:31 patterns[3].keyArg must be an argument index (an integer from 0 to 20).',
      '6:36 patterns[4].transform must be one of camelToKebab, camelToSnake, none.',
      '7:4 patterns[5] must be an object such as {"function": "useUiFlag"}.',
      "8:23 patterns[6]: unknown property 'bogus' (expected one of function, method, receiver, property, keyArg, keyProperty, transform, stripPrefix, valuePath, negate).",
      '9:18 patterns[7].receiver only applies together with "method".',
      "10:18 patterns[8].property 'not a path' must be an identifier or a dotted path like 'config.featureToggles'.",
      '12:23 exclude[1] must be a non-empty glob string.',
    ]);
    assert.ok(problems.every((p) => p.file === file));
  });

  it('reports JSON syntax errors with their position and never throws', async () => {
    const { config, problems } = await withConfig('{\n  "patterns": [\n    { "function": "ok" }\n    { "function": "next" }\n  ]\n}');
    assert.ok(problems.length > 0);
    assert.equal(problems[0]!.line, 3);
    assert.match(problems[0]!.message, /JSON syntax error/);
    assert.ok(config.patterns.some((p) => p.function === 'ok'), 'what parsed is kept');
  });

  it('a non-object or empty file is a problem, not a crash', async () => {
    assert.match((await withConfig('[1, 2]')).problems[0]!.message, /must be a JSON object/);
    assert.match((await withConfig('')).problems[0]!.message, /empty/);
  });

  it('a named --config file that is missing throws invalidConfig; a directory too', async () => {
    const root = await tempDir();
    await assert.rejects(loadConfig(root, { file: 'nope.json' }), (error: unknown) => FlagLensError.is(error, 'invalidConfig') && /not found/.test(error.message));
    await fs.mkdir(path.join(root, 'dir.json'));
    await assert.rejects(loadConfig(root, { file: 'dir.json' }), (error: unknown) => FlagLensError.is(error, 'invalidConfig'));
  });

  it('a named config file elsewhere is read and recorded as the config file', async () => {
    const root = await tempDir();
    const other = path.join(root, 'conf', 'custom.json');
    await fs.mkdir(path.dirname(other));
    await fs.writeFile(other, '{"exclude": ["legacy/**"]}');
    const { config, problems } = await loadConfig(root, { file: 'conf/custom.json' });
    assert.deepEqual(problems, []);
    assert.deepEqual(config.exclude, ['legacy/**']);
    assert.equal(config.file, other.split(path.sep).join('/'));
  });
});

describe('config: JSON schema', () => {
  it('covers every top-level property and pattern field loadConfig accepts, with descriptions', async () => {
    const schema = JSON.parse(await fs.readFile(path.resolve(__dirname, '../../../schemas/flaglens.schema.json'), 'utf8')) as {
      $schema: string;
      properties: Record<string, { description?: string; $ref?: string }>;
      definitions: { pattern: { properties: Record<string, { description?: string }> }; sources: { properties: Record<string, unknown> }; stale: { properties: Record<string, unknown> } };
    };
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    // Against the parsers' own key sets: a key added to a parser and not to the schema fails here.
    assert.deepEqual(Object.keys(schema.properties).sort(), [...topLevelKeys].sort());
    assert.deepEqual(Object.keys(schema.definitions.pattern.properties).sort(), [...patternKeys].sort());
    for (const [name, field] of Object.entries(schema.definitions.pattern.properties)) assert.ok(field.description, `pattern.${name} has a description`);
    assert.deepEqual(Object.keys(schema.definitions.sources.properties).sort(), [...sourceSettingKeys].sort());
    assert.deepEqual(Object.keys(schema.definitions.stale.properties).sort(), [...staleSettingKeys].sort());
  });
});
