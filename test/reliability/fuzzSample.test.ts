import * as assert from 'node:assert/strict';
import { describeFailure, runFuzz } from './fuzz/runner';

/**
 * A fixed slice of `npm run fuzz` in CI: mutated TS/TSX through the reference index (build and
 * incremental updates), mutated `.flaglens.json` through the config readers, mutated flagd files
 * through the parser, snapshot builder and evaluator. One worker process, so a hang is caught by
 * the runner's timeout instead of stalling the suite.
 */
describe('reliability: fuzz sample (500 cases)', function () {
  this.timeout(180_000);

  it('finds no crash and no hang in 500 seeded cases', async () => {
    const summary = await runFuzz({ seed: 20261208, cases: 500, workers: 1, timeoutMs: 8000 });
    assert.equal(summary.inputs, 500);
    // Each target really ran (a generator bug must not turn the sample into a no-op).
    for (const [target, count] of Object.entries(summary.perTarget)) assert.ok(count >= 50, `only ${count} ${target} cases ran`);
    const first = summary.failures[0];
    assert.equal(summary.crashes + summary.hangs, 0, first ? `${summary.crashes} crashes, ${summary.hangs} hangs; first: ${describeFailure(first)}` : '');
  });
});
