import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyCleanup } from '../../../src/core/cleanup/applyCleanup';
import { FlagLensError } from '../../../src/core/errors';

const repo = path.resolve(__dirname, '../../..');
const nobody = 65534;
const flagUse = `import { OpenFeature } from '@openfeature/web-sdk';\nconst client = OpenFeature.getClient();\nexport const v = client.getBooleanValue('new-checkout', false) ? 'new' : 'old';\n`;

/** Runs node (with tsx) as uid/gid 65534, where chmod really stops writes (the suite runs as root in CI). */
function runAsNobody(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const command = process.getuid?.() === 0 ? 'setpriv' : 'node';
  const prefix = process.getuid?.() === 0 ? [`--reuid=${nobody}`, `--regid=${nobody}`, '--clear-groups', 'node'] : [];
  const result = spawnSync(command, [...prefix, '--import', 'tsx', ...args], { cwd: repo, encoding: 'utf8', timeout: 30_000, env: { ...process.env, HOME: os.tmpdir() } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function worldDir(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  await fs.chmod(dir, 0o777);
  return dir;
}

const change = (file: string, before: string, after: string | null) => ({ file, before, after });

describe('reliability: cleanup --write is all or nothing', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) {
      await fs.chmod(path.join(dir, 'locked'), 0o755).catch(() => undefined);
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('writes no file when the second file cannot be written (CLI, non-root user)', async () => {
    const root = await worldDir('flaglens-writes-cli-');
    dirs.push(root);
    await fs.cp(path.join(repo, 'test/fixtures/cleanup/_shared'), root, { recursive: true });
    await fs.mkdir(path.join(root, 'a'), { mode: 0o777 });
    await fs.mkdir(path.join(root, 'locked'));
    await fs.writeFile(path.join(root, 'a/first.ts'), flagUse, { mode: 0o666 });
    await fs.writeFile(path.join(root, 'locked/second.ts'), flagUse, { mode: 0o666 });
    await fs.chmod(path.join(root, 'a'), 0o777);
    await fs.chmod(path.join(root, 'a/first.ts'), 0o666);
    // The folder of the second file is not writable: no temp file can be created there.
    await fs.chmod(path.join(root, 'locked'), 0o555);

    const result = runAsNobody(['src/cli/main.ts', 'cleanup', 'new-checkout', root, '--keep', 'true', '--write']);
    assert.notEqual(result.status, 0, result.stderr);
    assert.equal(readFileSync(path.join(root, 'a/first.ts'), 'utf8'), flagUse, 'the first file must not be rewritten when the second cannot be');
    assert.equal(readFileSync(path.join(root, 'locked/second.ts'), 'utf8'), flagUse);
    const messages = result.stderr.split('\n').filter((line) => line.startsWith('flaglens cleanup:'));
    assert.equal(messages.length, 1, result.stderr);
    assert.match(messages[0]!, /locked\/second\.ts.*nothing was (written|changed)/);
    assert.deepEqual((await fs.readdir(path.join(root, 'a'))).sort(), ['first.ts'], 'no temp file left behind');
  });

  it('rolls back a file already replaced when a later step fails at commit time (non-root user)', async function () {
    // Needs root to hand the files to different owners.
    if (process.getuid?.() !== 0) this.skip();
    const root = await worldDir('flaglens-writes-rollback-');
    dirs.push(root);
    const first = path.join(root, 'a-first.ts');
    await fs.writeFile(first, 'old first\n', { mode: 0o666 });
    await fs.chown(first, nobody, nobody);
    // A sticky folder (like /tmp): the file is writable, but only its owner (root) may delete or rename it.
    const sticky = path.join(root, 'z-sticky');
    await fs.mkdir(sticky);
    await fs.chmod(sticky, 0o1777);
    const second = path.join(sticky, 'second.ts');
    await fs.writeFile(second, 'old second\n');
    await fs.chmod(second, 0o666);

    const request = { changes: [change(first, 'old first\n', 'new first\n'), change(second, 'old second\n', null)] };
    const result = runAsNobody(['test/reliability/writes/support/applyCleanupChild.ts', JSON.stringify(request)]);
    assert.equal(result.status, 0, result.stderr);
    const outcome = JSON.parse(result.stdout) as { ok: boolean; message?: string };
    assert.equal(outcome.ok, false, 'deleting a root-owned file in a sticky folder must fail as uid 65534');
    assert.match(outcome.message ?? '', /second\.ts.*nothing was changed/);
    assert.equal(readFileSync(first, 'utf8'), 'old first\n', 'the already replaced file is restored');
    assert.equal(readFileSync(second, 'utf8'), 'old second\n');
    assert.deepEqual((await fs.readdir(root)).sort(), ['a-first.ts', 'z-sticky']);
  });

  it('keeps the mode (755) and the owner of a rewritten file', async () => {
    const root = await worldDir('flaglens-writes-mode-');
    dirs.push(root);
    const script = path.join(root, 'tool.ts');
    await fs.writeFile(script, 'old tool\n');
    await fs.chmod(script, 0o755);
    if (process.getuid?.() === 0) await fs.chown(script, 1234, 5678);
    await applyCleanup({ key: 'k', keep: true, safe: true, problems: [], notRewritten: [], changes: [change(script, 'old tool\n', 'new tool\n')] });
    const stat = await fs.stat(script);
    assert.equal(stat.mode & 0o7777, 0o755);
    if (process.getuid?.() === 0) assert.deepEqual([stat.uid, stat.gid], [1234, 5678]);
    assert.equal(readFileSync(script, 'utf8'), 'new tool\n');
  });

  it('keeps a hard link: both names show the new content', async () => {
    const root = await worldDir('flaglens-writes-link-');
    dirs.push(root);
    const linked = path.join(root, 'linked.ts');
    const otherName = path.join(root, 'other-name.ts');
    await fs.writeFile(linked, 'old linked\n');
    await fs.link(linked, otherName);
    await applyCleanup({ key: 'k', keep: true, safe: true, problems: [], notRewritten: [], changes: [change(linked, 'old linked\n', 'new linked\n')] });
    assert.equal((await fs.stat(linked)).nlink, 2, 'the hard link is kept');
    assert.equal(readFileSync(linked, 'utf8'), 'new linked\n');
    assert.equal(readFileSync(otherName, 'utf8'), 'new linked\n', 'both names show the new content');
  });

  it('writes through a symlink inside the workspace and refuses one that leads outside it', async () => {
    const root = await worldDir('flaglens-writes-symlink-');
    const outside = await worldDir('flaglens-writes-outside-');
    dirs.push(root, outside);
    await fs.writeFile(path.join(root, 'real.ts'), 'old\n');
    await fs.symlink('real.ts', path.join(root, 'alias.ts'));
    await applyCleanup({ key: 'k', keep: true, safe: true, problems: [], notRewritten: [], changes: [change(path.join(root, 'alias.ts'), 'old\n', 'new\n')] }, { root });
    assert.ok((await fs.lstat(path.join(root, 'alias.ts'))).isSymbolicLink(), 'the symlink is still a symlink');
    assert.equal(readFileSync(path.join(root, 'real.ts'), 'utf8'), 'new\n');

    await fs.writeFile(path.join(outside, 'secret.ts'), 'outside\n');
    await fs.symlink(path.join(outside, 'secret.ts'), path.join(root, 'escape.ts'));
    await fs.writeFile(path.join(root, 'inside.ts'), 'inside\n');
    await assert.rejects(
      applyCleanup(
        { key: 'k', keep: true, safe: true, problems: [], notRewritten: [], changes: [change(path.join(root, 'inside.ts'), 'inside\n', 'changed\n'), change(path.join(root, 'escape.ts'), 'outside\n', 'pwned\n')] },
        { root },
      ),
      (error: unknown) => FlagLensError.is(error) && /outside/.test(error.message),
    );
    assert.equal(readFileSync(path.join(outside, 'secret.ts'), 'utf8'), 'outside\n');
    assert.equal(readFileSync(path.join(root, 'inside.ts'), 'utf8'), 'inside\n');
  });

  it('keeps a UTF-8 BOM and UTF-16 encoding of a rewritten file', async () => {
    const root = await worldDir('flaglens-writes-bom-');
    dirs.push(root);
    const bom = path.join(root, 'bom.ts');
    await fs.writeFile(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('old\n')]));
    const wide = path.join(root, 'wide.ts');
    await fs.writeFile(wide, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('old\n', 'utf16le')]));
    await applyCleanup({ key: 'k', keep: true, safe: true, problems: [], notRewritten: [], changes: [change(bom, 'old\n', 'new\n'), change(wide, 'old\n', 'new\n')] });
    assert.deepEqual(await fs.readFile(bom), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('new\n')]));
    assert.deepEqual(await fs.readFile(wide), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('new\n', 'utf16le')]));
  });
});
