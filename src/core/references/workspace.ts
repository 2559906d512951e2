import { Project, ts, type SourceFile } from 'ts-morph';
import type { ModuleResolver, ResolvedModule } from './moduleResolver';
import { OverlayFileSystem } from './overlayFileSystem';

/**
 * The one long-lived ts-morph Project, used syntactically: files are added only when they can
 * matter (candidates for references, or modules a key or wrapper resolves into), never type-checked.
 */
export class Workspace {
  private readonly fileSystem = new OverlayFileSystem();
  readonly project = new Project({
    useInMemoryFileSystem: false,
    fileSystem: this.fileSystem,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, jsx: ts.JsxEmit.Preserve, noResolve: true, noLib: true },
  });
  /** Editor buffers that differ from disk (shared with the file system ts-morph reads through). */
  private get overlays(): Map<string, string> {
    return this.fileSystem.overlays;
  }
  private readonly unreadable = new Set<string>();
  /** Why a file could not be parsed (unreadable, or the parser itself failed), for the skipped list. */
  readonly failures = new Map<string, string>();
  /** Files touched while analyzing the current file: its dependencies for the reverse-import map. */
  private tracking: Set<string> | undefined;

  constructor(
    readonly files: Set<string>,
    readonly resolver: ModuleResolver,
  ) {}

  /** Parsed source of a discovered script file, loaded on first use. */
  sourceFile(file: string): ts.SourceFile | undefined {
    this.tracking?.add(file);
    const existing = this.project.getSourceFile(file);
    if (existing) return existing.compilerNode;
    if (!this.files.has(file) || this.unreadable.has(file)) return undefined;
    try {
      // addSourceFileAtPath parses once; createSourceFile(…, {overwrite}) would parse the disk copy first.
      return this.project.addSourceFileAtPath(file).compilerNode;
    } catch (error) {
      this.unreadable.add(file);
      this.failures.set(file, error instanceof RangeError ? 'nesting too deep for the parser' : `could not be read or parsed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
      return undefined;
    }
  }

  /** Re-parses a loaded file from `text` (one parse: the cached file is replaced, not re-read). */
  private create(file: string, text: string): SourceFile {
    return this.project.createSourceFile(file, text, { overwrite: true, scriptKind: scriptKindOf(file) });
  }

  isLoaded(file: string): boolean {
    return this.project.getSourceFile(file) !== undefined;
  }

  /** Replaces a file's text (editor buffer or fresh disk read). */
  setText(file: string, text: string, fromEditor: boolean): void {
    this.generation++;
    if (fromEditor) this.overlays.set(file, text);
    else this.overlays.delete(file);
    this.unreadable.delete(file);
    this.failures.delete(file);
    try {
      // Not loaded yet: ts-morph reads the file through the overlay file system and parses it once.
      const existing = this.project.getSourceFile(file);
      if (!existing) this.project.addSourceFileAtPath(file);
      else if (existing.getFullText() !== text && !this.updateIncrementally(existing, text)) this.create(file, text);
    } catch (error) {
      this.unload(file);
      this.unreadable.add(file);
      this.failures.set(file, error instanceof RangeError ? 'nesting too deep for the parser' : `could not be parsed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
  }

  /**
   * Re-parses only the edited region (TypeScript's incremental parser reuses unchanged subtrees),
   * then swaps the new tree into the ts-morph SourceFile the way ts-morph's own overwrite does.
   * Falls back to a full parse when ts-morph's factory is not reachable.
   */
  private updateIncrementally(existing: SourceFile, text: string): boolean {
    const factory = (existing as unknown as { _context?: { compilerFactory?: { replaceCompilerNode?: (oldNode: unknown, newNode: unknown) => void } } })._context?.compilerFactory;
    if (typeof factory?.replaceCompilerNode !== 'function') return false;
    const old = existing.compilerNode;
    const range = changeRange(old.text, text);
    let updated: ts.SourceFile;
    try {
      updated = ts.updateSourceFile(old, text, range);
    } catch (error) {
      // The incremental parser shifts the old tree's nodes in place before it can fail (nesting too
      // deep): that tree no longer matches its text, and ts-morph walking it later (even to forget
      // the file) throws. Give ts-morph a consistent, empty tree before the caller unloads the file.
      factory.replaceCompilerNode(existing, ts.createSourceFile(old.fileName, '', old.languageVersion, false, scriptKindOf(old.fileName)));
      throw error;
    }
    factory.replaceCompilerNode(existing, updated);
    return existing.compilerNode === updated;
  }

  /** Drops a parsed file so it is re-read on next use. */
  unload(file: string): void {
    this.generation++;
    const existing = this.project.getSourceFile(file);
    if (existing) this.project.removeSourceFile(existing);
    this.unreadable.delete(file);
  }

  remove(file: string): void {
    this.unload(file);
    this.overlays.delete(file);
    this.files.delete(file);
    this.resolver.invalidate();
  }

  resolve(fromFile: string, specifier: string): ResolvedModule | undefined {
    return this.resolver.resolve(fromFile, specifier);
  }

  /** Runs `work`, returning the files it touched; they also count for any enclosing tracking. */
  capture<T>(work: () => T): { result: T; touched: Set<string> } {
    const outer = this.tracking;
    const touched = new Set<string>();
    this.tracking = touched;
    try {
      return { result: work(), touched };
    } finally {
      this.tracking = outer;
      if (outer) for (const file of touched) outer.add(file);
    }
  }

  /** Replays files touched by cached work into the current tracking. */
  touch(files: Iterable<string>): void {
    if (this.tracking) for (const file of files) this.tracking.add(file);
  }

  /** Bumped whenever a parsed file changes; caches keyed on parsed nodes compare it. */
  generation = 0;

  /** Runs `work` and returns the files it touched besides `file`. */
  track<T>(file: string, work: () => T): { result: T; dependencies: Set<string> } {
    const previous = this.tracking;
    const dependencies = new Set<string>();
    this.tracking = dependencies;
    try {
      const result = work();
      dependencies.delete(file);
      return { result, dependencies };
    } finally {
      this.tracking = previous;
    }
  }

  dispose(): void {
    for (const sf of this.project.getSourceFiles()) this.project.removeSourceFile(sf);
    this.overlays.clear();
  }
}

/** The single edited span between two texts: common prefix and suffix stay, the middle changed. */
function changeRange(before: string, after: string): ts.TextChangeRange {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < shorter - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return ts.createTextChangeRange(ts.createTextSpan(start, before.length - tail - start), after.length - tail - start);
}

function scriptKindOf(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.(c|m)?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}
