import { resourceUsage } from 'node:process';

/**
 * Peak resident memory of this process. Interval samples miss synchronous stretches, so the
 * kernel's high-water mark (`maxRSS`, KiB) is taken as well and the larger one wins.
 */
export class PeakRss {
  private sampledBytes = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 10) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    this.sampledBytes = Math.max(this.sampledBytes, process.memoryUsage().rss);
  }

  /** Peak so far, in MiB. */
  peakMb(): number {
    this.sample();
    return Math.max(this.sampledBytes, resourceUsage().maxRSS * 1024) / (1024 * 1024);
  }

  stop(): number {
    clearInterval(this.timer);
    return this.peakMb();
  }
}

export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export interface Elapsed {
  wallMs: number;
  /** User + system CPU of this process: what the phase itself cost, whatever else the machine runs. */
  cpuMs: number;
}

/** Wall and CPU time together; on a shared, loaded machine only the CPU figure is comparable between runs. */
export function startClock(): () => Elapsed {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
  };
}
