import type { SourceTimers } from '../../../../src/core/sources/pollingSource';

/** A manual clock for polling tests: nothing runs until the test advances time. */
export class FakeTimers implements SourceTimers {
  private nowMs: number;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  constructor(start = Date.parse('2026-03-01T10:00:00Z')) {
    this.nowMs = start;
  }

  readonly now = (): Date => new Date(this.nowMs);

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.nowMs + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Delays of the timers waiting now, relative to the current time. */
  get delays(): number[] {
    return [...this.pending.values()].map((p) => p.at - this.nowMs);
  }

  /** Moves the clock forward, firing due timers in order. */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, p]) => p.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.nowMs = due[1].at;
      due[1].callback();
    }
    this.nowMs = target;
  }

  /** Fires the next timer, whatever its delay; returns that delay. */
  fireNext(): number {
    const next = [...this.pending.values()].sort((a, b) => a.at - b.at)[0];
    if (!next) throw new Error('no timer pending');
    const delay = next.at - this.nowMs;
    this.advance(delay);
    return delay;
  }
}

/** Lets promise chains started by a timer settle. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Waits (in real time, bounded) for work that crosses the thread pool, such as file reads. */
export async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}
