import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { skipSpaceAndComments, standaloneWords } from '../../../src/core/references/wordSearch';

/**
 * Clients assigned after their declaration, and `var`s hoisted out of blocks: the walks that find
 * them run only where the text can hold them, so these forms must still be found, and look-alikes
 * (a longer name, a comparison, an arrow, the word "variant") must not make or break them.
 */
const files: Record<string, string> = {
  'src/comments.ts': `import * as LaunchDarkly from 'launchdarkly-node-server-sdk';

let client;
let clientBackup;
clientBackup = undefined;
export async function start(user: unknown) {
  if (client == null) {
    client /* made here, once */
      // and kept
      = LaunchDarkly.init('sdk-key');
  }
  return client.variation('assigned-after-comments', user, false);
}
`,
  'src/logical.ts': `import * as LaunchDarkly from 'launchdarkly-node-server-sdk';

let client;
let other;
export function ready(user: unknown) {
  client ||= LaunchDarkly.init('sdk-key');
  other ??= LaunchDarkly.init('sdk-key');
  return [client.variation('assigned-or', user, false), other.variation('assigned-nullish', user, false)];
}
`,
  'src/lookalikes.ts': `import * as LaunchDarkly from 'launchdarkly-node-server-sdk';

let client;
const clientFactory = () => LaunchDarkly.init('sdk-key');
export function never(user: unknown, made: unknown) {
  const check = client == made || client === made;
  const fn = (client) => client;
  return [check, fn, client.variation('never-assigned', user, false)];
}
`,
  // White space and line breaks only TypeScript's scanner knows: an ideographic space, a comment ended by a lone CR.
  'src/unicodeSpace.ts': "import * as LaunchDarkly from 'launchdarkly-node-server-sdk';\n\nlet client;\nexport function start(user: unknown) {\n  client\u3000= LaunchDarkly.init('sdk-key');\n  return client.variation('assigned-after-ideographic-space', user, false);\n}\n",
  'src/crComment.ts': "import * as LaunchDarkly from 'launchdarkly-node-server-sdk';\r\rlet client;\rexport function start(user: unknown) {\r  client // made once\r    = LaunchDarkly.init('sdk-key');\r  return client.variation('assigned-after-cr-comment', user, false);\r}\r",
  'src/hoisted.js': `const LaunchDarkly = require('launchdarkly-node-server-sdk');

// A variant of the checkout, for the variables below.
function variantOf(user) {
  if (user) {
    var client = LaunchDarkly.init('sdk-key');
  }
  return client.variation('hoisted-var', user, 'control');
}
module.exports = { variantOf };
`,
};

describe('references: clients assigned later, and hoisted vars', () => {
  let root: string;

  before(async () => {
    root = (await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-assign-')))).split(path.sep).join('/');
    await fs.writeFile(`${root}/tsconfig.json`, JSON.stringify({ compilerOptions: { strict: false, allowJs: true } }));
    for (const [file, text] of Object.entries(files)) {
      await fs.mkdir(path.posix.dirname(`${root}/${file}`), { recursive: true });
      await fs.writeFile(`${root}/${file}`, text);
    }
  });
  after(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('finds exactly the evaluations on clients a later assignment or a hoisted var made', async () => {
    const index = await ReferenceIndex.build({ root });
    try {
      const found = index
        .all()
        .filter((r) => r.confidence === 'ast')
        .map((r) => `${r.key} ${path.posix.relative(root, r.file)}:${r.keySpan.startLine + 1}`)
        .sort();
      assert.deepEqual(found, [
        'assigned-after-comments src/comments.ts:12',
        'assigned-after-cr-comment src/crComment.ts:7',
        'assigned-after-ideographic-space src/unicodeSpace.ts:6',
        'assigned-nullish src/logical.ts:8',
        'assigned-or src/logical.ts:8',
        'hoisted-var src/hoisted.js:8',
      ]);
    } finally {
      index.dispose();
    }
  });

  it('finds a word only where it stands alone, and skips spaces and both kinds of comment', () => {
    const text = 'variant var vars $var var_ (var)';
    assert.deepEqual([...standaloneWords(text, 'var', 0, text.length)], [8, 28]);
    assert.deepEqual([...standaloneWords(text, 'var', 9, text.length)], [28]);
    assert.deepEqual([...standaloneWords(text, 'var', 0, 30)], [8]);
    const code = 'x /* a */ // b\n  = 1';
    assert.equal(code[skipSpaceAndComments(code, 1, code.length)], '=');
    assert.equal(skipSpaceAndComments('a /* open', 1, 9), 9);
  });
});
