import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { silentLogger } from '../../../src/core/log';
import { fixturesRoot, prepareWorkspace } from '../cleanup/fixtureRunner';

async function run(argv: string[], cwd = process.cwd()): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {}, logger: silentLogger, signal: new AbortController().signal };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const fixture = (category: string, name: string) => path.join(fixturesRoot, category, name);
const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8');
const expected = (category: string, name: string, file: string) => readFileSync(path.join(fixture(category, name), 'after', file), 'utf8');

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** A flagd file where `new-checkout` serves `on` to everyone and has not changed for years. */
const releasedFlagd = JSON.stringify({
  flags: {
    'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on', metadata: { lastModified: '2020-01-01T00:00:00Z' } },
    'dark-mode': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on', targeting: { fractional: [['on', 50], ['off', 50]] } },
  },
});

describe('cli: flaglens cleanup', function () {
  this.timeout(120_000);
  const roots: string[] = [];
  const workspace = async (category: string, name: string): Promise<string> => {
    const root = await prepareWorkspace(fixture(category, name));
    roots.push(root);
    return root;
  };
  after(async () => {
    for (const root of roots) await fs.rm(root, { recursive: true, force: true });
  });

  it('prints a unified diff that git applies to exactly the --write result, and writes nothing', async () => {
    const root = await workspace('deadCode', 'component-file-deleted');
    const before = read(root, 'src/App.tsx');
    const { code, stdout, stderr } = await run(['cleanup', 'new-checkout', root, '--keep', 'true']);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    assert.match(stdout, /^diff --git a\/src\/App\.tsx b\/src\/App\.tsx\n--- a\/src\/App\.tsx\n\+\+\+ b\/src\/App\.tsx\n@@ -1,\d+ \+1,\d+ @@\n/);
    assert.match(stdout, /\n- {2}if \(useBooleanFlagValue\('new-checkout', false\)\) \{\n/);
    assert.match(stdout, /\ndeleted file mode 100644\n--- a\/src\/OldCheckout\.tsx\n\+\+\+ \/dev\/null\n/);
    assert.equal(read(root, 'src/App.tsx'), before, 'the diff mode leaves files alone');
    assert.ok(await exists(path.join(root, 'src/OldCheckout.tsx')));

    const patched = await workspace('deadCode', 'component-file-deleted');
    execFileSync('git', ['apply', '--unsafe-paths', '-'], { cwd: patched, input: stdout });
    const written = await run(['cleanup', 'new-checkout', root, '--keep', 'true', '--write']);
    assert.equal(written.code, 0);
    assert.match(written.stderr, /removed 'new-checkout' \(kept true\): 1 file\(s\) changed, 1 deleted/);
    assert.equal(read(root, 'src/App.tsx'), expected('deadCode', 'component-file-deleted', 'src/App.tsx'));
    assert.equal(read(patched, 'src/App.tsx'), read(root, 'src/App.tsx'));
    assert.equal(await exists(path.join(root, 'src/OldCheckout.tsx')), false);
    assert.equal(await exists(path.join(patched, 'src/OldCheckout.tsx')), false);
  });

  it('takes the dir relative to the working directory and parses --keep values (strings, numbers)', async () => {
    const root = await workspace('variants', 'switch-with-returns');
    const { code, stdout } = await run(['cleanup', 'checkout-variant', path.basename(root), '--keep', 'blue', '--write'], path.dirname(root));
    assert.equal(code, 0);
    assert.equal(stdout, '');
    assert.equal(read(root, 'src/checkout.ts'), expected('variants', 'switch-with-returns', 'src/checkout.ts'));
    const numeric = await workspace('variants', 'number-comparison');
    assert.equal((await run(['cleanup', 'max-items', numeric, '--keep', '25', '--write'])).code, 0);
    assert.equal(read(numeric, 'src/cart.ts'), expected('variants', 'number-comparison', 'src/cart.ts'));
  });

  it('exits 1 when verification finds new compiler errors: diff on stdout, problems on stderr, nothing written', async () => {
    const root = await workspace('pitfalls', 'wrong-type-is-unsafe');
    const before = read(root, 'src/cart.ts');
    const diff = await run(['cleanup', 'max-items', root, '--keep', 'lots']);
    assert.equal(diff.code, 1);
    assert.match(diff.stdout, /\n\+ {2}return items\.slice\(0, 'lots'\);\n/);
    assert.match(diff.stderr, /src\/cart\.ts:\d+: new error after cleanup: TS2345: Argument of type 'string' is not assignable to parameter of type 'number/);
    const write = await run(['cleanup', 'max-items', root, '--keep', 'lots', '--write']);
    assert.equal(write.code, 1);
    assert.match(write.stderr, /not safe: .*nothing was written/);
    assert.equal(read(root, 'src/cart.ts'), before);
  });

  it('reports references it does not rewrite (text matches, dynamic keys) on stderr', async () => {
    const root = await workspace('pitfalls', 'non-ts-references-reported');
    const { code, stderr } = await run(['cleanup', 'new-checkout', root, '--keep', 'true']);
    assert.equal(code, 0);
    assert.match(stderr, /scripts\/report\.py:4: not rewritten: text match of 'new-checkout'/);
    assert.match(stderr, /deploy\/values\.yaml:2: not rewritten: text match/);
  });

  it('without --keep, keeps the value the flag source serves to everyone once the flag is released', async () => {
    const root = await workspace('controlFlow', 'if-else-keep-true');
    await fs.writeFile(path.join(root, 'flags.flagd.json'), releasedFlagd);
    const { code, stderr } = await run(['cleanup', 'new-checkout', root, '--write']);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /keeping true \(released: /);
    assert.equal(read(root, 'src/checkout.ts'), expected('controlFlow', 'if-else-keep-true', 'src/checkout.ts'));
  });

  it('without --keep, refuses (exit 2) when the source does not decide the value or does not know the flag', async () => {
    const root = await workspace('controlFlow', 'if-else-keep-true');
    const before = read(root, 'src/checkout.ts');
    const unknown = await run(['cleanup', 'new-checkout', root]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no flag source defines 'new-checkout'; pass --keep/);
    await fs.writeFile(path.join(root, 'flags.flagd.json'), releasedFlagd.replace('"defaultVariant":"on","metadata"', '"defaultVariant":"on","targeting":{"fractional":[["on",1],["off",1]]},"metadata"'));
    const split = await run(['cleanup', 'new-checkout', root]);
    assert.equal(split.code, 2);
    assert.match(split.stderr, /cannot choose the value to keep: .*pass --keep/);
    assert.equal(read(root, 'src/checkout.ts'), before);
  });

  it('usage errors exit 2: missing key, extra arguments, missing directory, unknown option', async () => {
    assert.equal((await run(['cleanup'])).code, 2);
    assert.equal((await run(['cleanup', 'k', '.', 'extra', '--keep', 'true'])).code, 2);
    const missing = await run(['cleanup', 'k', '/nonexistent/flaglens', '--keep', 'true']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /does not exist/);
    assert.equal((await run(['cleanup', 'k', '--bogus'])).code, 2);
  });

  it('a key with no reference changes nothing and says so', async () => {
    const root = await workspace('controlFlow', 'if-else-keep-true');
    const { code, stdout, stderr } = await run(['cleanup', 'no-such-flag', root, '--keep', 'false']);
    assert.equal(code, 0);
    assert.equal(stdout, '');
    assert.match(stderr, /no code to change for 'no-such-flag'/);
  });

  it('is listed in help', async () => {
    const { stdout } = await run(['help']);
    assert.match(stdout, /cleanup +Remove a flag from the code/);
    assert.match((await run(['help', 'cleanup'])).stdout, /--keep/);
  });
});
