import type { FileAnalysis, WrapperSite } from './fileAnalyzer';
import type { DynamicReference, FlagReference } from './model';

function compareReferences(x: FlagReference, y: FlagReference): number {
  return x.file < y.file ? -1 : x.file > y.file ? 1 : x.keySpan.start - y.keySpan.start;
}

function compareDynamic(x: DynamicReference, y: DynamicReference): number {
  return x.file < y.file ? -1 : x.file > y.file ? 1 : x.span.start - y.span.start;
}

/** The query side of the index: by key, by file, by position. Derived views are built lazily. */
export class ReferenceStore {
  private readonly astByFile = new Map<string, FlagReference[]>();
  private readonly textByFile = new Map<string, FlagReference[]>();
  private readonly dynamicByFile = new Map<string, DynamicReference[]>();
  private readonly wrapperSites = new Map<string, WrapperSite[]>();
  private readonly wrapperUses = new Map<string, string[]>();
  private allCache: FlagReference[] | undefined;
  private byKeyCache: Map<string, FlagReference[]> | undefined;
  private dynamicCache: DynamicReference[] | undefined;
  private orphanByFile: Map<string, DynamicReference[]> | undefined;

  setFile(analysis: FileAnalysis): void {
    this.astByFile.set(analysis.file, analysis.references);
    this.dynamicByFile.set(analysis.file, analysis.dynamic);
    this.wrapperSites.set(analysis.file, analysis.wrapperSites);
    this.wrapperUses.set(analysis.file, analysis.wrapperUses);
    this.invalidate();
  }

  removeFile(file: string): void {
    this.astByFile.delete(file);
    this.dynamicByFile.delete(file);
    this.wrapperSites.delete(file);
    this.wrapperUses.delete(file);
    this.invalidate();
  }

  setText(file: string, references: FlagReference[]): void {
    if (references.length) this.textByFile.set(file, references);
    else this.textByFile.delete(file);
    this.invalidate();
  }

  private invalidate(): void {
    this.allCache = undefined;
    this.byKeyCache = undefined;
    this.dynamicCache = undefined;
    this.orphanByFile = undefined;
  }

  all(): readonly FlagReference[] {
    if (!this.allCache) {
      const all: FlagReference[] = [];
      for (const refs of this.astByFile.values()) all.push(...refs);
      for (const refs of this.textByFile.values()) all.push(...refs);
      this.allCache = all.sort(compareReferences);
    }
    return this.allCache;
  }

  astKeys(): Set<string> {
    const keys = new Set<string>();
    for (const refs of this.astByFile.values()) for (const r of refs) keys.add(r.key);
    return keys;
  }

  private byKey(): Map<string, FlagReference[]> {
    if (!this.byKeyCache) {
      const map = new Map<string, FlagReference[]>();
      for (const ref of this.all()) {
        let list = map.get(ref.key);
        if (!list) map.set(ref.key, (list = []));
        list.push(ref);
      }
      this.byKeyCache = map;
    }
    return this.byKeyCache;
  }

  keys(): string[] {
    return [...this.byKey().keys()].sort();
  }

  referencesOf(key: string): readonly FlagReference[] {
    return this.byKey().get(key) ?? [];
  }

  referencesIn(file: string): readonly FlagReference[] {
    const ast = this.astByFile.get(file) ?? [];
    const text = this.textByFile.get(file);
    return text ? [...ast, ...text] : ast;
  }

  /** Wrapper parameter sites whose wrapper nobody calls: the key is unknown there. */
  private orphans(): Map<string, DynamicReference[]> {
    if (!this.orphanByFile) {
      const used = new Set<string>();
      for (const uses of this.wrapperUses.values()) for (const id of uses) used.add(id);
      const map = new Map<string, DynamicReference[]>();
      for (const [file, sites] of this.wrapperSites) {
        const orphans = sites.filter((s) => !used.has(s.id)).map((s) => s.dynamic);
        if (orphans.length) map.set(file, orphans);
      }
      this.orphanByFile = map;
    }
    return this.orphanByFile;
  }

  dynamic(): readonly DynamicReference[] {
    if (!this.dynamicCache) {
      const all: DynamicReference[] = [];
      for (const list of this.dynamicByFile.values()) all.push(...list);
      for (const list of this.orphans().values()) all.push(...list);
      this.dynamicCache = all.sort(compareDynamic);
    }
    return this.dynamicCache;
  }

  dynamicIn(file: string): readonly DynamicReference[] {
    const own = this.dynamicByFile.get(file) ?? [];
    const orphans = this.orphans().get(file);
    return orphans ? [...own, ...orphans].sort(compareDynamic) : own;
  }

  /** The reference whose key span contains the offset, else the innermost whose call span does. */
  referenceAt(file: string, offset: number): FlagReference | undefined {
    let best: FlagReference | undefined;
    for (const ref of this.referencesIn(file)) {
      if (ref.keySpan.start <= offset && offset <= ref.keySpan.end) return ref;
      if (ref.callSpan.start <= offset && offset <= ref.callSpan.end) {
        if (!best || ref.callSpan.end - ref.callSpan.start < best.callSpan.end - best.callSpan.start) best = ref;
      }
    }
    return best;
  }
}
