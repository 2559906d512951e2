// Mocha's spec output for people, plus a machine-readable tally that scripts/test.mjs sums across suites.
const fs = require('node:fs');
const Mocha = require('mocha');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const { EVENT_RUN_END } = Mocha.Runner.constants;
    runner.once(EVENT_RUN_END, () => {
      const out = process.env.FLAGLENS_RESULTS_FILE;
      if (!out) return;
      const s = runner.stats || {};
      fs.writeFileSync(out, JSON.stringify({ passes: s.passes || 0, failures: s.failures || 0, pending: s.pending || 0 }));
    });
  }
}

module.exports = CountingReporter;
