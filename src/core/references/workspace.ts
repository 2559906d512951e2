import { Project, ts, type SourceFile } from 'ts-morph';
import type { ModuleResolver, ResolvedModule } from './moduleResolver';

/**
 * The one long-lived ts-morph Project, used syntactically: files are added only when they can
 * matter (candidates for references, or modules a key or wrapper resolves into), never type-checked.
 */
export class Workspace {
  readonly project = new Project({
    useInMemoryFileSystem: false,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, jsx: ts.JsxEmit.Preserve, noResolve: true, noLib: true },
  });
  /** Editor buffers that differ from disk. */
  private readonly overlays = new Map<string, string>();
  private readonly unreadable = new Set<string>();
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
    const overlay = this.overlays.get(file);
    if (overlay !== undefined) return this.create(file, overlay).compilerNode;
    try {
      // addSourceFileAtPath parses once; createSourceFile(…, {overwrite}) would parse the disk copy first.
      return this.project.addSourceFileAtPath(file).compilerNode;
    } catch {
      this.unreadable.add(file);
      return undefined;
    }
  }

  /** Parses `text` as `file`; one parse when the file is already loaded or not on disk. */
  private create(file: string, text: string): SourceFile {
    return this.project.createSourceFile(file, text, { overwrite: true, scriptKind: scriptKindOf(file) });
  }

  isLoaded(file: string): boolean {
    return this.project.getSourceFile(file) !== undefined;
  }

  /** Replaces a file's text (editor buffer or fresh disk read). */
  setText(file: string, text: string, fromEditor: boolean): void {
    if (fromEditor) this.overlays.set(file, text);
    else this.overlays.delete(file);
    this.unreadable.delete(file);
    if (!fromEditor && !this.project.getSourceFile(file)) {
      // Fresh from disk: parse the file itself once instead of disk copy + text.
      try {
        const added = this.project.addSourceFileAtPath(file);
        if (added.getFullText() === text) return;
      } catch {
        // not on disk (yet): parse the text below
      }
    }
    this.create(file, text);
  }

  /** Drops a parsed file so it is re-read on next use. */
  unload(file: string): void {
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

function scriptKindOf(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.(c|m)?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}
