import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let collector: (() => void) | null | undefined;

/**
 * Whether V8's flags can still be set in this process. Node and VS Code's Electron keep them open
 * (`--no-freeze-flags-after-init`; Electron before 29 could lose that to a bad `--js-flags`), and a
 * runtime that froze them aborts the process on a set instead of throwing.
 */
function flagsStayOpen(): boolean {
  const electron = process.versions.electron;
  return electron === undefined || Number(electron.split('.')[0]) >= 29;
}

function takeCollector(): (() => void) | null {
  const fromContext = (): unknown => vm.runInNewContext('typeof gc === "function" ? gc : undefined');
  // Started with --expose-gc (a profiling session): take it and leave the flag as it is.
  const exposed = fromContext();
  if (typeof exposed === 'function') return exposed as () => void;
  if (!flagsStayOpen()) return null;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = fromContext();
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

/**
 * A full garbage collection of the extension host. An index build on a 3,000-file workspace makes
 * about 140 MB of objects that outlive the young generation (syntax trees, most of them let go a
 * moment later) and V8 does not collect the old generation during the build nor for minutes after
 * it: while its allocation limit allows it grows the heap instead, and the host then keeps those
 * pages. `gc` is taken from a fresh context with --expose-gc set only for that moment, so no other
 * extension's global sees it. Returns how long the collection took, undefined when the runtime
 * refuses.
 */
export function collectGarbage(): number | undefined {
  collector ??= takeCollector();
  if (!collector) return undefined;
  const started = performance.now();
  collector();
  return Math.round(performance.now() - started);
}

/** Heap growth during a build that triggers a collection: the old generation's garbage stays below it. */
const maxGrowthBytes = 48 * 1024 * 1024;
const checkEveryMs = 250;

/** One watch for the whole host, however many folders build at once (each would otherwise collect for the others). */
const watch = { builds: 0, timer: undefined as NodeJS.Timeout | undefined, baseline: 0, collections: 0, collectionMs: 0 };

function check(): void {
  if (process.memoryUsage().heapUsed - watch.baseline < maxGrowthBytes) return;
  const ms = collectGarbage();
  if (ms === undefined) {
    clearInterval(watch.timer);
    return;
  }
  watch.collections++;
  watch.collectionMs += ms;
  watch.baseline = process.memoryUsage().heapUsed;
}

/**
 * While an index builds, collects whenever the heap has grown by `maxGrowthBytes` since the last
 * look back: what the build keeps is small (about 13 MB on that workspace once its trees are let
 * go), so each collection returns most of the growth and the heap V8 commits stays near where it
 * started, instead of +150 MB. The build yields to the event loop between slices, so the timer runs.
 */
export class BuildHeapGuard {
  private readonly collectionsBefore = watch.collections;
  private readonly msBefore = watch.collectionMs;
  private disposed = false;

  constructor() {
    if (watch.builds++ > 0) return;
    watch.baseline = process.memoryUsage().heapUsed;
    watch.timer = setInterval(check, checkEveryMs);
    watch.timer.unref?.();
  }

  /** Collections while this build ran (another folder's build may have caused some). */
  get collections(): number {
    return watch.collections - this.collectionsBefore;
  }

  get collectionMs(): number {
    return watch.collectionMs - this.msBefore;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (--watch.builds === 0) clearInterval(watch.timer);
  }
}
