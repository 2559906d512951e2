import type { SkippedFile } from './model';

/** The files an index could not use, with why; listed sorted by path, the list rebuilt only after a change. */
export class SkippedFiles {
  private readonly reasons = new Map<string, string>();
  private sorted: SkippedFile[] | undefined;

  /** False when the file was already listed for the same reason. */
  set(file: string, reason: string): boolean {
    if (this.reasons.get(file) === reason) return false;
    this.reasons.set(file, reason);
    this.sorted = undefined;
    return true;
  }

  delete(file: string): void {
    if (this.reasons.delete(file)) this.sorted = undefined;
  }

  reasonOf(file: string): string | undefined {
    return this.reasons.get(file);
  }

  has(file: string): boolean {
    return this.reasons.has(file);
  }

  get size(): number {
    return this.reasons.size;
  }

  files(): IterableIterator<string> {
    return this.reasons.keys();
  }

  list(): readonly SkippedFile[] {
    this.sorted ??= [...this.reasons].map(([file, reason]) => ({ file, reason })).sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
    return this.sorted;
  }
}
