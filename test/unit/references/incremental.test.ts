import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { buildIndex, copyFixture, describeRef, writeTempWorkspace } from './fixtureHarness';

function refs(index: ReferenceIndex): string[] {
  return index.all().filter((r) => r.confidence === 'ast').map((r) => describeRef(index.root, r)).sort();
}

describe('references: incremental updates and queries', () => {
  let root: string;
  let index: ReferenceIndex;

  beforeEach(async () => {
    root = await copyFixture('importedConstants');
    index = await ReferenceIndex.build({ root });
  });

  afterEach(() => index.dispose());

  it('editing a constants file re-resolves its dependents through the reverse-import map', async () => {
    const keysFile = path.posix.join(root, 'src/keys/search.ts');
    const app = path.posix.join(root, 'src/app.ts');
    assert.equal(index.referencesOf('search-v2').length, 3);
    const events: string[][] = [];
    index.onDidChange((e) => events.push(e.files));
    const text = (await fs.readFile(keysFile, 'utf8')).replace("'search-v2'", "'search-v3'");
    const result = await index.updateFile(keysFile, text);
    assert.deepEqual(result.files, [app], 'only the file whose references changed is reported');
    assert.deepEqual(events, [[app]]);
    assert.equal(index.referencesOf('search-v2').length, 0);
    assert.equal(index.referencesOf('search-v3').length, 3);
    assert.ok(index.referencesOf('search-v3').every((r) => r.file === app));
  });

  it('after the build keeps only the trees other analyses read; a released file is analyzed again from the text the index had', async () => {
    const app = path.posix.join(root, 'src/app.ts');
    const keysFile = path.posix.join(root, 'src/keys/search.ts');
    const trees = (index as unknown as { ws: { parsed: Map<string, unknown>; isLoaded(file: string): boolean } }).ws;
    assert.equal(trees.parsed.has(app), false, 'the tree of a file only its own analysis reads was kept');
    assert.equal(trees.parsed.has(keysFile), true, 'the tree of a module other analyses read was released');
    assert.equal(trees.isLoaded(app), true);
    const lines = index.referencesOf('search-v2').map((r) => r.keySpan.startLine);
    // app.ts changes on disk behind the index's back (no event): as with a kept tree, the index goes by the text it was given.
    await fs.writeFile(app, `// a line nobody reported\n${await fs.readFile(app, 'utf8')}`);
    const keys = (await fs.readFile(keysFile, 'utf8')).replace("'search-v2'", "'search-v3'");
    await fs.writeFile(keysFile, keys);
    await index.updateFile(keysFile);
    assert.equal(index.referencesOf('search-v2').length, 0);
    assert.deepEqual(index.referencesOf('search-v3').map((r) => r.keySpan.startLine), lines);
  });

  it('editing through a barrel (export * and re-export chains) also reaches dependents', async () => {
    const checkout = path.posix.join(root, 'src/keys/checkout.ts');
    const text = (await fs.readFile(checkout, 'utf8')).replace("'new-checkout'", "'newer-checkout'");
    await fs.writeFile(checkout, text);
    const result = await index.updateFile(checkout);
    assert.deepEqual(result.files, [path.posix.join(root, 'src/app.ts')]);
    assert.equal(index.referencesOf('newer-checkout').length, 3, 'namespace import, barrel and re-export of a re-export');
  });

  it('editing the referencing file itself updates its references and spans', async () => {
    const app = path.posix.join(root, 'src/app.ts');
    const before = refs(index);
    const text = (await fs.readFile(app, 'utf8')).replace('export async function app() {', 'export async function app() {\n  await flags.getStringValue("added-flag", "");\n');
    const result = await index.updateFile(app, text);
    assert.deepEqual(result.files, [app]);
    const after = refs(index);
    assert.ok(after.includes('src/app.ts:12 added-flag'));
    assert.equal(after.length, before.length + 1);
    assert.ok(after.includes('src/app.ts:14 default-export-flag'), 'later references moved down by two lines');
  });

  it('a file that starts importing an SDK becomes indexed; deleting it removes its references', async () => {
    const fresh = path.posix.join(root, 'src/fresh.ts');
    await fs.writeFile(fresh, "import { OpenFeature } from '@openfeature/server-sdk';\nimport { SEARCH_FLAG } from './keys';\nOpenFeature.getClient().getBooleanValue(SEARCH_FLAG, false);\n");
    const result = await index.updateFile(fresh);
    assert.deepEqual(result.files, [fresh]);
    assert.deepEqual(index.referencesIn(fresh).map((r) => r.key), ['search-v2']);
    await fs.rm(fresh);
    const removed = await index.updateFile(fresh);
    assert.deepEqual(removed.files, [fresh]);
    assert.deepEqual(index.referencesIn(fresh), []);
  });

  it('an unchanged edit reports no changed files and fires no event', async () => {
    const app = path.posix.join(root, 'src/app.ts');
    let fired = 0;
    index.onDidChange(() => fired++);
    const result = await index.updateFile(app, await fs.readFile(app, 'utf8'));
    assert.deepEqual(result.files, []);
    assert.equal(fired, 0);
  });

  it('removeFile on a constants file turns its dependents’ references dynamic', async () => {
    const search = path.posix.join(root, 'src/keys/search.ts');
    await fs.rm(search);
    index.removeFile(search);
    assert.equal(index.referencesOf('search-v2').length, 0);
    assert.ok(index.dynamicIn(path.posix.join(root, 'src/app.ts')).length >= 2);
  });

  it('referenceAt finds a reference by its key span or its call span, and nothing elsewhere', async () => {
    const app = path.posix.join(root, 'src/app.ts');
    const text = await fs.readFile(app, 'utf8');
    const call = "flags.getBooleanValue(RENAMED, false)";
    const start = text.indexOf(call);
    const keyStart = start + call.indexOf('RENAMED');
    assert.equal(index.referenceAt(app, keyStart)?.key, 'renamed-flag', 'at the key');
    assert.equal(index.referenceAt(app, keyStart + 3)?.key, 'renamed-flag', 'inside the key');
    assert.equal(index.referenceAt(app, start)?.key, 'renamed-flag', 'at the call start');
    assert.equal(index.referenceAt(app, start + call.length - 2)?.key, 'renamed-flag', 'inside the arguments');
    assert.equal(index.referenceAt(app, text.indexOf('const flags')), undefined);
    const ref = index.referenceAt(app, keyStart)!;
    assert.equal(text.slice(ref.keySpan.start, ref.keySpan.end), 'RENAMED');
    assert.equal(text.slice(ref.callSpan.start, ref.callSpan.end), call);
    assert.equal(ref.defaultValue, 'false');
  });
});

describe('references: incremental wrappers and camelCase', () => {
  it('a wrapper that gains a parameter-to-key flow makes its callers references', async () => {
    const root = await copyFixture('wrappers');
    const index = await ReferenceIndex.build({ root });
    try {
      const client = path.posix.join(root, 'src/flags/client.ts');
      const caller = path.posix.join(root, 'src/later.ts');
      await fs.writeFile(caller, "import { laterWrapper } from './flags';\nexport const x = laterWrapper('late-key');\n");
      await index.updateFile(caller);
      assert.equal(index.referencesOf('late-key').length, 0, 'laterWrapper does not exist yet');
      const text = (await fs.readFile(client, 'utf8')) + '\nexport function laterWrapper(k: string) {\n  return client.getBooleanValue(k, false);\n}\n';
      const result = await index.updateFile(client, text);
      assert.ok(result.files.includes(caller), `changed: ${result.files.join(', ')}`);
      assert.deepEqual(index.referencesOf('late-key').map((r) => describeRef(root, r)), ['src/later.ts:2 late-key']);
    } finally {
      index.dispose();
    }
  });

  it('setKnownKeys remaps camelCased useFlags properties to the known keys', async () => {
    const root = await copyFixture('launchdarklyReact');
    const index = await ReferenceIndex.build({ root });
    try {
      assert.equal(index.referencesOf('known-camel-key').length, 1);
      await index.setKnownKeys(['known_camel_key']);
      assert.equal(index.referencesOf('known-camel-key').length, 0);
      assert.equal(index.referencesOf('known_camel_key').length, 1);
    } finally {
      index.dispose();
    }
  });

  it('wrapping or unwrapping a component with withLDConsumer in another file updates the component file', async () => {
    const root = await copyFixture('ldConsumer');
    const index = await ReferenceIndex.build({ root });
    try {
      const wrapped = path.posix.join(root, 'src/Wrapped.tsx');
      const plain = path.posix.join(root, 'src/Plain.tsx');
      assert.deepEqual(index.referencesIn(plain).map((r) => r.key), ['cross-file-flag', 'arrow-cross-file']);
      const text = await fs.readFile(wrapped, 'utf8');
      const unwrapped = await index.updateFile(wrapped, text.replace('withLDConsumer()(Plain)', 'Plain'));
      assert.ok(unwrapped.files.includes(plain));
      assert.deepEqual(index.referencesIn(plain).map((r) => r.key), ['arrow-cross-file']);
      await index.updateFile(wrapped, text.replace('withLDConsumer()(Plain)', 'withLDConsumer()(NotWrappedElsewhere)').replace("import { Plain, ArrowPlain }", "import { NotWrappedElsewhere, ArrowPlain }"));
      assert.deepEqual(index.referencesIn(plain).map((r) => r.key), ['arrow-cross-file', 'never-wrapped']);
    } finally {
      index.dispose();
    }
  });

  it('a series of edits (incrementally re-parsed) leaves the same index as a fresh build', async () => {
    const root = await copyFixture('mixed');
    const index = await ReferenceIndex.build({ root });
    try {
      const server = path.posix.join(root, 'src/server/index.ts');
      const app = path.posix.join(root, 'src/web/App.tsx');
      const flags = path.posix.join(root, 'src/server/flags.ts');
      const edits: [string, (text: string) => string][] = [
        [server, (t) => t.replace('FLAGS.checkout, ctx', "'renamed-inline', ctx")],
        [server, (t) => t.replace('export async function route', "const extra = () => of.getStringValue('added-in-middle', '');\nexport async function route")],
        [app, (t) => t.replace("useFeatureIsOn('gb-only')", 'useFeatureIsOn(FLAGS.search)')],
        [flags, (t) => t.replace("'recommendations'", "'recs-v2'")],
        [app, (t) => t.replace("import { useFlag } from '@unleash/proxy-client-react';\n", '')],
        [server, (t) => t + "\nexport const late = gb.isOn('appended-at-end');\n"],
        [server, (t) => t.slice(0, t.indexOf('export async function route'))],
      ];
      for (const [file, edit] of edits) {
        const text = edit(await fs.readFile(file, 'utf8'));
        await fs.writeFile(file, text);
        await index.updateFile(file, text);
      }
      const fresh = await ReferenceIndex.build({ root });
      try {
        assert.deepEqual(refs(index), refs(fresh));
        assert.deepEqual(index.dynamic(), fresh.dynamic());
        assert.deepEqual(index.all(), fresh.all());
        assert.ok(refs(index).includes('src/server/index.ts:12 added-in-middle'), refs(index).join(', '));
        assert.ok(!refs(index).some((r) => r.endsWith(' recommendations')), 'the renamed constant left no stale key behind');
      } finally {
        fresh.dispose();
      }
    } finally {
      index.dispose();
    }
  });
});

/**
 * A module deleted and written again (a branch switch, an editor's save-as): the files that import
 * it were analyzed while the import led nowhere, so the reverse-import map does not name them. They
 * must be found and analyzed again, and the index must equal a fresh build.
 */
describe('references: a deleted module written again', () => {
  /** Builds the workspace, applies `edit` on disk and to the index, and compares the index with a fresh build. */
  async function editThenCompare(
    files: Record<string, string>,
    edit: (root: string, index: ReferenceIndex) => Promise<void>,
    check: (index: ReferenceIndex) => void,
    priorityFiles: string[] = [],
  ): Promise<void> {
    const root = await writeTempWorkspace('flaglens-recreate-', files);
    const { config } = await loadConfig(root);
    const index = await ReferenceIndex.build({ root, config }, undefined, { priorityFiles: priorityFiles.map((f) => path.posix.join(root, f)) });
    try {
      await edit(root, index);
      const fresh = await buildIndex(root);
      try {
        assert.deepEqual(index.all(), fresh.all());
        assert.deepEqual(index.dynamic(), fresh.dynamic());
        check(index);
      } finally {
        fresh.dispose();
      }
    } finally {
      index.dispose();
      await fs.rm(root, { recursive: true, force: true });
    }
  }

  async function deleteAndRecreate(files: Record<string, string>, module: string, check: (index: ReferenceIndex) => void): Promise<void> {
    await editThenCompare(
      files,
      async (root, index) => {
        const full = path.posix.join(root, module);
        await fs.rm(full);
        index.removeFile(full);
        await fs.writeFile(full, files[module]!);
        await index.updateFile(full);
      },
      check,
    );
  }

  const config = JSON.stringify({ patterns: [{ method: 'isEnabled', receiver: 'flagResolver', keyArg: 0 }] });

  it('a wrapper module: the calls of its importers are references through the wrapper again', async () => {
    await deleteAndRecreate(
      {
        '.flaglens.json': config,
        'src/x.ts': 'declare const flagResolver: any;\nexport function check(name: string) { return flagResolver.isEnabled(name); }\n',
        'src/d.ts': "import { check } from './x';\ndeclare const flagResolver: any;\nexport function run() { return check('via-check') || flagResolver.isEnabled('lit-d'); }\n",
      },
      'src/x.ts',
      (index) => assert.equal(index.all().find((r) => r.key === 'via-check')?.via, 'wrapper'),
    );
  });

  it('a wrapper two files reach through another wrapper: both callers are references again', async () => {
    const d = (name: string) => `import { check } from './x';\ndeclare const flagResolver: any;\nexport function ${name}() { return check('via-${name}') || flagResolver.isEnabled('lit-${name}'); }\n`;
    await deleteAndRecreate(
      {
        '.flaglens.json': config,
        'src/x.ts': "import { helper } from './w';\nexport function check(name: string) { return helper(name); }\n",
        'src/w.ts': 'declare const flagResolver: any;\nexport function helper(k: string) { return flagResolver.isEnabled(k); }\n',
        'src/d1.ts': d('d1'),
        'src/d2.ts': d('d2'),
      },
      'src/w.ts',
      (index) => assert.deepEqual(index.all().filter((r) => r.via === 'wrapper').map((r) => r.key).sort(), ['via-d1', 'via-d2']),
    );
  });

  it('a module a barrel re-exports, created after the build: every importer of the barrel resolves it', async () => {
    const files: Record<string, string> = {
      '.flaglens.json': config,
      'src/barrel.ts': "export * from './missing';\n",
      'src/a.ts': "import { K } from './barrel';\ndeclare const flagResolver: any;\nexport const a = flagResolver.isEnabled(K);\n",
      'src/c.ts': "import { K } from './barrel';\ndeclare const flagResolver: any;\nexport const c = flagResolver.isEnabled(K);\n",
    };
    await editThenCompare(
      files,
      async (root, index) => {
        assert.equal(index.dynamic().length, 2);
        await fs.writeFile(path.posix.join(root, 'src/missing.ts'), "export const K = 'k-created';\n");
        await index.updateFile(path.posix.join(root, 'src/missing.ts'));
      },
      (index) => assert.deepEqual(index.all().map((r) => path.posix.relative(index.root, r.file)).sort(), ['src/a.ts', 'src/c.ts']),
    );
  });

  it('a created file that an import now resolves to instead of a folder index: the importer follows it', async () => {
    await editThenCompare(
      {
        '.flaglens.json': config,
        'src/k/index.ts': "export const K = 'from-index';\n",
        'src/a.ts': "import { K } from './k';\ndeclare const flagResolver: any;\nexport const a = flagResolver.isEnabled(K);\n",
      },
      async (root, index) => {
        assert.deepEqual(index.all().map((r) => r.key), ['from-index']);
        await fs.writeFile(path.posix.join(root, 'src/k.ts'), "export const K = 'from-file';\n");
        await index.updateFile(path.posix.join(root, 'src/k.ts'));
      },
      (index) => assert.deepEqual(index.all().map((r) => r.key), ['from-file']),
    );
  });

  it('a constants module re-exported by another, created after a build that opened one importer first: both importers resolve it', async () => {
    const use = (name: string) => `import { K } from './x';\ndeclare const flagResolver: any;\nexport const ${name} = flagResolver.isEnabled(K);\n`;
    await editThenCompare(
      { '.flaglens.json': config, 'src/x.ts': "export { K } from './w';\n", 'src/d1.ts': use('d1'), 'src/d2.ts': use('d2') },
      async (root, index) => {
        await fs.writeFile(path.posix.join(root, 'src/w.ts'), "export const K = 'wk';\n");
        await index.updateFile(path.posix.join(root, 'src/w.ts'));
      },
      (index) => assert.deepEqual(index.all().map((r) => `${path.posix.relative(index.root, r.file)} ${r.key}`).sort(), ['src/d1.ts wk', 'src/d2.ts wk']),
      ['src/d1.ts'],
    );
  });

  it('a component that withLDConsumer wraps, created after the build: its flags props are references', async () => {
    await editThenCompare(
      {
        '.flaglens.json': config,
        'src/Wrapped.tsx': "import { withLDConsumer } from 'launchdarkly-react-client-sdk';\nimport { Plain } from './Plain';\nexport const ConnectedPlain = withLDConsumer()(Plain);\n",
      },
      async (root, index) => {
        const plain = path.posix.join(root, 'src/Plain.tsx');
        await fs.writeFile(plain, 'export function Plain({ flags }: { flags?: Record<string, boolean> }) {\n  return <p>{String(flags?.crossFileFlag)}</p>;\n}\n');
        await index.updateFile(plain);
      },
      (index) => assert.deepEqual(index.all().map((r) => `${path.posix.relative(index.root, r.file)} ${r.key}`), ['src/Plain.tsx cross-file-flag']),
    );
  });

  it('a constants module: the keys its importers pass resolve again', async () => {
    await deleteAndRecreate(
      {
        '.flaglens.json': config,
        'src/d.ts': "export const DK = 'd-key';\n",
        'src/e.ts': "import { DK } from './d';\ndeclare const flagResolver: any;\nexport const e = flagResolver.isEnabled(DK);\n",
      },
      'src/d.ts',
      (index) => assert.equal(index.all().find((r) => r.key === 'd-key')?.via, 'constant'),
    );
  });
});
