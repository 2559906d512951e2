import * as path from 'node:path';
import type { FlagLensConfig } from '../config/model';
import { throwIfAborted } from '../errors';
import { silentLogger, type Logger } from '../log';
import { Emitter, type Disposable, type Event } from '../util/emitter';
import { decodeText, FileSkippedError, readFileBytesSync, readTextFile, textEncodingOf } from '../util/textFiles';
import { Analyzer } from './analyzer';
import { discoverFiles, sizeCapReason, skipReasonOf } from './discover';
import { analysisFailureReason, analyzeFile, isAnalysisFailure, type FileAnalysis } from './fileAnalyzer';
import { changedFiles, isEmptyAnalysis, snapshotAnalyses } from './analysisChanges';
import type { DynamicReference, FlagReference, IndexStats, SkippedFile } from './model';
import { ModuleResolver } from './moduleResolver';
import { isScriptFile, normalizePath } from './paths';
import { ExportTriggers, type ExportTrigger } from './exportTriggers';
import { typeTriggers } from './exportReach';
import { camelCaseDisabledIn, CustomPatternProbe, importSignature, ldConsumerWrappedNames } from './prefilter';
import { FlagReach } from './flagReach';
import { LiteralCallReader, mayExportTypes } from './literalCalls';
import { ImportsMet, type ImportSite } from './importsMet';
import { TextMatches } from './textMatches';
import { flagSignals, readSignals, WrappedComponents, type FileSignals } from './fileSignals';
import { analyzeCandidatesSliced } from './slicedCandidates';
import { configureTypeChecker, releaseTypeChecker } from './checkerFallback';
import { releaseDeclaredTypes } from './declaredTypes';
import { TreeBudget } from './treeBudget';
import { BuildClock, type BuildTimings } from './buildClock';
import { Workspace } from './workspace';
import { ReferenceStore } from './referenceStore';
import { SkippedFiles } from './skippedFiles';
import { CamelCaseOffScope } from './camelCaseScope';
import { FileReadiness } from './fileReadiness';

export interface ReferenceIndexOptions {
  /** Absolute folder. */
  root: string;
  /** Custom patterns + excludes. */
  config?: FlagLensConfig;
  logger?: Logger;
  /** Keys from flag sources, for the text fallback in non-TS files and camelCase mapping. */
  knownKeys?: Iterable<string>;
  /** Size cap; default 1 MiB; skipped files are logged with the reason. */
  maxFileBytes?: number;
  /** Follow every value into every file, as before FlagReach: for tests that compare the two. */
  exhaustive?: boolean;
  /**
   * Characters of source a build may hold in syntax trees that only their own analysis read, before
   * it lets them go (see TreeBudget; 250,000 is about 10 MB of trees). Default: none are let go
   * before the build ends, the fastest build.
   */
  maxHeldTreeChars?: number;
}

const defaultMaxFileBytes = 1024 * 1024;

export type { BuildTimings } from './buildClock';


/** Files whose references are wanted before the rest of the workspace's (open editors). */
export interface BuildPriority {
  /** Absolute paths, analyzed right after the walk, before any other file is read. */
  priorityFiles?: Iterable<string>;
  /** The index as soon as it exists, before the build: it can be read (priority files first) and `prioritize`d. */
  onStart?(index: ReferenceIndex): void;
}

/** What an analysis asked that only the whole workspace answers. */
interface ReverseQuestions {
  /** Component names: is one wrapped with withLDConsumer()(…) in another file? */
  wrappedNames: Set<string>;
  /** Is any folder's LaunchDarkly provider set to not camelCase keys? */
  camelCase: boolean;
}

/** Scripts read per slice of the read phase; between slices files asked for meanwhile are analyzed. */
const readSlice = 250;

/**
 * Every flag reference under a folder. Files are found by a cheap text prefilter (SDK imports,
 * custom pattern names, names exported by files that matter) and only those are parsed; constant
 * and barrel modules are parsed on demand when a key resolves into them.
 */
export class ReferenceIndex implements Disposable {
  readonly root: string;
  readonly stats: IndexStats = { filesDiscovered: 0, filesScanned: 0, filesParsed: 0, filesSkipped: 0, durationMs: 0 };
  /** File → why it was not indexed; the sorted list is built when asked for. */
  private readonly skippedFiles = new SkippedFiles();
  private readonly changeEmitter = new Emitter<{ files: string[] }>();
  readonly onDidChange: Event<{ files: string[] }> = this.changeEmitter.event;

  private readonly logger: Logger;
  private readonly config: FlagLensConfig;
  private readonly maxFileBytes: number;
  private readonly exhaustive: boolean;
  private readonly maxHeldTreeChars: number;
  private treeBudget!: TreeBudget;
  /** Where the build's wall-clock time went, once it is done (the benchmark prints it). */
  buildTimings: BuildTimings | undefined;
  private knownKeySet: ReadonlySet<string>;
  private store = new ReferenceStore();
  private analyses = new Map<string, FileAnalysis>();
  private dependencies = new Map<string, Set<string>>();
  /**
   * Files whose analysis is the references read from their text (see LiteralCallReader), not a
   * parse: a name they import that starts to carry flags adopts them like any file not analyzed.
   */
  private readonly readUnparsed = new Set<string>();
  private text = new TextMatches(new Set());
  private readonly camelOff: CamelCaseOffScope;
  private customNames: CustomPatternProbe;
  private exportedNames = new ExportTriggers();
  private packageDirs: string[] = [];
  private ws!: Workspace;
  private reach!: FlagReach;
  private analyzer!: Analyzer;
  private disposed = false;
  /** True from `build` until the first full build ends; edits wait for it, priority files do not. */
  private building = false;
  private readonly readiness = new FileReadiness();
  private readonly priorityQueue = new Set<string>();
  private priorityScheduled = false;
  /**
   * Files analyzed ahead of the build, not (yet) because the build wanted them. True once the
   * whole workspace's facts were read when it was analyzed (exact: reused); false before (every
   * unread file counts as able to carry flags, so no value is cut short, but a component another
   * file wraps, or a camelCase-off provider elsewhere, is not known yet: analyzed again).
   */
  private readonly early = new Map<string, boolean>();
  private factsRead = false;
  /**
   * Questions an analysis asked whose answer needs every file's facts (read after the walk): set
   * while a priority file is analyzed before them. An analysis that asked is held until they are read.
   */
  private asked: ReverseQuestions | undefined;
  private readonly held = new Map<string, ReverseQuestions>();
  /** Every analysis the build makes is made: a priority file it did not analyze has no references. */
  private analysesDone = false;
  private published = new Set<string>();
  /** Resolves when the first build ends: edits and new known keys made meanwhile wait for it, in order. */
  private buildFinished: Promise<void> = Promise.resolve();

  private constructor(options: ReferenceIndexOptions) {
    this.root = normalizePath(options.root);
    this.logger = options.logger ?? silentLogger;
    this.config = options.config ?? { patterns: [], exclude: [] };
    this.maxFileBytes = options.maxFileBytes ?? defaultMaxFileBytes;
    this.exhaustive = options.exhaustive ?? false;
    this.maxHeldTreeChars = options.maxHeldTreeChars ?? Number.POSITIVE_INFINITY;
    this.knownKeySet = new Set(options.knownKeys ?? []);
    this.customNames = new CustomPatternProbe(this.config.patterns);
    this.camelOff = new CamelCaseOffScope(this.root, () => this.packageDirs);
  }

  get skipped(): readonly SkippedFile[] {
    return this.skippedFiles.list();
  }

  static async build(options: ReferenceIndexOptions, signal?: AbortSignal, priority: BuildPriority = {}): Promise<ReferenceIndex> {
    const index = new ReferenceIndex(options);
    index.building = true;
    let finish: () => void = () => undefined;
    index.buildFinished = new Promise<void>((resolve) => (finish = resolve));
    for (const file of priority.priorityFiles ?? []) index.priorityQueue.add(normalizePath(file));
    priority.onStart?.(index);
    try {
      await index.initialize(signal);
    } finally {
      index.building = false;
      index.early.clear();
      index.priorityQueue.clear();
      index.readiness.markComplete();
      finish();
    }
    // Files shown early, and every other file with references: readers of the early index see the whole one now.
    const files = new Set([...index.published, ...index.store.all().map((r) => r.file), ...index.store.dynamic().map((d) => d.file)]);
    index.published.clear();
    if (files.size > 0) index.changeEmitter.fire({ files: [...files].sort() });
    return index;
  }

  /** False while the first build runs: only files in `isFileReady` have their references then. */
  get isComplete(): boolean {
    return !this.building;
  }

  isFileReady(fileName: string): boolean {
    return this.readiness.has(normalizePath(fileName));
  }

  /**
   * Analyzes this file (and what its keys and wrappers resolve into) before the rest of the build,
   * as soon as the walk has listed the workspace; a no-op once it is ready.
   */
  prioritize(fileName: string): void {
    const file = normalizePath(fileName);
    if (!this.building || this.readiness.has(file)) return;
    this.priorityQueue.add(file);
    this.schedulePriority();
  }

  /** Resolves true once the file's references can be read (or the build is done), false after `timeoutMs`. */
  whenFileReady(fileName: string, timeoutMs: number): Promise<boolean> {
    const file = normalizePath(fileName);
    this.prioritize(file);
    return this.readiness.when(file, timeoutMs);
  }

  /** The build awaits between files; a file asked for meanwhile is analyzed at the next turn. */
  private schedulePriority(): void {
    if (this.priorityScheduled || !this.ws) return;
    this.priorityScheduled = true;
    setImmediate(() => {
      this.priorityScheduled = false;
      this.runPriority();
    });
  }

  /** Analyzes the queued files now (synchronously: between two of the build's own steps). */
  private runPriority(): void {
    if (!this.building || this.disposed || !this.ws) return;
    for (const file of [...this.priorityQueue]) {
      this.priorityQueue.delete(file);
      if (this.readiness.has(file)) continue;
      // Other languages are matched by text with the keys the whole workspace uses: only the build knows them.
      if (!this.ws.files.has(file)) continue;
      if (this.held.has(file)) continue;
      const started = performance.now();
      let analysis = this.analyses.get(file);
      if (!this.analysesDone && (!analysis || this.early.has(file))) {
        const asked: ReverseQuestions = { wrappedNames: new Set(), camelCase: false };
        this.asked = this.factsRead ? undefined : asked;
        try {
          analysis = this.analyze(file);
        } finally {
          this.asked = undefined;
        }
        this.early.set(file, this.factsRead);
        if (!this.factsRead && (asked.camelCase || asked.wrappedNames.size > 0)) {
          this.held.set(file, asked);
          continue;
        }
      }
      this.publish(file, analysis, started);
    }
  }

  private publish(file: string, analysis: FileAnalysis | undefined, started: number): void {
    // A wrapper whose key no caller writes out is a dynamic reference only if no file in the
    // workspace calls it with a constant: not knowable before the build ends, so not said early.
    if (analysis) this.store.setFile({ ...analysis, wrapperSites: [] });
    else this.store.removeFile(file);
    this.readiness.markReady(file);
    this.published.add(file);
    this.logger.debug(`Priority file ${file}: ${analysis?.references.length ?? 0} references in ${Math.round(performance.now() - started)} ms (${this.ws.parsedCount} files parsed so far)`);
    this.changeEmitter.fire({ files: [file] });
  }

  /**
   * Every file's facts are read: a held analysis whose questions get the answers it assumed (no
   * camelCase-off provider, no withLDConsumer of its components anywhere) is right as it is;
   * any other is made again, exactly.
   */
  private publishHeld(): void {
    const held = [...this.held];
    this.held.clear();
    for (const [file, asked] of held) {
      const started = performance.now();
      const assumedRight = (!asked.camelCase || this.camelOff.dirs.length === 0) && [...asked.wrappedNames].every((name) => [...this.ldWrapped.filesWrapping(name)].length === 0);
      if (assumedRight) {
        this.publish(file, this.analyses.get(file), started);
        continue;
      }
      this.early.delete(file);
      this.analyses.delete(file);
      this.dependencies.delete(file);
      this.importsMet.delete(file);
      this.priorityQueue.add(file);
    }
    this.runPriority();
  }

  /** What the build itself analyzes: a priority file's analysis is reused when it was exact. */
  private analyzeForBuild(file: string): FileAnalysis | undefined {
    const exact = this.early.get(file);
    this.early.delete(file);
    if (exact === true) return this.analyses.get(file);
    const analysis = this.analyze(file);
    this.treeBudget.afterAnalysis();
    return analysis;
  }

  /** Analyses only priority made: the build redoes them if it wants them, else they go. */
  private forgetEarly(which: (exact: boolean) => boolean): void {
    for (const [file, exact] of this.early) {
      if (!which(exact)) continue;
      this.analyses.delete(file);
      this.dependencies.delete(file);
      this.importsMet.delete(file);
      this.reach.setSkipped(file, new Set());
    }
  }

  private async initialize(signal: AbortSignal | undefined): Promise<void> {
    throwIfAborted(signal);
    const clock = new BuildClock(() => this.ws?.parseMs ?? 0);
    const discovery = await discoverFiles({ root: this.root, exclude: this.config.exclude, maxFileBytes: this.maxFileBytes, logger: this.logger, ...(signal ? { signal } : {}) });
    for (const s of discovery.skipped) this.skippedFiles.set(s.file, s.reason);
    const files = new Set(discovery.scripts.map((d) => d.file));
    this.text = new TextMatches(new Set(discovery.texts.map((d) => d.file)), (file, reason) => this.recordSkip(file, reason));
    this.packageDirs = discovery.projectFiles.filter((f) => f.endsWith('/package.json')).map((f) => path.posix.dirname(f)).sort((x, y) => y.length - x.length);
    this.ws = new Workspace(files, new ModuleResolver(files, discovery.projectFiles));
    this.treeBudget = new TreeBudget(this.ws, this.maxHeldTreeChars, () => this.filesReadByOthers(), (keep) => this.releaseTreesBut(keep));
    // The index's own config decides (a CLI --config file included), not whichever .flaglens.json is nearest.
    configureTypeChecker(this.ws, { enabled: this.config.typeChecker !== false });
    this.reach = FlagReach.over(this.ws);
    this.analyzer = new Analyzer(this.ws, {
      patterns: this.config.patterns,
      camelCaseOffDirs: () => {
        if (this.asked) this.asked.camelCase = true;
        return this.camelOff.dirs;
      },
      knownKeys: () => this.knownKeySet,
      ldConsumerFiles: (name) => {
        this.asked?.wrappedNames.add(name);
        return this.ldWrapped.filesWrapping(name);
      },
      ...(this.exhaustive ? {} : this.reach.analyzerSettings()),
    });
    // The open editors' files first: the walk listed every module they can import, nothing else is read yet.
    this.runPriority();

    clock.discoveryDone();
    const signals = new Map<string, FileSignals>();
    const scripts = [...files];
    const literal = this.exhaustive ? undefined : new LiteralCallReader(this.config.patterns);
    for (let start = 0; start < scripts.length; start += readSlice) {
      const slice = await readSignals(
        scripts.slice(start, start + readSlice),
        this.customNames,
        this.maxFileBytes,
        (file, reason) => {
          files.delete(file);
          this.recordSkip(file, reason);
        },
        signal,
      );
      for (const [file, info] of slice) signals.set(file, info);
      // A turn for the host (a file opened meanwhile asks for priority), then that file.
      throwIfAborted(signal);
      await new Promise((resolve) => setImmediate(resolve));
      this.runPriority();
    }
    // Seeds are parsed next: the parser gets the text already read (UTF-16 files: decoded, as tsc reads them).
    for (const [file, info] of signals) {
      if (info.text !== undefined) this.ws.offerText(file, info.text);
      this.reach.set(file, { source: info.source, wrapsComponents: info.ldWrapped.length > 0 });
    }
    if (literal?.usable) for (const [file, info] of signals) if (info.literalCandidate) this.readLiterally(file, info, literal);
    clock.readDone();
    for (const [file, info] of signals) {
      if (info.camelOff) this.camelOff.update(file, true);
      this.ldWrapped.set(file, info.ldWrapped);
    }
    this.camelOff.refresh();
    this.factsRead = true;
    this.publishHeld();
    this.forgetEarly((exact) => !exact);

    const triggers = await analyzeCandidatesSliced(
      signals,
      (file) => this.analyzeForBuild(file),
      (file) => (this.analyses.has(file) && !this.early.has(file)) || !files.has(file),
      (file) => this.ws.textOf(file),
      signal,
      () => this.typesAgain(),
      (from, specifier) => this.fileImported(from, specifier),
    );
    // Priority files the build itself would not analyze leave no trace: the result is the build's alone.
    this.forgetEarly(() => true);
    for (const [file, info] of signals) if (info.literalReferences && !this.analyses.has(file)) this.setUnparsed(file, info.literalReferences);
    this.early.clear();
    this.analysesDone = true;
    this.exportedNames = triggers;
    throwIfAborted(signal);
    clock.analysisDone();
    this.ws.forgetOfferedTexts();
    await this.text.scanAll(this.textKeys(), signal);
    const { timings, parseMs, logLine } = clock.finish();
    this.buildTimings = timings;
    this.logger.debug(logLine);
    this.logger.debug(`Index trees: ${this.ws.filesParsedCount} files parsed (${Math.round(parseMs)} ms in the parser after the read), ${this.treeBudget.released} trees let go during the build, ${this.ws.reparsedAfterRelease} parsed again`);
    this.rebuildStore();
    this.stats.filesDiscovered = files.size + this.text.files.size + [...this.skippedFiles.files()].filter((f) => !files.has(f)).length;
    this.stats.filesScanned = signals.size + this.text.files.size;
    this.stats.filesSkipped = this.skippedFiles.size;
    this.stats.filesParsed = this.ws.filesParsedCount;
    this.stats.durationMs = clock.elapsedMs();
    this.logger.info(`Indexed ${this.root}: ${this.stats.filesScanned} files scanned, ${this.stats.filesParsed} parsed, ${this.store.all().length} references in ${this.stats.durationMs} ms`);
    // The analyses are plain data: the trees they were made from, and every answer that holds one, are
    // most of the index's memory. Trees other analyses read (key maps, wrappers, clients) stay: an edit
    // anywhere needs them at once, where an edited file with references is parsed from its new text anyway.
    this.releaseTreesBut(this.filesReadByOthers());
  }

  /**
   * Exported types looked at again in the files whose look passed over a file parsed since: the
   * rounds parse files in an order that has nothing to do with the types (a seed analyzed before the
   * module its type comes from). Their new triggers; the analyses keep them.
   */
  private typesAgain(): ExportTrigger[] {
    const added: ExportTrigger[] = [];
    for (const [file, analysis] of this.analyses) {
      if (!analysis.typesAwaiting?.some((files) => files.some((f) => this.ws.isLoaded(f)))) continue;
      const sf = this.ws.sourceFile(file);
      if (!sf) continue;
      const awaiting: (readonly string[])[] = [];
      this.analyzer.startFile(file);
      const { result, touched } = this.ws.capture(() => typeTriggers(this.analyzer, sf, awaiting));
      for (const f of touched) this.dependencies.get(file)?.add(f);
      analysis.typesAwaiting = awaiting.length > 0 ? awaiting : undefined;
      // A name known only as a default's hint is new when it comes back as a name of its own (`export interface flags` beside `export default`).
      const open = new Set(analysis.exportedNames.filter((t) => t.members === undefined && !t.defaultHint).map((t) => t.name));
      const hinted = new Set(analysis.exportedNames.filter((t) => t.members === undefined && t.defaultHint).map((t) => t.name));
      const fresh = result.filter((t) => !open.has(t.name) && !(t.defaultHint && hinted.has(t.name)));
      analysis.exportedNames = [...analysis.exportedNames.filter((t) => !fresh.some((f) => f.name === t.name)), ...fresh];
      added.push(...fresh);
    }
    return added;
  }

  /** The workspace file an import leads to, for choosing candidates (the resolver's answer alone: no analysis depends on it). */
  private fileImported(fromFile: string, specifier: string): string | undefined {
    const resolved = this.ws.resolver.resolve(fromFile, specifier);
    return resolved?.kind === 'file' ? resolved.file : undefined;
  }

  /** Files some other file's analysis read: key maps, wrappers, clients. */
  private filesReadByOthers(): Set<string> {
    const readByOthers = new Set<string>();
    for (const [file, dependencies] of this.dependencies) for (const dependency of dependencies) if (dependency !== file) readByOthers.add(dependency);
    return readByOthers;
  }

  private releaseTreesBut(keep: ReadonlySet<string>): void {
    this.ws.releaseTrees((file) => keep.has(file));
    this.analyzer.resetMemo();
    releaseDeclaredTypes(this.ws);
    releaseTypeChecker(this.ws);
  }

  /** Lists a file the index could not use, once, sorted by path, and logs why. */
  private recordSkip(file: string, reason: string, level: 'info' | 'warn' = 'info'): void {
    if (!this.skippedFiles.set(file, reason)) return;
    this.stats.filesSkipped = this.skippedFiles.size;
    this.logger[level](`Skipped ${file}: ${reason}`);
  }

  private unskip(file: string): void {
    this.skippedFiles.delete(file);
    this.stats.filesSkipped = this.skippedFiles.size;
  }

  /** Component name → files that wrap it with withLDConsumer()(…). */
  private ldWrapped = new WrappedComponents();

  /** An analysis with only the references read from the file's text: nothing else of flags is in it. */
  private setUnparsed(file: string, references: FlagReference[]): void {
    this.analyses.set(file, { file, references, dynamic: [], wrapperSites: [], wrapperUses: [], exportedNames: [], consumerComponentFiles: [] });
    this.dependencies.set(file, new Set([file]));
    this.readUnparsed.add(file);
    // As an analysis that followed no value out of the file: redone once something it imports can carry flags.
    this.reach.setSkipped(file, new Set([file]));
  }

  /**
   * Files read without parsing that something they import can now carry flags through: asked after
   * every change, since a file added or removed elsewhere can change the answer without touching
   * anything FlagReach was asked about before. Memoized answers make this cheap when nothing moved.
   */
  private unparsedNowReaching(): string[] {
    return [...this.readUnparsed].filter((file) => this.reach.canCarryFlags(file));
  }

  /**
   * A file read without parsing is right only where its analysis would follow no value out of it:
   * where something it imports or re-exports can carry flags (however it names it), it is analyzed,
   * and its tokens are not even read.
   *
   * A type it exports can lead to an SDK client (which only its analysis would tell other files)
   * in two ways. Through a name it imports that leads to one: that name is then a trigger of the
   * file declaring it, so this file is analyzed in a later round like any file importing the name
   * (and after an edit, adopted like one). Or through an SDK import of its own: SDK imports that
   * cannot start an evaluation (`Context`, `Variant` types) leave nothing for the analysis, unless
   * the file also exports a type.
   */
  private readLiterally(file: string, info: FileSignals, literal: LiteralCallReader): void {
    if (this.reach.canCarryFlags(file) || info.text === undefined) return;
    const namesSdk = info.literalCandidate!.namesSdk;
    // Where an exported type would send the file to the analysis, a file that may export one is not read.
    if (namesSdk && mayExportTypes(info.text)) return;
    const reading = literal.read(file, info.text);
    if (!reading || (namesSdk && reading.exportsTypes)) return;
    info.literalReferences = reading.references;
  }

  /** Per analysis, the imports it met that a created script could satisfy (see ImportsMet). */
  private readonly importsMet = new ImportsMet();

  /**
   * Analyses that a created file may change: those that met an import which now resolves to it,
   * the analyzed files importing it, and every analysis that read one of those files; and whether
   * any import (FlagReach's too) now leads to it.
   */
  private analysesAwaiting(created: string, reachImports: readonly ImportSite[]): { analyses: string[]; reachesIt: boolean } {
    const out = new Set<string>();
    const { analyses, importers } = this.importsMet.awaiting(created, this.ws.resolver, reachImports);
    for (const file of analyses) out.add(file);
    for (const importer of importers) {
      if (importer !== created && this.analyses.has(importer)) out.add(importer);
      for (const dependent of this.dependentsOf(importer)) out.add(dependent);
    }
    out.delete(created);
    return { analyses: [...out], reachesIt: importers.size > 0 };
  }

  /** Parses and analyzes one file; records its dependencies for the reverse-import map. */
  private analyze(file: string): FileAnalysis | undefined {
    this.readUnparsed.delete(file);
    let tracked: { result: FileAnalysis | undefined; dependencies: Set<string>; imports: ImportSite[] } = { result: undefined, dependencies: new Set(), imports: [] };
    const pruned = new Set<string>();
    try {
      tracked = this.ws.track(file, () => {
        const sf = this.ws.sourceFile(file);
        return sf ? this.analyzer.collectingPruned(pruned, () => analyzeFile(this.analyzer, sf)) : undefined;
      });
    } catch (error) {
      // One pathological file must not stop the index, nor vanish from it (its flags would read as unused).
      this.recordSkip(file, analysisFailureReason(error), 'warn');
    }
    this.reach.setSkipped(file, pruned);
    const { result, dependencies, imports } = tracked;
    this.importsMet.set(file, result ? imports : []);
    const failure = this.ws.failures.get(file);
    if (failure && !this.skippedFiles.has(file)) this.recordSkip(file, failure, 'warn');
    if (result && isAnalysisFailure(this.skippedFiles.reasonOf(file))) this.unskip(file);
    if (!result) {
      this.analyses.delete(file);
      this.dependencies.delete(file);
      return undefined;
    }
    this.analyses.set(file, result);
    this.dependencies.set(file, dependencies);
    return result;
  }

  /** Keys the text fallback looks for: known keys from sources plus every key the AST found. */
  private textKeys(): Set<string> {
    const keys = new Set(this.knownKeySet);
    for (const analysis of this.analyses.values()) for (const ref of analysis.references) keys.add(ref.key);
    return keys;
  }

  private rebuildStore(): void {
    this.store = new ReferenceStore();
    for (const analysis of this.analyses.values()) this.store.setFile(analysis);
    for (const [file, refs] of this.text.entries()) this.store.setText(file, refs);
  }

  all(): readonly FlagReference[] {
    return this.store.all();
  }

  dynamic(): readonly DynamicReference[] {
    return this.store.dynamic();
  }

  keys(): string[] {
    return this.store.keys();
  }

  referencesOf(key: string): readonly FlagReference[] {
    return this.store.referencesOf(key);
  }

  referencesIn(file: string): readonly FlagReference[] {
    return this.store.referencesIn(normalizePath(file));
  }

  dynamicIn(file: string): readonly DynamicReference[] {
    return this.store.dynamicIn(normalizePath(file));
  }

  referenceAt(file: string, offset: number): FlagReference | undefined {
    return this.store.referenceAt(normalizePath(file), offset);
  }

  /** Files whose analysis used `file` (constants, wrappers, barrels), transitively recorded during analysis. */
  private dependentsOf(file: string): string[] {
    const out: string[] = [];
    for (const [candidate, deps] of this.dependencies) if (deps.has(file)) out.push(candidate);
    return out;
  }

  async updateFile(fileName: string, text?: string): Promise<{ files: string[] }> {
    // The build reads the workspace as it was when it started; an edit made meanwhile follows it.
    if (this.building) await this.buildFinished;
    const file = normalizePath(fileName);
    let content = text;
    // The parser reads UTF-8 from disk; a UTF-16 file's decoded text is handed to it like an editor buffer.
    let decoded = false;
    if (content === undefined) {
      try {
        // Never blocks on a FIFO that replaced the file, never reads past the cap.
        const bytes = readFileBytesSync(file, { maxBytes: this.maxFileBytes });
        decoded = textEncodingOf(bytes) !== 'utf8';
        content = decodeText(bytes);
      } catch (error) {
        this.removeFile(file);
        if (error instanceof FileSkippedError) this.recordSkip(file, skipReasonOf(error, file, this.maxFileBytes));
        return { files: [file] };
      }
    }
    if (this.disposed) return { files: [] };
    if (!isScriptFile(file)) return this.updateTextFile(file, content);
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes > this.maxFileBytes) {
      this.removeFile(file);
      this.recordSkip(file, sizeCapReason(bytes, this.maxFileBytes));
      return { files: [file] };
    }
    this.unskip(file);
    const created = !this.ws.files.has(file);
    // Asked before the answers go: the imports FlagReach's answers were built on.
    const reachImports = created ? this.reach.importsAsked().filter(([from, specifier]) => this.ws.resolver.mayResolveInWorkspace(from, specifier)) : [];
    if (created) {
      this.ws.files.add(file);
      this.ws.resolver.invalidate();
      this.reach.invalidate();
      this.ws.generation++;
    }
    const wasLoaded = this.ws.isLoaded(file);
    const camelChanged = this.camelOff.update(file, camelCaseDisabledIn(content));
    const wrappedBefore = this.ldWrapped.namesIn(file);
    const wrappedNow = ldConsumerWrappedNames(content);
    const wrappedChanged = wrappedBefore.sort().join('\0') !== [...wrappedNow].sort().join('\0');
    if (wrappedChanged) this.ldWrapped.set(file, wrappedNow);
    const signature = importSignature(content);
    const { seed, source } = flagSignals(content, signature, this.customNames);
    const candidate = seed || this.exportedNames.test(signature, () => content, (specifier) => this.fileImported(file, specifier));
    const relevant = this.analyses.has(file) || candidate;
    const reachChanged = this.reach.set(file, { source, wrapsComponents: wrappedNow.length > 0 }, content);
    if (wasLoaded || relevant) this.ws.setText(file, content, text !== undefined || decoded);
    const affected = new Set<string>(relevant ? [file] : []);
    for (const dependent of this.dependentsOf(file)) affected.add(dependent);
    const awaiting = created ? this.analysesAwaiting(file, reachImports) : { analyses: [], reachesIt: false };
    for (const f of awaiting.analyses) affected.add(f);
    // A created file cleared every answer FlagReach had (reach.invalidate), so `reachChanged` cannot
    // tell; the pruned analyses are asked again when an import now leads to it (asking costs a walk
    // of the import graph, 0.1-0.2 s on a 6,000-file monorepo: not for every file created).
    if (reachChanged || awaiting.reachesIt) for (const f of this.reach.analysesToRedo()) affected.add(f);
    for (const f of this.unparsedNowReaching()) affected.add(f);
    if (camelChanged && this.camelOff.refresh()) for (const f of this.analyses.keys()) affected.add(f);
    // A newly wrapped (or unwrapped) component in another file reads flags differently now.
    if (wrappedChanged) for (const f of this.analyses.keys()) affected.add(f);
    const before = snapshotAnalyses(this.analyses, affected);
    const keysBefore = this.text.files.size > 0 ? this.store.astKeys() : undefined;
    const oldComponents = new Map([...affected].map((f) => [f, new Set(this.analyses.get(f)?.consumerComponentFiles ?? [])]));
    for (const f of affected) {
      const analysis = this.analyze(f);
      if (f === file && analysis && !candidate && isEmptyAnalysis(analysis)) {
        this.analyses.delete(f);
        this.dependencies.delete(f);
        this.importsMet.delete(f);
      }
    }
    // Any file analyzed again may wrap or hand flags to a component it could not reach before (a
    // component module created after the build), not only the edited one.
    for (const f of [...affected]) {
      for (const component of this.analyses.get(f)?.consumerComponentFiles ?? []) {
        // Newly handed flags (or newly wrapped): an analysis made before read its props without them.
        const fresh = !this.analyses.has(component) || !oldComponents.get(f)?.has(component);
        if (fresh && !affected.has(component) && this.ws.files.has(component) && this.analyze(component)) affected.add(component);
      }
    }
    // What every file analyzed again exports now: a dependent (`export const outer = new Outer()`) may carry flags it did not before.
    const newTriggers = this.exportedNames.add([...affected].flatMap((f) => this.analyses.get(f)?.exportedNames ?? []));
    if (newTriggers.length > 0) for (const adopted of await this.adoptUsersOf(newTriggers)) affected.add(adopted);
    // Exported types looked at again where a file they passed over is parsed now (the edited one, or one an analysis parsed).
    for (let late = this.exportedNames.add(this.typesAgain()); late.length > 0; late = this.exportedNames.add(this.typesAgain())) {
      for (const adopted of await this.adoptUsersOf(late)) affected.add(adopted);
    }
    const changed = changedFiles(this.analyses, before, affected);
    for (const f of changed) {
      const analysis = this.analyses.get(f);
      if (analysis) this.store.setFile(analysis);
      else this.store.removeFile(f);
    }
    if (keysBefore && changed.size > 0) await this.rerunTextFallbackIfKeysChanged(keysBefore);
    return this.finish(changed);
  }

  /**
   * A file newly exports a wrapper or client (or a member of one newly carries flags): parse the
   * files that can use it, and the users of what those export in turn.
   */
  private async adoptUsersOf(newTriggers: ExportTrigger[]): Promise<string[]> {
    const adopted: string[] = [];
    // Each file is read once: a chain of wrappers takes a round per level.
    const signatures = new Map<string, string | null>();
    const signatureOf = async (file: string): Promise<string | null> => {
      let signature = signatures.get(file);
      if (signature === undefined) {
        const text = await readTextFile(file, { maxBytes: this.maxFileBytes }).catch(() => undefined);
        signatures.set(file, (signature = text === undefined ? null : importSignature(text)));
      }
      return signature;
    };
    for (let fresh = new ExportTriggers(newTriggers); fresh.size > 0; ) {
      const exported: ExportTrigger[] = [];
      for (const file of this.ws.files) {
        if (this.analyses.has(file) && !this.readUnparsed.has(file)) continue;
        const signature = await signatureOf(file);
        if (signature === null || !fresh.test(signature, () => this.ws.textOf(file), (specifier) => this.fileImported(file, specifier))) continue;
        const analysis = this.analyze(file);
        if (!analysis) continue;
        adopted.push(file);
        exported.push(...analysis.exportedNames);
      }
      fresh = new ExportTriggers(this.exportedNames.add(exported));
    }
    return adopted;
  }

  private async updateTextFile(file: string, content: string): Promise<{ files: string[] }> {
    const { references: refs, changed } = this.text.scanText(file, content, this.textKeys());
    if (changed) this.store.setText(file, refs);
    return this.finish(new Set(changed ? [file] : []));
  }

  /** AST keys changed: the text fallback may find different keys in other languages. */
  private async rerunTextFallbackIfKeysChanged(keysBefore: Set<string>): Promise<void> {
    const keysAfter = this.store.astKeys();
    if (keysAfter.size === keysBefore.size && [...keysAfter].every((k) => keysBefore.has(k))) return;
    await this.text.scanAll(this.textKeys(), undefined);
    this.rebuildStore();
  }

  private finish(changed: Set<string>): { files: string[] } {
    // Texts read while answering this change are not kept in an editor session that lasts hours.
    this.ws.forgetOfferedTexts();
    const files = [...changed].sort();
    if (files.length > 0) this.changeEmitter.fire({ files });
    return { files };
  }

  removeFile(fileName: string): void {
    if (this.building) {
      void this.buildFinished.then(() => this.removeFile(fileName));
      return;
    }
    const file = normalizePath(fileName);
    const dependents = this.dependentsOf(file);
    const had = this.analyses.has(file) || this.text.has(file);
    this.analyses.delete(file);
    this.dependencies.delete(file);
    this.importsMet.delete(file);
    this.readUnparsed.delete(file);
    this.reach.setSkipped(file, new Set());
    this.text.remove(file);
    this.camelOff.update(file, false);
    this.ldWrapped.set(file, []);
    this.ws.remove(file);
    this.reach.delete(file);
    for (const f of [...this.reach.analysesToRedo(), ...this.unparsedNowReaching()]) if (!dependents.includes(f)) dependents.push(f);
    for (const dependent of dependents) this.analyze(dependent);
    this.rebuildStore();
    const changed = new Set<string>(had ? [file] : []);
    for (const d of dependents) changed.add(d);
    this.finish(changed);
  }

  async setKnownKeys(keys: Iterable<string>): Promise<void> {
    const next = new Set(keys);
    // The build uses the keys it started with; newer ones apply when it ends, like an edit.
    if (this.building) await this.buildFinished;
    if ([...next].sort().join('\0') === [...this.knownKeySet].sort().join('\0')) return;
    this.knownKeySet = next;
    const before = this.text.fingerprints();
    // camelCased useFlags() properties map to known keys, so those files resolve differently now.
    const astBefore = snapshotAnalyses(this.analyses);
    for (const [file, analysis] of [...this.analyses]) if (analysis.usesKnownKeys) this.analyze(file);
    const changed = changedFiles(this.analyses, astBefore);
    await this.text.scanAll(this.textKeys(), undefined);
    this.rebuildStore();
    for (const file of this.text.changedSince(before)) changed.add(file);
    this.finish(changed);
  }

  dispose(): void {
    this.disposed = true;
    this.changeEmitter.dispose();
    if (this.ws) releaseTypeChecker(this.ws);
    this.ws?.dispose();
    this.analyses.clear();
    this.dependencies.clear();
    this.readUnparsed.clear();
    this.text.clear();
    this.store = new ReferenceStore();
  }
}
