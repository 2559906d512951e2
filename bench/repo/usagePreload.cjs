// Preloaded into each measured process (`node --require usagePreload.cjs …`): on exit, writes the
// process's own resource usage (CPU, peak RSS) to the file named by FLAGLENS_BENCH_USAGE, so the
// bench measures child processes exactly, without sampling them from outside.
'use strict';
const target = process.env.FLAGLENS_BENCH_USAGE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    require('node:fs').writeFileSync(target, JSON.stringify({ userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, maxRssMb: usage.maxRSS / 1024 }));
  });
}
