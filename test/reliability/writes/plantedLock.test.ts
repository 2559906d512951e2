import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FlagLensError } from '../../../src/core/errors';
import { withFileLock } from '../../../src/core/util/fileLock';
import { runCliProcess } from '../input/cliProcess';

/** Kills a toggle that hangs; the fixed code answers in about the time Node and tsx take to start. */
const boundMs = 6000;
const flagFile = JSON.stringify({ flags: { 'my-flag': { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'on' } } });

describe('reliability: something planted where the lock goes is refused, never waited on', () => {
  let root: string;
  let file: string;
  let lock: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-planted-'));
    file = path.join(root, 'dev.flagd.json');
    lock = `${file}.flaglens.lock`;
    await fs.writeFile(file, flagFile);
  });
  afterEach(async () => fs.rm(root, { recursive: true, force: true }));

  /** The toggle from the report, in a child process so a hang fails the test instead of the suite. */
  async function toggle(): Promise<{ code: number | null; stderr: string }> {
    const run = await runCliProcess(['toggle', 'my-flag', 'on', '--env', 'dev', root], { boundMs });
    assert.equal(run.hung, false, `toggle was killed after ${boundMs} ms`);
    return run;
  }

  async function assertUnchanged(): Promise<void> {
    assert.equal(await fs.readFile(file, 'utf8'), flagFile, 'nothing was written');
  }

  it('a FIFO: the toggle exits at once with a one-line message naming it', async function () {
    this.timeout(boundMs + 5000);
    execFileSync('mkfifo', [lock]);
    const run = await toggle();
    assert.equal(run.code, 3, run.stderr);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.ok(run.stderr.includes(`${lock} is not a lock file Flag Lens made (FIFO); remove it and try again`), run.stderr);
    await assertUnchanged();
    assert.ok((await fs.lstat(lock)).isFIFO(), 'left alone');
  });

  it('a symbolic link to /dev/zero: refused without reading it', async function () {
    this.timeout(boundMs + 5000);
    await fs.symlink('/dev/zero', lock);
    const run = await toggle();
    assert.equal(run.code, 3, run.stderr);
    assert.ok(run.stderr.includes(`${lock} is not a lock file Flag Lens made (symbolic link)`), run.stderr);
    await assertUnchanged();
  });

  it('a symbolic link to a real, old lock is refused too (it is not one Flag Lens made)', async () => {
    const target = path.join(root, 'elsewhere.json');
    await fs.writeFile(target, JSON.stringify({ pid: 4194305, host: os.hostname(), token: 'dead' }));
    await fs.symlink(target, lock);
    await assert.rejects(
      withFileLock(file, async () => assert.fail('ran under a planted lock'), { timeoutMs: 300 }),
      (error: unknown) => FlagLensError.is(error, 'unsupported') && error.message.includes('(symbolic link); remove it and try again'),
    );
    assert.ok((await fs.lstat(lock)).isSymbolicLink(), 'left alone');
  });

  it('an old directory gets the same clear message, not EISDIR', async () => {
    await fs.mkdir(lock);
    const old = new Date(Date.now() - 3_600_000);
    await fs.utimes(lock, old, old);
    const started = Date.now();
    await assert.rejects(
      withFileLock(file, async () => assert.fail('ran under a planted lock'), { timeoutMs: 300 }),
      (error: unknown) => {
        assert.ok(FlagLensError.is(error, 'unsupported'), String(error));
        assert.equal(error.message.split('\n').length, 1);
        assert.ok(error.message.includes(`${lock} is not a lock file Flag Lens made (directory); remove it and try again`), error.message);
        assert.doesNotMatch(error.message, /EISDIR/);
        return true;
      },
    );
    assert.ok(Date.now() - started < 250, 'refused at once, not after the wait');
    assert.ok((await fs.stat(lock)).isDirectory(), 'left alone');
  });

  it('an old regular lock too large to be ours is still taken over by age', async () => {
    await fs.writeFile(lock, 'x'.repeat(1024 * 1024));
    const old = new Date(Date.now() - 3_600_000);
    await fs.utimes(lock, old, old);
    let ran = false;
    await withFileLock(file, async () => void (ran = true), { timeoutMs: 2000 });
    assert.equal(ran, true);
    await assert.rejects(fs.lstat(lock), { code: 'ENOENT' });
  });
});
