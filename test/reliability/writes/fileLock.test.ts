import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FlagLensError } from '../../../src/core/errors';
import { FlagdSource } from '../../../src/core/sources/flagd/flagdSource';
import { withFileLock } from '../../../src/core/util/fileLock';

describe('reliability: the flag-file lock is bounded', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-lock-'));
  });
  afterEach(async () => fs.rm(root, { recursive: true, force: true }));

  it('takes over a lock left by a process that no longer exists', async () => {
    const file = path.join(root, 'dev.flagd.json');
    await fs.writeFile(file, JSON.stringify({ flags: { k: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' } } }));
    // pid 2^22 + 1 is above Linux's pid_max ceiling: certainly not running.
    await fs.writeFile(`${file}.flaglens.lock`, JSON.stringify({ pid: 4194305, host: os.hostname(), token: 'dead' }));
    const source = new FlagdSource({ root });
    try {
      const started = Date.now();
      await source.toggle({ key: 'k', environment: 'dev', on: false });
      assert.ok(Date.now() - started < 5000);
      assert.match(await fs.readFile(file, 'utf8'), /"DISABLED"/);
      assert.deepEqual(await fs.readdir(root), ['dev.flagd.json']);
    } finally {
      source.dispose();
    }
  });

  it('gives up after the timeout while a live process holds the lock, and leaves its lock alone', async () => {
    const file = path.join(root, 'dev.flagd.json');
    const held = JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'alive' });
    await fs.writeFile(`${file}.flaglens.lock`, held);
    const started = Date.now();
    let ran = false;
    await assert.rejects(
      withFileLock(file, async () => void (ran = true), { timeoutMs: 300 }),
      (error: unknown) => FlagLensError.is(error, 'timeout') && new RegExp(`locked by process ${process.pid}`).test(error.message),
    );
    assert.equal(ran, false);
    assert.ok(Date.now() - started < 3000);
    assert.equal(await fs.readFile(`${file}.flaglens.lock`, 'utf8'), held);
  });
});
