import * as path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { planCleanup } from '../../src/core/cleanup/planCleanup';
import { loadConfig } from '../../src/core/config/loadConfig';
import { silentLogger } from '../../src/core/log';
import { ReferenceIndex } from '../../src/core/references/referenceIndex';
import { collectGarbage } from '../phases/memory';

/**
 * Memory over many cleanups, as the extension host lives them: one index kept alive (a
 * FolderSession's), the same core entry the cleanup command calls (`planCleanup`, nothing
 * written) run again and again, heap and RSS read after a full GC at a few checkpoints.
 */
export interface CleanupMemoryRequest {
  root: string;
  configFile?: string;
  key: string;
  keep: unknown;
  runs: number;
  /** Write heap snapshots here after the first and the last checkpoint (for a retained-size diff). */
  heapSnapshotDir?: string;
}

export interface CleanupMemoryPoint {
  run: number;
  heapUsedMb: number;
  rssMb: number;
  externalMb: number;
  /** This run's planCleanup wall time. */
  ms: number;
}

export interface CleanupMemoryResult {
  key: string;
  runs: number;
  indexMb: { heapUsedMb: number; rssMb: number };
  points: CleanupMemoryPoint[];
  /** MiB per cleanup between the 10th and the last checkpoint (after warm-up: caches, JIT). */
  heapSlopeMbPerRun: number;
  rssSlopeMbPerRun: number;
  changedFiles: number;
  safe: boolean;
  snapshots: string[];
}

const mb = (bytes: number): number => bytes / 1048576;

/** Several passes: V8 frees some objects only once their finalizers or weak references have run. */
async function fullGc(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    collectGarbage();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function checkpointsFor(runs: number): Set<number> {
  return new Set([1, 10, 25, 50, runs].filter((run) => run <= runs));
}

export async function runCleanupMemory(request: CleanupMemoryRequest): Promise<CleanupMemoryResult> {
  const { config } = await loadConfig(request.root, request.configFile ? { file: request.configFile } : {});
  const index = await ReferenceIndex.build({ root: request.root, config, logger: silentLogger });
  await fullGc();
  const base = process.memoryUsage();
  const checkpoints = checkpointsFor(request.runs);
  const points: CleanupMemoryPoint[] = [];
  const snapshots: string[] = [];
  let changedFiles = 0;
  let safe = true;
  for (let run = 1; run <= request.runs; run++) {
    const started = performance.now();
    const plan = await planCleanup({ key: request.key, keep: request.keep, index, logger: silentLogger });
    const ms = performance.now() - started;
    changedFiles = plan.changes.length;
    safe = plan.safe;
    if (!checkpoints.has(run)) continue;
    await fullGc();
    const usage = process.memoryUsage();
    points.push({ run, heapUsedMb: mb(usage.heapUsed), rssMb: mb(usage.rss), externalMb: mb(usage.external), ms });
    process.stderr.write(`cleanups: run ${run}: heap ${mb(usage.heapUsed).toFixed(1)} MiB, RSS ${mb(usage.rss).toFixed(1)} MiB, ${Math.round(ms)} ms\n`);
    if (request.heapSnapshotDir && (run === 1 || run === request.runs)) snapshots.push(writeHeapSnapshot(path.join(request.heapSnapshotDir, `cleanup-run-${run}.heapsnapshot`)));
  }
  const first = points.find((p) => p.run === 10) ?? points[0]!;
  const last = points[points.length - 1]!;
  const span = Math.max(1, last.run - first.run);
  index.dispose();
  return {
    key: request.key,
    runs: request.runs,
    indexMb: { heapUsedMb: mb(base.heapUsed), rssMb: mb(base.rss) },
    points,
    heapSlopeMbPerRun: (last.heapUsedMb - first.heapUsedMb) / span,
    rssSlopeMbPerRun: (last.rssMb - first.rssMb) / span,
    changedFiles,
    safe,
    snapshots,
  };
}

export function formatCleanupMemory(result: CleanupMemoryResult): string[] {
  const lines = [
    `Memory over ${result.runs} cleanups of '${result.key}' (planCleanup, nothing written; one index kept alive; after a full GC)`,
    `  index alone: heap ${result.indexMb.heapUsedMb.toFixed(1)} MiB, RSS ${result.indexMb.rssMb.toFixed(1)} MiB; each plan: ${result.changedFiles} file(s) changed, ${result.safe ? 'safe' : 'not safe'}`,
    '  run   heap MiB   RSS MiB   external MiB   run ms',
    ...result.points.map((p) => `  ${String(p.run).padStart(3)}   ${p.heapUsedMb.toFixed(1).padStart(8)}   ${p.rssMb.toFixed(1).padStart(7)}   ${p.externalMb.toFixed(1).padStart(12)}   ${Math.round(p.ms).toString().padStart(6)}`),
    `  slope after run 10: heap ${result.heapSlopeMbPerRun.toFixed(2)} MiB/cleanup, RSS ${result.rssSlopeMbPerRun.toFixed(2)} MiB/cleanup (flat: |slope| < 1 MiB)`,
    ...result.snapshots.map((file) => `  heap snapshot: ${file}`),
  ];
  return [...lines, JSON.stringify({ mode: 'cleanups', ...result })];
}
