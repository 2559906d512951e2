import type { FlagReference } from './model';
import { findTextReferences, keyPattern, scanTextFile } from './textFallback';

const concurrency = 64;

/** Text-fallback results for the non-script files of the folder. */
export class TextMatches {
  private readonly byFile = new Map<string, FlagReference[]>();

  constructor(
    readonly files: Set<string>,
    /** Files that could not be searched (not regular any more, unreadable, binary), with the reason. */
    private readonly onSkip?: (file: string, reason: string) => void,
  ) {}

  /** Rescans every text file for the given keys. */
  async scanAll(keys: Iterable<string>, signal: AbortSignal | undefined): Promise<void> {
    const pattern = keyPattern(keys);
    const files = [...this.files];
    for (let i = 0; i < files.length; i += concurrency) {
      if (signal?.aborted) return;
      const batch = files.slice(i, i + concurrency);
      const found = await Promise.all(batch.map((f) => scanTextFile(f, pattern, this.onSkip)));
      batch.forEach((f, j) => {
        if (found[j]!.length) this.byFile.set(f, found[j]!);
        else this.byFile.delete(f);
      });
    }
  }

  /** Rescans one file from its current text; reports whether its matches changed. */
  scanText(file: string, text: string, keys: Iterable<string>): { references: FlagReference[]; changed: boolean } {
    this.files.add(file);
    const before = JSON.stringify(this.byFile.get(file) ?? []);
    const references = findTextReferences(file, text, keyPattern(keys));
    if (references.length) this.byFile.set(file, references);
    else this.byFile.delete(file);
    return { references, changed: before !== JSON.stringify(references) };
  }

  has(file: string): boolean {
    return this.byFile.has(file);
  }

  entries(): IterableIterator<[string, FlagReference[]]> {
    return this.byFile.entries();
  }

  remove(file: string): void {
    this.byFile.delete(file);
    this.files.delete(file);
  }

  fingerprints(): Map<string, string> {
    return new Map([...this.byFile].map(([f, r]) => [f, JSON.stringify(r)]));
  }

  changedSince(before: Map<string, string>): string[] {
    const out: string[] = [];
    for (const file of new Set([...before.keys(), ...this.byFile.keys()])) {
      if ((before.get(file) ?? '[]') !== JSON.stringify(this.byFile.get(file) ?? [])) out.push(file);
    }
    return out;
  }

  clear(): void {
    this.byFile.clear();
  }
}
