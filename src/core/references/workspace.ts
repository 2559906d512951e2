import { ts } from '../util/typescript';
import { readTextFileSync } from '../util/textFiles';
import type { ModuleResolver, ResolvedModule } from './moduleResolver';
import { maxCompilerFileBytes } from './overlayFileSystem';
import type { ImportSite } from './importsMet';
import { containsWord } from './prefilter';

/** Texts kept from peeking at files between parses (see Workspace.mayExport). */
const maxPeekedTexts = 2000;

/** Why a parse failed, for the skipped list. */
function parseFailure(error: unknown, verb: string): string {
  if (error instanceof RangeError) return 'nesting too deep for the parser';
  // The system's own message (ENOENT, EACCES) when a read failed, as the skip list has always shown it.
  const cause = (error as { cause?: unknown }).cause;
  const message = typeof (cause as { code?: unknown } | undefined)?.code === 'string' ? (cause as Error).message : error instanceof Error ? error.message : String(error);
  return `${verb} (${message.split('\n')[0]})`;
}

/**
 * The parsed files of the index, used syntactically: files are parsed only when they can matter
 * (candidates for references, or modules a key or wrapper resolves into), with the plain
 * `ts.createSourceFile` (no compiler host, no type checker), never type-checked.
 */
export class Workspace {
  private readonly parsed = new Map<string, ts.SourceFile>();
  /**
   * Files parsed before whose trees were let go (see releaseTrees), with the text they were parsed
   * from: parsed again from it on next use, and read without the disk meanwhile, as the tree was.
   */
  private readonly released = new Map<string, string>();
  /** Editor buffers that differ from disk: parsed instead of the file on disk. */
  private readonly overlays = new Map<string, string>();
  /** Texts already read (by the prefilter), used for the first parse and for peeks instead of a second read. */
  private readonly preread = new Map<string, string>();
  /** Texts read for a peek (see textOf), kept for a parse that may follow; bounded. */
  private readonly peeked = new Map<string, string>();
  private readonly unreadable = new Set<string>();
  /** Why a file could not be parsed (unreadable, or the parser itself failed), for the skipped list. */
  readonly failures = new Map<string, string>();
  /** Files touched while analyzing the current file: its dependencies for the reverse-import map. */
  private tracking: Set<string> | undefined;

  constructor(
    readonly files: Set<string>,
    readonly resolver: ModuleResolver,
  ) {}

  /** Every parse in order (a file parsed again is listed again): caches of answers that depend on what is not parsed yet follow it. */
  readonly parseLog: string[] = [];

  /** How many files are parsed right now. */
  get parsedCount(): number {
    return this.parsed.size;
  }

  /** Every file parsed since the workspace was made, once however often its tree was let go and parsed again. */
  private readonly everParsed = new Set<string>();
  /** Parses of a file whose tree was let go (see releaseTrees): what releasing trees early costs. */
  reparsedAfterRelease = 0;
  /** Time spent in TypeScript's parser, for the build's account of where its time went. */
  parseMs = 0;

  get filesParsedCount(): number {
    return this.everParsed.size;
  }

  /** Characters of source behind the trees held now, those `shared` names left out. */
  heldSourceChars(shared: ReadonlySet<string>): number {
    let chars = 0;
    for (const [file, tree] of this.parsed) if (!shared.has(file)) chars += tree.text.length;
    return chars;
  }

  /** Hands over a text read elsewhere: the first parse of that file uses it instead of reading the disk. */
  offerText(file: string, text: string): void {
    if (!this.parsed.has(file)) this.preread.set(file, text);
  }

  /** Drops the texts nobody parsed (after the build or an edit: they were only needed while it ran). */
  forgetOfferedTexts(): void {
    this.preread.clear();
    this.peeked.clear();
    this.starExports.clear();
  }

  /** Files known to re-export another module whole (`export *`), by the text last peeked. */
  private readonly starExports = new Map<string, boolean>();

  /**
   * A file's text without parsing it: the parsed text, an editor buffer, or the disk (kept for the
   * parse that may follow). Undefined when it cannot be read: the caller then takes the long way.
   */
  textOf(file: string): string | undefined {
    const text = this.parsed.get(file)?.text ?? this.overlays.get(file) ?? this.released.get(file) ?? this.preread.get(file) ?? this.peeked.get(file);
    if (text !== undefined || !this.files.has(file) || this.unreadable.has(file)) return text;
    try {
      const read = readTextFileSync(file, { maxBytes: maxCompilerFileBytes });
      // Bounded: after the build, peeks come one edit at a time and need not be kept long.
      if (this.peeked.size >= maxPeekedTexts) this.peeked.clear();
      this.peeked.set(file, read);
      return read;
    } catch {
      return undefined;
    }
  }

  /**
   * Whether a file can export `name`: its text names it somewhere, or it re-exports another module
   * whole. A barrel of 250 `export *` lines is then searched by reading its modules, parsing only
   * the one that names the export.
   */
  mayExport(file: string, name: string): boolean {
    if (name === 'default' || this.parsed.has(file)) return true;
    const text = this.textOf(file);
    if (text === undefined || containsWord(text, name)) return true;
    let star = this.starExports.get(file);
    if (star === undefined) this.starExports.set(file, (star = /\bexport\s*\*/.test(text)));
    return star;
  }

  /** Parsed source of a discovered script file, loaded on first use. */
  sourceFile(file: string): ts.SourceFile | undefined {
    this.tracking?.add(file);
    const existing = this.parsed.get(file);
    if (existing) return existing;
    if (!this.files.has(file) || this.unreadable.has(file)) return undefined;
    try {
      return this.parse(file, this.overlays.get(file) ?? this.released.get(file) ?? this.takeText(file));
    } catch (error) {
      this.unreadable.add(file);
      this.failures.set(file, parseFailure(error, 'could not be read or parsed'));
      return undefined;
    }
  }

  private takeText(file: string): string {
    const text = this.preread.get(file) ?? this.peeked.get(file);
    if (text !== undefined) {
      this.preread.delete(file);
      this.peeked.delete(file);
      return text;
    }
    // Never blocks on a FIFO, never reads a huge file; UTF-16 is decoded as tsc decodes it.
    return readTextFileSync(file, { maxBytes: maxCompilerFileBytes });
  }

  private parse(file: string, text: string): ts.SourceFile {
    const started = performance.now();
    const sf = ts.createSourceFile(file, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, scriptKindOf(file));
    this.parseMs += performance.now() - started;
    this.parsed.set(file, sf);
    this.parseLog.push(file);
    if (this.released.delete(file)) this.reparsedAfterRelease++;
    this.everParsed.add(file);
    return sf;
  }

  /** Parsed now, or parsed before and released: an edit of it is followed either way. */
  isLoaded(file: string): boolean {
    return this.parsed.has(file) || this.released.has(file);
  }

  /**
   * Lets go of the syntax trees `keep` does not want: what the index keeps of an analysis is plain
   * data, and on a 3,000-file workspace the trees of the 600 files the first scan parsed held
   * ~105 MB of the extension host's memory for the rest of the session. A released file is parsed
   * again when it is next needed. Answers cached from the old trees go with them.
   */
  releaseTrees(keep: (file: string) => boolean): void {
    for (const [file, tree] of [...this.parsed]) {
      if (keep(file)) continue;
      this.released.set(file, tree.text);
      this.parsed.delete(file);
    }
    this.generation++;
  }

  /** Replaces a file's text (editor buffer or fresh disk read). */
  setText(file: string, text: string, fromEditor: boolean): void {
    this.generation++;
    this.starExports.delete(file);
    if (fromEditor) this.overlays.set(file, text);
    else this.overlays.delete(file);
    this.preread.delete(file);
    this.peeked.delete(file);
    this.unreadable.delete(file);
    this.failures.delete(file);
    try {
      const existing = this.parsed.get(file);
      if (!existing) this.parse(file, text);
      else if (existing.text !== text) this.parsed.set(file, this.reparse(existing, text));
    } catch (error) {
      this.unload(file);
      this.unreadable.add(file);
      this.failures.set(file, parseFailure(error, 'could not be parsed'));
    }
  }

  /**
   * Re-parses only the edited region: TypeScript's incremental parser reuses unchanged subtrees.
   * It shifts the old tree's nodes in place before it can fail (nesting too deep), so on failure
   * the old tree is dropped with the file.
   */
  private reparse(existing: ts.SourceFile, text: string): ts.SourceFile {
    return ts.updateSourceFile(existing, text, changeRange(existing.text, text));
  }

  /** Drops a parsed file so it is re-read on next use. */
  unload(file: string): void {
    this.generation++;
    this.parsed.delete(file);
    this.released.delete(file);
    this.unreadable.delete(file);
  }

  remove(file: string): void {
    this.unload(file);
    this.overlays.delete(file);
    this.preread.delete(file);
    this.peeked.delete(file);
    this.everParsed.delete(file);
    this.files.delete(file);
    this.resolver.invalidate();
  }

  resolve(fromFile: string, specifier: string): ResolvedModule | undefined {
    const resolved = this.resolver.resolve(fromFile, specifier);
    if (this.importsMet && resolved?.kind !== 'sdk' && this.resolver.mayResolveInWorkspace(fromFile, specifier)) this.importsMet.push([fromFile, specifier]);
    return resolved;
  }

  /** While tracking: the imports a script created later could satisfy (see ImportsMet), with the file each is written in. */
  private importsMet: ImportSite[] | undefined;

  /**
   * The imports met while a capture ran, by the set of files it returned: a cache that replays the
   * files (touch) replays these with them, so every analysis answered from it records them too.
   */
  private readonly importsOfCapture = new WeakMap<ReadonlySet<string>, ImportSite[]>();

  /** Runs `work`, returning the files it touched; they (and the imports it met) also count for any enclosing tracking. */
  capture<T>(work: () => T): { result: T; touched: Set<string> } {
    const outer = this.tracking;
    const outerImports = this.importsMet;
    const touched = new Set<string>();
    const imports: ImportSite[] = [];
    this.tracking = touched;
    this.importsMet = imports;
    try {
      return { result: work(), touched };
    } finally {
      this.tracking = outer;
      this.importsMet = outerImports;
      if (outer) for (const file of touched) outer.add(file);
      if (imports.length > 0) {
        this.importsOfCapture.set(touched, imports);
        if (outerImports) for (const site of imports) outerImports.push(site);
      }
    }
  }

  /** Replays files touched by cached work into the current tracking (and the imports a capture met). */
  touch(files: Iterable<string>): void {
    if (this.tracking) for (const file of files) this.tracking.add(file);
    const into = this.importsMet;
    const imports = into && this.importsOfCapture.get(files as ReadonlySet<string>);
    // A loop, not a spread: a huge barrel's sites would pass the engine's argument limit.
    if (imports) for (const site of imports) into.push(site);
  }

  /** Bumped whenever a parsed file changes; caches keyed on parsed nodes compare it. */
  generation = 0;

  /**
   * Runs `work` and returns the files it touched besides `file`, and the imports it met that a
   * script created later could satisfy: one that led nowhere, or one a new file may shadow.
   */
  track<T>(file: string, work: () => T): { result: T; dependencies: Set<string>; imports: ImportSite[] } {
    const previous = this.tracking;
    const previousImports = this.importsMet;
    const dependencies = new Set<string>();
    const imports: ImportSite[] = [];
    this.tracking = dependencies;
    this.importsMet = imports;
    try {
      const result = work();
      dependencies.delete(file);
      return { result, dependencies, imports };
    } finally {
      this.tracking = previous;
      this.importsMet = previousImports;
    }
  }

  dispose(): void {
    this.parsed.clear();
    this.overlays.clear();
    this.preread.clear();
    this.peeked.clear();
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
