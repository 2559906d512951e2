import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { BuildHeapGuard, collectGarbage } from '../../../src/extension/workspace/buildGarbage';

/** Garbage that outlives the young generation, as a build's syntax trees do: kept a while, then dropped. */
async function makeOldGarbage(megabytes: number): Promise<void> {
  let held: unknown[] = [];
  for (let i = 0; i < megabytes; i++) {
    held.push(Array.from({ length: 16 * 1024 }, (_, j) => ({ j })));
    if (i % 8 === 7) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      held = [];
    }
  }
}

describe('extension: the build garbage collector', () => {
  it('collects: the heap it leaves is smaller than before', async () => {
    await makeOldGarbage(64);
    const before = process.memoryUsage().heapUsed;
    const ms = collectGarbage();
    assert.equal(typeof ms, 'number');
    const after = process.memoryUsage().heapUsed;
    assert.ok(after < before, `heap ${before} -> ${after}`);
    // No other global sees gc: the flag was only set while the fresh context took it.
    assert.equal((globalThis as { gc?: unknown }).gc, undefined);
  });

  it('leaves --expose-gc as it found it in a host started with it', () => {
    const module = path.resolve(__dirname, '../../../src/extension/workspace/buildGarbage.ts');
    const script = `const vm = require('node:vm'); const { collectGarbage } = require(${JSON.stringify(module)}); const ms = collectGarbage(); process.stdout.write(JSON.stringify({ ms: typeof ms, after: vm.runInNewContext('typeof gc') }));`;
    const run = spawnSync(process.execPath, ['--expose-gc', '--require', 'tsx/cjs', '-e', script], { encoding: 'utf8', cwd: path.resolve(__dirname, '../../..') });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { ms: 'number', after: 'function' });
  });

  it('collects during a build once the heap has grown past its budget, and not otherwise', async () => {
    collectGarbage();
    const quiet = new BuildHeapGuard();
    await new Promise((resolve) => setTimeout(resolve, 600));
    quiet.dispose();
    assert.equal(quiet.collections, 0);

    // What the build holds grows past the budget (here it stays: the guard cannot tell, it looks at the heap).
    const guard = new BuildHeapGuard();
    const held: unknown[] = [];
    try {
      for (let round = 0; round < 8 && guard.collections === 0; round++) {
        for (let i = 0; i < 48; i++) held.push(Array.from({ length: 16 * 1024 }, (_, j) => ({ j })));
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    } finally {
      guard.dispose();
    }
    assert.ok(guard.collections >= 1, `no collection after ${held.length} MB held`);
    assert.ok(guard.collectionMs >= 0);
  });
});
