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

/**
 * While an index builds, collects whenever the heap has grown by `maxGrowthBytes` since the last
 * look back: what the build keeps is small (about 13 MB on that workspace once its trees are let
 * go), so each collection returns most of the growth and the heap V8 commits stays near where it
 * started, instead of +150 MB. The build yields to the event loop between slices, so the timer runs.
 */
export class BuildHeapGuard {
  private baseline = process.memoryUsage().heapUsed;
  private readonly timer: NodeJS.Timeout;
  collections = 0;
  collectionMs = 0;

  constructor() {
    this.timer = setInterval(() => this.check(), checkEveryMs);
    this.timer.unref?.();
  }

  private check(): void {
    if (process.memoryUsage().heapUsed - this.baseline < maxGrowthBytes) return;
    const ms = collectGarbage();
    if (ms === undefined) {
      clearInterval(this.timer);
      return;
    }
    this.collections++;
    this.collectionMs += ms;
    this.baseline = process.memoryUsage().heapUsed;
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
