/**
 * Which files' references can be read while an index is still building: the ones analyzed ahead
 * of the rest, then every file once the build ends. Waiters are released by either, or by their
 * own time limit: a hover waits for its file, never for the workspace without bound.
 */
export class FileReadiness {
  private readonly ready = new Set<string>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private complete = false;

  get isComplete(): boolean {
    return this.complete;
  }

  has(file: string): boolean {
    return this.complete || this.ready.has(file);
  }

  markReady(file: string): void {
    if (this.complete) return;
    this.ready.add(file);
    const waiting = this.waiters.get(file);
    this.waiters.delete(file);
    for (const release of waiting ?? []) release();
  }

  /** The build ended (or stopped): everything it will ever know is there. */
  markComplete(): void {
    this.complete = true;
    this.ready.clear();
    const waiting = [...this.waiters.values()];
    this.waiters.clear();
    for (const set of waiting) for (const release of set) release();
  }

  /** True when the file is ready, false when `timeoutMs` passed first. */
  when(file: string, timeoutMs: number): Promise<boolean> {
    if (this.has(file)) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      let set = this.waiters.get(file);
      if (!set) this.waiters.set(file, (set = new Set()));
      const release = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        set.delete(release);
        if (set.size === 0 && this.waiters.get(file) === set) this.waiters.delete(file);
        resolve(false);
      }, timeoutMs);
      set.add(release);
    });
  }
}
