import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { decodeText } from '../../../src/core/util/textFiles';
import { LiteralCallReader, mayExportTypes } from '../../../src/core/references/literalCalls';
import type { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { afterEdit, buildIndex, parsedAmong, withTempIndex, writeTempWorkspace } from './fixtureHarness';

/**
 * Files whose only flag code is method-pattern calls with their keys written out are read without
 * parsing. What the reading gives must be exactly what the analysis of the parsed file gives
 * (every field of every reference), and where it cannot be sure it must give nothing, so the file
 * is analyzed. Every case below is checked against the analysis of the same text.
 */
const config = JSON.stringify({
  patterns: [
    { method: 'isEnabled', receiver: 'flagResolver', keyArg: 0 },
    { method: 'check', keyArg: 1, transform: 'camelToKebab', valuePath: 'enabled' },
    { method: 'isOn', receiver: 'deps.flags', keyArg: 0, negate: true, stripPrefix: 'ff_' },
  ],
});

const classOpen = 'export class Service {\n  constructor(private flagResolver: any, private config: any, private deps: any) {}\n  run(ctx: any, a: number, b: number) {\n';
const classClose = '\n  }\n}\n';

/** Read without parsing: the references must equal the analysis's. */
const read: Record<string, string> = {
  'a plain call on this': "    return this.flagResolver.isEnabled('plain-key');",
  'a chain over lines, and arguments after the key': "    return this.config\n      .flagResolver\n      .isEnabled(\n        'lines-key',\n        { ctx, list: [a, b] },\n      );",
  'optional chaining': "    return ctx?.flagResolver?.isEnabled('optional-key');",
  'await and not': "    const x = !this.flagResolver.isEnabled('not-key');\n    return (async () => await this.flagResolver.isEnabled('await-key'))() && x;",
  'pattern text in comments, strings, templates and regular expressions': [
    "    // this.flagResolver.isEnabled('comment-key')",
    "    /* this.flagResolver.isEnabled('block-key') */",
    '    const s = "this.flagResolver.isEnabled(\'string-key\')";',
    "    const t = `${a} this.flagResolver.isEnabled('template-key') ${ { b }.b }`;",
    "    const r = /flagResolver.isEnabled\\('regex-key'\\)/g;",
    '    const half = (a + b) / 2 / a;',
    '    if (s) /x\\/y/.test(t);',
    "    return r.test(s) && half > 1 && this.flagResolver.isEnabled('real-key');",
  ].join('\n'),
  'a call inside a template substitution': "    return `${this.flagResolver.isEnabled('in-template') ? 'on' : 'off'}`;",
  'escapes in the key': "    return this.flagResolver.isEnabled('it\\'s-\\u0041');",
  'a pattern without receiver, its transform and value path': "    return this.deps.svc.check(ctx, 'someFlagName').enabled;",
  'a dotted receiver, prefix and negation': "    return this.deps.flags.isOn('ff_dotted_key') || this.other.flags.isOn('ff_not_this_receiver');",
  'calls the patterns do not claim': "    return this.logger.isEnabled() && this.flagResolver.isEnabledFor('x') && this.flagResolver['isEnabled']('element-key');",
  'two calls on one line and nested in arguments': "    return this.flagResolver.isEnabled('first', this.flagResolver.isEnabled('second'));",
  'a method named like a keyword in the chain': "    return this.deps.default.flagResolver.isEnabled('keyword-chain');",
};

/** Left to the analysis: the reading must give nothing (and the index must still equal the analysis). */
const analyzed: Record<string, { text: string; file?: string }> = {
  'a comment inside the receiver': { text: "    return this./* c */flagResolver.isEnabled('comment-in-chain');" },
  'an optional call of the method': { text: "    return this.flagResolver.isEnabled?.('optional-call');" },
  'a generic call of the method': { text: "    return this.flagResolver.isEnabled<boolean>('generic-call');" },
  'a key that is not one string literal': { text: "    return this.flagResolver.isEnabled('a' + 'b');" },
  'an empty key': { text: "    return this.flagResolver.isEnabled('');" },
  'no key at all': { text: '    return this.flagResolver.isEnabled();' },
  'a receiver that is a call': { text: "    return this.make().flagResolver.isEnabled('called-receiver');" },
  'a cast receiver': { text: "    return (this.flagResolver as any).isEnabled('cast-receiver');" },
  'new before the chain': { text: "    return new this.flagResolver.isEnabled('constructed');" },
  'another SDK-named call': { text: "    return this.flagResolver.getVariant('variant') && this.flagResolver.isEnabled('with-variant');" },
  'an escaped method name': { text: "    return this.flagResolver.is\\u0045nabled('escaped-name');" },
  'CommonJS': { text: "    const m = require('./m');\n    return m && this.flagResolver.isEnabled('with-require');" },
  'a slash after a brace': { text: "    const o = () => {}\n    /flagResolver.isEnabled\\('x'\\)/.test(String(o));\n    return this.flagResolver.isEnabled('after-brace');" },
  'a TSX file': { text: "    return this.flagResolver.isEnabled('tsx-key');", file: 'src/case.tsx' },
};

/**
 * Traps for a reading of tokens, from a review: a `/` after `!`, `>`, `default`, `debugger`,
 * `continue` or `for await (…)`; a name and a parenthesized line that are two statements; a
 * pattern's text in a class or interface body (a syntax error the parser recovers from); nesting
 * the parser gives up on. Read or not, the result must be the analysis's.
 */
const traps: Record<string, string> = {
  'a non-null assertion before a division': "export class G {\n  constructor(private flagResolver: any, private done?: number, private total?: number) {}\n  r() { return this.done! / this.total! + (this.flagResolver.isEnabled('precise-ratio') ? 0 : 1) / 2; }\n}\n",
  'type arguments before a division': "declare const flagResolver: any;\nexport const n = 2 as Readonly<number> / flagResolver.isEnabled('hidden') / 2;\n",
  'export default of a regular expression': "export default /`/;\nconst s = `flagResolver.isEnabled('fake-a')`;\n// `\n",
  'for await before a regular expression': "declare const y: string[];\nexport async function f() {\n  for await (const x of y) /`/.test(x);\n  const s = `flagResolver.isEnabled('fake-b')`;\n  // `\n  return s;\n}\n",
  'debugger before a regular expression': "export function f(flagResolver: any) {\n  debugger\n  /`/.test('x');\n  const s = `flagResolver.isEnabled('fake-dbg')`;\n  return s; // `\n}\n",
  'continue before a regular expression': "export function f(a: any[]) {\n  for (const x of a) {\n    if (x) continue\n    /`/.test(x)\n  }\n  return `flagResolver.isEnabled('fake-cont') }}`;\n}\n// `\n",
  'a type and a parenthesized line': "declare const flagResolver: any;\nexport type A = flagResolver.isEnabled\n('not-a-call');\n",
  'a class body holding a call (a syntax error)': "declare const flagResolver: any;\nexport class C {\n  flagResolver.isEnabled('in-class-body');\n  ok = flagResolver.isEnabled('initializer');\n  handler = () => flagResolver.isEnabled('arrow-initializer');\n}\n",
  'an interface body holding a call (a syntax error)': "declare const flagResolver: any;\nexport interface I {\n  x: flagResolver.isEnabled('in-interface');\n}\n",
  'an enum initializer': "declare const flagResolver: any;\nexport enum E {\n  A = 1,\n  B = flagResolver.isEnabled('enum-key') ? 2 : 3,\n}\n",
  'nesting too deep for the parser': `declare const flagResolver: any;\nexport const x = ${'['.repeat(3000)}1${']'.repeat(3000)};\nflagResolver.isEnabled('deep-key');\n`,
};

async function loadedPatterns(root: string) {
  return (await loadConfig(root)).config.patterns;
}

function fullReferences(index: ReferenceIndex): string[] {
  return index
    .all()
    .filter((r) => r.confidence === 'ast')
    .map((r) => JSON.stringify(r));
}

function everything(index: ReferenceIndex): string {
  return JSON.stringify([index.all(), index.dynamic()]);
}

/** Builds the workspace both ways (default and exhaustive), runs `check`, and removes everything whatever happens. */
async function withBothBuilds(files: Record<string, string>, check: (index: ReferenceIndex, analysis: ReferenceIndex, root: string) => Promise<void>): Promise<void> {
  const root = await writeTempWorkspace('flaglens-literal-', files);
  const analysis = await buildIndex(root, { exhaustive: true });
  const index = await buildIndex(root);
  try {
    await check(index, analysis, root);
  } finally {
    analysis.dispose();
    index.dispose();
    await fs.rm(root, { recursive: true, force: true });
  }
}

describe('references: method-pattern calls with written-out keys, read without parsing', () => {
  for (const [name, body] of Object.entries(read)) {
    it(`${name}: the reading equals the analysis`, async () => {
      const text = classOpen + body + classClose;
      await withBothBuilds({ '.flaglens.json': config, 'src/case.ts': text }, async (index, analysis, root) => {
        const got = new LiteralCallReader(await loadedPatterns(root)).read(`${root}/src/case.ts`, text)?.references;
        assert.ok(got, 'read without parsing');
        assert.ok(got.length > 0 || name === 'calls the patterns do not claim');
        assert.deepEqual(got.map((r) => JSON.stringify(r)), fullReferences(analysis));
        assert.equal(everything(index), everything(analysis));
        // A key at another position than the first is not checked by the prefilter: the file stays a seed, parsed.
        assert.deepEqual(parsedAmong(index, ['src/case.ts']), name === 'a pattern without receiver, its transform and value path' ? ['src/case.ts'] : []);
      });
    });
  }

  for (const [name, { text: body, file = 'src/case.ts' }] of Object.entries(analyzed)) {
    it(`${name}: left to the analysis`, async () => {
      const text = classOpen + body + classClose;
      await withBothBuilds({ '.flaglens.json': config, [file]: text }, async (index, analysis, root) => {
        assert.equal(new LiteralCallReader(await loadedPatterns(root)).read(`${root}/${file}`, text), undefined);
        assert.equal(everything(index), everything(analysis));
      });
    });
  }

  for (const [name, text] of Object.entries(traps)) {
    it(`${name}: read or not, the result is the analysis's`, async () => {
      await withBothBuilds({ '.flaglens.json': config, 'src/case.ts': text }, async (index, analysis, root) => {
        const got = new LiteralCallReader(await loadedPatterns(root)).read(`${root}/src/case.ts`, text)?.references;
        if (got) assert.deepEqual(got.map((r) => JSON.stringify(r)), fullReferences(analysis));
        assert.equal(everything(index), everything(analysis));
        assert.equal(JSON.stringify(index.skipped), JSON.stringify(analysis.skipped));
      });
    });
  }

  it('CRLF line endings and a byte order mark: the same lines and characters', async () => {
    const text = '\uFEFF' + (classOpen + "    const x = 1;\n    return x && this.flagResolver.isEnabled('crlf-key');" + classClose).replace(/\n/g, '\r\n');
    const root = await writeTempWorkspace('flaglens-literal-', { '.flaglens.json': config, 'src/case.ts': text });
    const analysis = await buildIndex(root, { exhaustive: true });
    try {
      // The reading gets the text as the index decoded it for the parser: without the mark.
      const got = new LiteralCallReader(await loadedPatterns(root)).read(`${root}/src/case.ts`, decodeText(Buffer.from(text)))?.references;
      assert.deepEqual(got?.map((r) => JSON.stringify(r)), fullReferences(analysis));
      assert.equal(got?.[0]?.keySpan.startLine, 4);
    } finally {
      analysis.dispose();
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

/**
 * A service whose resolver class wraps the LaunchDarkly client: its literal calls are wrapper
 * references, and the file must be analyzed once the class is found to carry flags, in the build
 * (a later round) and after an edit that makes the class a wrapper (adopted like any file).
 */
const serviceFiles: Record<string, string> = {
  '.flaglens.json': JSON.stringify({ patterns: [{ method: 'isEnabled', receiver: 'flagResolver', keyArg: 0 }] }),
  'src/resolver.ts': [
    "import { init } from '@launchdarkly/node-server-sdk';",
    "const ld = init('sdk-key');",
    'export class FlagResolver {',
    '  isEnabled(name: string) {',
    '    return ld.variation(name, {}, false);',
    '  }',
    '}',
  ].join('\n'),
  'src/service.ts': [
    "import { FlagResolver } from './resolver';",
    'export class Service {',
    '  constructor(private flagResolver: FlagResolver) {}',
    '  run() {',
    "    return this.flagResolver.isEnabled('wrapped-key');",
    '  }',
    '}',
  ].join('\n'),
  'src/plain.ts': [
    "import type { Options } from './options';",
    'export function plain(flagResolver: { isEnabled(k: string): boolean }, o: Options) {',
    "  return o.verbose && flagResolver.isEnabled('plain-key');",
    '}',
  ].join('\n'),
  'src/options.ts': 'export interface Options { verbose: boolean }\n',
};

/** SDK imports that cannot start an evaluation leave a file to the reading; a client type does not. */
const sdkTypeFiles: Record<string, string> = {
  '.flaglens.json': JSON.stringify({ patterns: [{ method: 'isEnabled', receiver: 'flagResolver', keyArg: 0 }] }),
  'src/inert.ts': [
    "import type { Context } from 'unleash-client';",
    'export const inert = (flagResolver: { isEnabled(k: string, c?: Context): boolean }, context: Context) =>',
    "  flagResolver.isEnabled('inert-key', context);",
  ].join('\n'),
  'src/client.ts': [
    "import type { Unleash } from 'unleash-client';",
    'export class Gate {',
    '  constructor(private flagResolver: Unleash) {}',
    '  open() {',
    "    return this.flagResolver.isEnabled('client-key');",
    '  }',
    '}',
  ].join('\n'),
};

describe('references: files read without parsing join the analysis when a name they import carries flags', () => {
  it('SDK types: an inert one leaves the file unparsed, a client type makes the call an SDK evaluation (parsed)', async () => {
    await withTempIndex('flaglens-literal-', sdkTypeFiles, async (index, root) => {
      const analysis = await buildIndex(root, { exhaustive: true });
      try {
        assert.equal(everything(index), everything(analysis));
        assert.deepEqual(parsedAmong(index, ['src/client.ts', 'src/inert.ts']), ['src/client.ts']);
        assert.deepEqual(
          index
            .all()
            .filter((r) => r.key === 'client-key')
            .map((r) => r.pattern)
            .sort(),
          ['unleash.isEnabled'],
        );
      } finally {
        analysis.dispose();
      }
    });
  });

  it('in the build: the service is analyzed (a wrapper reference), the plain file is not parsed', async () => {
    await withTempIndex('flaglens-literal-', serviceFiles, async (index, root) => {
      const analysis = await buildIndex(root, { exhaustive: true });
      try {
        assert.equal(everything(index), everything(analysis));
        const byKey = new Map(index.all().map((r) => [r.key, r]));
        assert.equal(byKey.get('wrapped-key')?.via, 'wrapper');
        assert.equal(byKey.get('plain-key')?.via, 'literal');
        assert.deepEqual(parsedAmong(index, ['src/plain.ts', 'src/service.ts']), ['src/service.ts']);
      } finally {
        analysis.dispose();
      }
    });
  });

  it('imports no name a trigger spells (a default import from the folder, a namespace destructured): analyzed all the same', async () => {
    const files = {
      '.flaglens.json': serviceFiles['.flaglens.json']!,
      'src/flags/index.ts': serviceFiles['src/resolver.ts']!.replace('export class FlagResolver', 'export default class FlagResolver'),
      'src/flags/service.ts': "import Resolver from '.';\nexport const run = (flagResolver: Resolver) => flagResolver.isEnabled('default-key');\n",
      'src/other.ts': "import * as lib from './flags/named';\nconst { FlagResolver } = lib;\nexport const go = (flagResolver: InstanceType<typeof FlagResolver>) => flagResolver.isEnabled('namespace-key');\n",
      'src/flags/named.ts': serviceFiles['src/resolver.ts']!,
    };
    await withTempIndex('flaglens-literal-', files, async (index, root) => {
      const analysis = await buildIndex(root, { exhaustive: true });
      try {
        assert.equal(everything(index), everything(analysis));
        assert.deepEqual(parsedAmong(index, ['src/flags/service.ts', 'src/other.ts']), ['src/flags/service.ts', 'src/other.ts']);
      } finally {
        analysis.dispose();
      }
    });
  });

  it('re-exports a wrapper under another name: its analysis gives the new name, and its importers are analyzed', async () => {
    const files = {
      '.flaglens.json': serviceFiles['.flaglens.json']!,
      'src/client.ts': "import { init } from '@launchdarkly/node-server-sdk';\nexport const ld = init('k');\n",
      'src/wrappers.ts': "import { ld } from './client';\nexport function isOn(key: string) {\n  return ld.variation(key, {}, false);\n}\n",
      'src/facade.ts': "export { isOn as checkFlag } from './wrappers';\ndeclare const flagResolver: any;\nexport const on = flagResolver.isEnabled('lit');\n",
      'src/app.ts': "import { checkFlag } from './facade';\ncheckFlag('via-facade');\n",
    };
    await withTempIndex('flaglens-literal-', files, async (index, root) => {
      const analysis = await buildIndex(root, { exhaustive: true });
      try {
        assert.equal(everything(index), everything(analysis));
        assert.equal(index.all().find((r) => r.key === 'via-facade')?.via, 'wrapper');
      } finally {
        analysis.dispose();
      }
    });
  });

  it('after an edit that makes the resolver a wrapper: the service is analyzed again, as a fresh build finds it', async () => {
    const before = { ...serviceFiles, 'src/resolver.ts': 'export class FlagResolver {\n  isEnabled(name: string) {\n    return name.length > 3;\n  }\n}\n' };
    await afterEdit(
      'flaglens-literal-',
      before,
      { file: 'src/resolver.ts', text: serviceFiles['src/resolver.ts']! },
      (index) => {
        assert.equal(index.all().find((r) => r.key === 'wrapped-key')?.via, 'literal');
        assert.deepEqual(parsedAmong(index, ['src/service.ts']), []);
      },
      (index, fresh) => {
        assert.equal(index.all().find((r) => r.key === 'wrapped-key')?.via, 'wrapper');
        assert.equal(everything(index), everything(fresh));
      },
    );
  });
});

/**
 * Files read without parsing that export types: one whose type leads to an SDK client through a
 * name it imports (by name, or as the default) is analyzed once that name is a trigger, and tells
 * its importers in turn; one whose imports reach an SDK only file by file stays unparsed.
 */
const exportedTypeFiles: Record<string, string> = {
  '.flaglens.json': serviceFiles['.flaglens.json']!,
  'package.json': JSON.stringify({ name: 'typed', dependencies: { '@growthbook/growthbook': '*' } }),
  'src/ctx.ts': "import type { GrowthBook } from '@growthbook/growthbook';\nexport interface Ctx { flags: GrowthBook }\n",
  'src/defctx.ts': "import type { GrowthBook } from '@growthbook/growthbook';\nexport default interface DefCtx { flags: GrowthBook }\n",
  'src/holder.ts': "import type { Ctx } from './ctx';\ndeclare const flagResolver: any;\nexport const lit = flagResolver.isEnabled('holder-literal');\nexport interface Holder { ctx: Ctx }\n",
  'src/holder2.ts': "import type DefCtx from './defctx';\ndeclare const flagResolver: any;\nexport const lit2 = flagResolver.isEnabled('holder2-literal');\nexport interface Holder2 { ctx: DefCtx }\n",
  'src/deep.ts': "import type { Holder } from './holder';\nimport type { Holder2 } from './holder2';\nexport const deep = (h: Holder, g: Holder2) => [h.ctx.flags.isOn('deep-flag'), g.ctx.flags.isOn('deep-default-flag')];\n",
  'src/options.ts': "import type { Ctx } from './ctx';\nexport interface Options { verbose: boolean; all: Ctx[] }\n",
  'src/service.ts': "import type { Options } from './options';\ndeclare const flagResolver: any;\nexport class Service {\n  constructor(private o: Options) {}\n  run() { return flagResolver.isEnabled('service-literal'); }\n}\n",
};

describe('references: files read without parsing that export types', () => {
  it('a type leading to a client through an imported name gets the file analyzed (named or default import); imports reaching an SDK only file by file do not', async () => {
    await withBothBuilds(exportedTypeFiles, async (index, analysis) => {
      assert.equal(everything(index), everything(analysis));
      const keys = index.all().map((r) => r.key).sort();
      assert.deepEqual(keys, ['deep-default-flag', 'deep-flag', 'holder-literal', 'holder2-literal', 'service-literal']);
      assert.deepEqual(parsedAmong(index, ['src/holder.ts', 'src/holder2.ts', 'src/service.ts']), ['src/holder.ts', 'src/holder2.ts']);
    });
  });

  it('after an edit that makes the imported type lead to a client: the file is analyzed and tells its importers, as a fresh build finds it', async () => {
    const before = { ...exportedTypeFiles, 'src/ctx.ts': 'export interface Ctx { flags: unknown }\n' };
    await afterEdit(
      'flaglens-literal-',
      before,
      { file: 'src/ctx.ts', text: exportedTypeFiles['src/ctx.ts']! },
      (index) => {
        assert.ok(!index.all().some((r) => r.key === 'deep-flag'));
        assert.ok(index.all().some((r) => r.key === 'deep-default-flag'));
      },
      (index, fresh) => {
        assert.ok(index.all().some((r) => r.key === 'deep-flag'));
        assert.equal(everything(index), everything(fresh));
      },
    );
  });
});

/**
 * The index skips reading the tokens of a file that may export a type when an exported type would
 * send it to the analysis anyway. The text test may say yes where the tokens say no, never the
 * reverse: `exports` is what the reading finds (undefined: it gives up), `textSays` what the text
 * test must answer.
 */
const exportForms: { name: string; head: string; exports: boolean | undefined; textSays: boolean }[] = [
  { name: 'a class', head: 'export class A {}', exports: true, textSays: true },
  { name: 'modifiers and a comment between', head: 'export declare /* c */ abstract class A {}', exports: true, textSays: true },
  { name: 'a line comment and a line break between', head: 'export // c\ninterface I {}', exports: true, textSays: true },
  { name: 'U+0085 and U+200B, trivia to the scanner', head: 'export\u0085async\u200Bfunction f() {}', exports: true, textSays: true },
  { name: 'a type alias after a comment', head: 'export type/* c */T = 1;', exports: true, textSays: true },
  { name: 'an escaped keyword (the reading gives up)', head: 'export cl\\u0061ss A {}', exports: undefined, textSays: true },
  { name: 'only values', head: 'export const a = 1;\nexport enum E { A }', exports: false, textSays: false },
  { name: 'a local list (values and types are not told apart)', head: 'const a = 1;\nexport { a as b };', exports: true, textSays: true },
  { name: 'a list right after the keyword', head: 'type T = 1;\nexport{T};', exports: true, textSays: true },
  { name: 'a class decorated after the keyword', head: 'declare const dec: any;\nexport @dec class A {}', exports: true, textSays: true },
  { name: 'a type-only local list', head: 'type T = 1;\nexport type { T };', exports: true, textSays: true },
  { name: 'a type-only re-export (the text test cannot tell it from a local list)', head: "export type { T } from './t';", exports: false, textSays: true },
  { name: 'a re-export list', head: "export { a, b as c } from './t';", exports: false, textSays: true },
  { name: 'a default class', head: 'export default class {}', exports: true, textSays: true },
  { name: 'a default name (an interface declared elsewhere in the file)', head: 'interface I {}\nexport default I;', exports: true, textSays: true },
  { name: 'the words in a longer name', head: 'const reexport = 1;\nconst exportclass = 2;', exports: false, textSays: false },
  { name: 'the words in a string (a yes to the text test)', head: "const s = 'export class A {}';", exports: false, textSays: true },
];

describe('references: whether a file may export types, from its text alone', () => {
  for (const { name, head, exports, textSays } of exportForms) {
    it(`${name}: tokens say ${exports}, the text test ${textSays}`, () => {
      const text = `${head}\ndeclare const flagResolver: any;\nflagResolver.isEnabled('k');\n`;
      const reading = new LiteralCallReader([{ method: 'isEnabled', receiver: 'flagResolver', keyArg: 0, transform: 'none' }]).read('/w/src/case.ts', text);
      assert.equal(reading?.exportsTypes, exports);
      assert.equal(mayExportTypes(text), textSays);
    });
  }

  it('comments opened after `export` again and again: a yes once the trivia read passes twice the text', () => {
    assert.equal(mayExportTypes('export /*'.repeat(50_000)), true);
    assert.equal(mayExportTypes('export /* */ const a = 1;\n'.repeat(2_000)), false);
  });
});
