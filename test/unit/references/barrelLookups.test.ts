import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { astRefs, buildIndex, parsedAmong, withTempIndex, writeTempWorkspace } from './fixtureHarness';

/**
 * A barrel of barrels: a name looked up through `export *` lines is found, or known to be absent,
 * from the modules' texts; the barrels that cannot lead to it are not parsed to look. A module
 * that later starts to export the name is still noticed by the analyses that looked for it.
 */
const files: Record<string, string> = {
  'src/flags/client.ts': "import { init } from '@launchdarkly/node-server-sdk';\nexport const ld = init('sdk-key');\n",
  'src/lib/index.ts': "export * from './dates';\nexport * from './deep';\nexport * from './gate';\n",
  'src/lib/dates.ts': 'export function formatDate(d: Date) {\n  return d.toISOString();\n}\n',
  'src/lib/deep/index.ts': "export * from './x';\nexport * from './y';\n",
  'src/lib/deep/x.ts': 'export const x = 1;\n',
  'src/lib/deep/y.ts': 'export const y = 2;\n',
  'src/lib/gate.ts': "import { ld } from '../flags/client';\nexport function isOn(key: string) {\n  return ld.variation(key, {}, false);\n}\n",
  'src/app.ts': "import { isOn, LATE_KEY } from './lib';\nisOn('via-barrel');\nisOn(LATE_KEY);\n",
};

describe('references: names looked up through barrels of barrels', () => {
  let root: string;
  let index: ReferenceIndex;

  beforeEach(async () => {
    root = await writeTempWorkspace('flaglens-barrels-', files);
    index = await buildIndex(root);
  });

  afterEach(async () => {
    index.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('finds the wrapper behind the barrel and parses no module its texts rule out', () => {
    assert.deepEqual(astRefs(index), ['src/app.ts:2 via-barrel']);
    const dynamic = index.dynamic().map((d) => `${path.posix.relative(root, d.file)}:${d.span.startLine + 1}`);
    assert.deepEqual(dynamic, ['src/app.ts:3'], 'the key nobody exports yet is reported, not dropped');
    // lib/deep/index.ts is a barrel too: its `export *` lines lead to x and y, which name neither isOn nor LATE_KEY.
    assert.deepEqual(parsedAmong(index, Object.keys(files)), ['src/app.ts', 'src/flags/client.ts', 'src/lib/gate.ts', 'src/lib/index.ts']);
  });

  it('an export added deep behind the barrels reaches the analysis that looked for it', async () => {
    const y = path.posix.join(root, 'src/lib/deep/y.ts');
    await fs.writeFile(y, "export const y = 2;\nexport const LATE_KEY = 'late-flag';\n");
    const result = await index.updateFile(y);
    assert.ok(result.files.includes(path.posix.join(root, 'src/app.ts')), `app.ts redone (got ${result.files.join(', ')})`);
    assert.deepEqual(astRefs(index), ['src/app.ts:2 via-barrel', 'src/app.ts:3 late-flag']);
  });
});

/** Export forms a text reading of the module gets wrong: a barrel search must still find the key (the text names it). */
const exportForms: Record<string, string> = {
  'a comment with braces inside an export list': "const KEY = 'brace-comment';\nexport {\n  // see {docs}\n  KEY,\n};\n",
  'a semicolon in a comment inside a re-export list': "export {\n  KEY, // deprecated; use OTHER\n} from './raw';\n",
  'a decorator on the same line as export': "declare function Dec(): ClassDecorator;\n@Dec() export class Keys { static readonly KEY = 'decorator'; }\n",
};

/** Star lines a strict reading misses: the search must then parse, not conclude the name is absent. */
const starLines: Record<string, { index: string; inner: string; file?: string }> = {
  'a block comment between * and from': { index: "export * /* inner */ from './inner';\n", inner: "export const KEY = 'comment-star';\n" },
  'a line comment after *': { index: "export * // inner\n  from './inner';\n", inner: "export const KEY = 'line-comment-star';\n" },
  'a quote inside the path': { index: 'export * from "./it\'s";\n', inner: "export const KEY = 'quote-spec';\n", file: "src/keys/it's.ts" },
};

describe('references: keys behind a barrel in every export form', () => {
  for (const [name, inner] of Object.entries(exportForms)) {
    it(name, async () => {
      const decorated = inner.includes('class Keys');
      const workspace: Record<string, string> = {
        'src/keys/index.ts': "export * from './inner';\n",
        'src/keys/inner.ts': inner,
        'src/keys/raw.ts': "export const KEY = 'semicolon-comment';\n",
        'src/use.ts': `import { init } from '@launchdarkly/node-server-sdk';\nimport { ${decorated ? 'Keys' : 'KEY'} } from './keys';\ninit('k').variation(${decorated ? 'Keys.KEY' : 'KEY'}, {}, false);\n`,
      };
      await withTempIndex('flaglens-barrel-forms-', workspace, (index) => {
        assert.equal(index.dynamic().length, 0, index.dynamic().map((d) => d.reason).join('; '));
        assert.equal(astRefs(index).length, 1, `got ${astRefs(index).join(', ')}`);
      });
    });
  }
});

describe('references: star lines a strict reading misses', () => {
  for (const [name, { index: barrel, inner, file }] of Object.entries(starLines)) {
    it(name, async () => {
      const workspace: Record<string, string> = {
        'src/keys/index.ts': barrel,
        [file ?? 'src/keys/inner.ts']: inner,
        'src/use.ts': "import { init } from '@launchdarkly/node-server-sdk';\nimport { KEY } from './keys';\ninit('k').variation(KEY, {}, false);\n",
      };
      await withTempIndex('flaglens-star-lines-', workspace, (index) => {
        assert.deepEqual(index.dynamic(), []);
        assert.equal(astRefs(index).length, 1, `got ${astRefs(index).join(', ')}`);
      });
    });
  }
});
