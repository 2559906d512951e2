import { FlagCatalog } from '../catalog/flagCatalog';
import type { StaleDetector } from '../catalog/model';
import { loadConfig } from '../config/loadConfig';
import { emptyConfig, type FlagLensConfig } from '../config/model';
import { describeError, throwIfAborted } from '../errors';
import type { Logger } from '../log';
import { ReferenceIndex } from '../references/referenceIndex';
import { holdWorkspaceWalk } from '../references/workspaceWalk';
import { createSourcesFromConfig, type SkippedSource } from '../sources/createSources';
import type { FlagSource } from '../sources/model';
import { detectStaleFlags } from '../stale/detectStaleFlags';
import type { StaleInput, StaleThresholds } from '../stale/model';
import { parseStaleConfig } from '../stale/staleConfig';
import { Emitter, type Disposable, type Event } from '../util/emitter';
import { normalizePath, toPosixPath } from '../util/paths';
import { loadSnapshots } from './loadSnapshots';
import type { LoadedSnapshot, SourceFailure, SourceSelector, WorkspaceProblem } from './model';

/** Source characters in syntax trees an editor's index build holds before it lets them go (about 10 MB of trees). */
const liveMaxHeldTreeChars = 250_000;

export interface FlagWorkspaceOptions {
  /** Absolute, forward slashes. */
  root: string;
  logger: Logger;
  /** Aborts everything in flight; the workspace also aborts its own work on dispose. */
  signal?: AbortSignal;
  /** An explicit config file (absolute); a missing one is an `invalidConfig` error, not an empty config. */
  configFile?: string;
  /** Which sources to start; `'none'` for surfaces that never read one. */
  selectSources: SourceSelector | 'none';
  /** The reference index; `false` for surfaces that only read sources. */
  index:
    | false
    | {
        extraKnownKeys?: readonly string[];
        /** Also search the sources' keys as text in other languages (default true); cleanup wants one key only. */
        sourceKeys?: boolean;
        maxFileBytes?: number;
      };
  /**
   * Long-lived (the editor): sources poll and watch, snapshots arrive in the background and the
   * index follows edits. Otherwise every source is read once before `open` resolves.
   */
  live?: boolean;
  /**
   * Where a one-shot surface may stop opening early (throw) without paying for the rest: after the
   * config is read, and after the sources are created but before any is read.
   */
  checkpoints?: {
    configLoaded?(workspace: FlagWorkspace): void;
    sourcesCreated?(workspace: FlagWorkspace): void;
  };
}

/**
 * One workspace folder as every surface reads it: its config, its sources and their snapshots,
 * its reference index, the catalog joining them, and every problem found on the way. The extension
 * keeps one per folder; each CLI command opens one, reads it and disposes it.
 */
export class FlagWorkspace implements Disposable {
  readonly catalog: FlagCatalog;
  private readonly abort = new AbortController();
  private readonly logger: Logger;
  private currentConfig: FlagLensConfig = emptyConfig();
  private thresholds: Partial<StaleThresholds> | undefined;
  private currentIndex: ReferenceIndex | undefined;
  private sourceList: FlagSource[] = [];
  private loaded: LoadedSnapshot[] = [];
  private failed: SourceFailure[] = [];
  private skippedSources: SkippedSource[] = [];
  private configProblems: WorkspaceProblem[] = [];
  private sourceProblems: WorkspaceProblem[] = [];
  private sourcesGeneration = 0;
  private disposed = false;
  /** The first index of a live workspace while it builds: the catalog reads its priority files meanwhile. */
  private buildingIndex: ReferenceIndex | undefined;
  private sourcesSetUp = false;
  /** Files asked for before the first index started (config and sources load first). */
  private readonly priorityFiles = new Set<string>();
  private readonly indexStartEmitter = new Emitter<ReferenceIndex>();
  /** The first index started building: its priority files are published through its `onDidChange`. */
  readonly onDidStartIndex: Event<ReferenceIndex> = this.indexStartEmitter.event;

  constructor(private readonly options: FlagWorkspaceOptions) {
    this.logger = options.logger;
    const forward = () => this.abort.abort();
    if (options.signal?.aborted) forward();
    else options.signal?.addEventListener('abort', forward, { once: true });
    const detectStale: StaleDetector = (input) => detectStaleFlags({ ...input, thresholds: this.thresholds });
    this.catalog = new FlagCatalog({ logger: options.logger, detectStale });
  }

  get root(): string {
    return this.options.root;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get config(): FlagLensConfig {
    return this.currentConfig;
  }

  get staleThresholds(): Partial<StaleThresholds> | undefined {
    return this.thresholds;
  }

  /** The complete index; undefined while the first one builds (see `indexInProgress`). */
  get index(): ReferenceIndex | undefined {
    return this.currentIndex;
  }

  /** The first index of a live workspace while it builds: complete only for the files it says are ready. */
  get indexInProgress(): ReferenceIndex | undefined {
    return this.buildingIndex;
  }

  /** Analyzes this file before the rest of the first index (an editor shows it); nothing once the index is complete. */
  prioritize(file: string): void {
    if (this.currentIndex || this.disposed) return;
    if (this.buildingIndex) this.buildingIndex.prioritize(file);
    else this.priorityFiles.add(file);
  }

  /**
   * True once the file's references can be read: at once with a complete index, else when the
   * first index has analyzed it (prioritized now) or finished; false after `timeoutMs`.
   */
  async whenFileReady(file: string, timeoutMs: number): Promise<boolean> {
    if (this.currentIndex) return true;
    if (this.disposed) return false;
    const deadline = Date.now() + timeoutMs;
    let building = this.buildingIndex;
    if (!building) {
      this.priorityFiles.add(file);
      building = await new Promise<ReferenceIndex | undefined>((resolve) => {
        const timer = setTimeout(() => {
          subscription.dispose();
          resolve(undefined);
        }, timeoutMs);
        const subscription = this.indexStartEmitter.event((index) => {
          clearTimeout(timer);
          subscription.dispose();
          resolve(index);
        });
      });
      if (!building) return this.currentIndex !== undefined;
    }
    return building.whenFileReady(file, Math.max(0, deadline - Date.now()));
  }

  get sources(): readonly FlagSource[] {
    return this.sourceList;
  }

  /** False until the sources were first found and started: until then "no source" is not known yet. */
  get sourcesKnown(): boolean {
    return this.sourcesSetUp;
  }

  /** Snapshots read by `open` (one-shot workspaces); live workspaces read `catalog` instead. */
  get snapshots(): readonly LoadedSnapshot[] {
    return this.loaded;
  }

  /** Sources whose read failed with nothing cached to fall back on. */
  get failures(): readonly SourceFailure[] {
    return this.failed;
  }

  /** Configured sources that did not start, and why (no token, untrusted, refused destination). */
  get skipped(): readonly SkippedSource[] {
    return this.skippedSources;
  }

  /** Config, stale-threshold, `sources` and per-source problems, in that order. */
  get problems(): readonly WorkspaceProblem[] {
    const fromSnapshots = this.loaded.flatMap(({ source, snapshot }) =>
      (snapshot.problems ?? []).map((p): WorkspaceProblem => ({
        origin: 'source',
        severity: p.severity === 'warning' ? 'warning' : 'error',
        message: p.message,
        sourceLabel: source.label,
        ...(p.file !== undefined ? { file: p.file } : {}),
        ...(p.line !== undefined ? { line: p.line, character: p.character ?? 0 } : {}),
      })),
    );
    return [...this.configProblems, ...this.sourceProblems, ...fromSnapshots];
  }

  /** Config, sources, then the index (which needs the sources' keys to find text matches). */
  async open(): Promise<this> {
    return this.inOneWalk(async () => {
      await this.loadConfigFile();
      this.options.checkpoints?.configLoaded?.(this);
      if (this.options.live) {
        // A live workspace's sources deliver in the background anyway: the index (open files first)
        // does not wait for them to be found and started. Their keys reach it when they load.
        const [sources, index] = await Promise.allSettled([this.reloadSources(), this.rebuildIndex()]);
        if (sources.status === 'rejected') throw sources.reason;
        if (index.status === 'rejected') throw index.reason;
        return this;
      }
      await this.reloadSources();
      await this.rebuildIndex();
      return this;
    });
  }

  /** Re-reads the config and rebuilds everything it affects (patterns change what the index finds). */
  async reloadConfig(): Promise<void> {
    await this.inOneWalk(async () => {
      await this.loadConfigFile();
      await this.reloadSources();
      await this.rebuildIndex();
    });
  }

  /** Sources and index find their files in the same walk of the folder while `work` runs. */
  private async inOneWalk<T>(work: () => Promise<T>): Promise<T> {
    const walk = holdWalk(this.root);
    try {
      return await work();
    } finally {
      walk.dispose();
    }
  }

  /** Sources only (tokens, settings or trust changed); the index stays. A newer call wins over an older one. */
  async reloadSources(): Promise<void> {
    const generation = ++this.sourcesGeneration;
    const signal = this.abort.signal;
    let sources: FlagSource[] = [];
    let skipped: SkippedSource[] = [];
    const problems: WorkspaceProblem[] = [];
    if (this.options.selectSources !== 'none') {
      const selection = await this.options.selectSources(this.currentConfig, { signal, configProblems: this.configProblems });
      throwIfAborted(signal);
      for (const p of selection.problems ?? []) {
        problems.push({ origin: 'sources', severity: p.severity === 'warning' ? 'warning' : 'error', message: p.message, file: p.file, line: p.line, character: p.character, path: p.path });
      }
      const created = await createSourcesFromConfig({
        root: this.root,
        sources: selection.sources,
        secrets: selection.secrets,
        logger: this.logger,
        signal,
        allowRemote: selection.allowRemote,
        ...(selection.waits ? { waits: selection.waits } : {}),
        ...(selection.cacheDir ? { cacheDir: selection.cacheDir } : {}),
        ...(selection.flagdFiles ? { flagdFiles: selection.flagdFiles } : {}),
      });
      sources = created.sources;
      skipped = [...(selection.refused ?? []), ...created.skipped];
    }
    if (this.disposed || generation !== this.sourcesGeneration) {
      for (const source of sources) source.dispose();
      throwIfAborted(signal);
      return;
    }
    const previous = this.sourceList;
    this.sourceList = sources;
    this.skippedSources = skipped;
    this.sourceProblems = problems;
    this.loaded = [];
    this.failed = [];
    this.sourcesSetUp = true;
    this.catalog.setSources(sources);
    for (const source of previous) source.dispose();
    if (this.options.live) {
      for (const source of sources) this.startLive(source);
      return;
    }
    this.options.checkpoints?.sourcesCreated?.(this);
    const { loaded, failures } = await loadSnapshots(sources, signal, this.logger);
    if (generation !== this.sourcesGeneration) return;
    this.loaded = loaded;
    this.failed = failures;
  }

  /** Reads every source again (the user asked); failures are logged, the last good snapshots stay. */
  async refreshSources(): Promise<void> {
    const sources = this.sourceList;
    const results = await Promise.allSettled(sources.map((source) => source.refresh(this.abort.signal)));
    results.forEach((result, i) => {
      if (result.status === 'rejected') this.logger.warn(`${sources[i]?.label ?? 'source'}: ${describeError(result.reason)}`);
    });
  }

  /** Builds the index again (config patterns changed); the previous one serves until the new one is ready. */
  async rebuildIndex(): Promise<void> {
    const indexOptions = this.options.index;
    if (indexOptions === false) return;
    const knownKeys = [...new Set([...(indexOptions.extraKnownKeys ?? []), ...(indexOptions.sourceKeys === false ? [] : this.catalog.definedKeys())])];
    // The editor's first index shows the open files before the rest; a rebuild keeps the previous index serving instead.
    const early = this.options.live === true && !this.currentIndex;
    let shownEarly: ReferenceIndex | undefined;
    let index: ReferenceIndex;
    try {
      index = await ReferenceIndex.build(
        {
          root: this.root,
          config: this.currentConfig,
          logger: this.logger,
          knownKeys,
          ...(indexOptions.maxFileBytes !== undefined ? { maxFileBytes: indexOptions.maxFileBytes } : {}),
          // Trees let go mid-build keep a long-lived host's memory down (the editor's: see TreeBudget); a
          // one-shot run exits instead, and parsing them again cost it 90 ms on Unleash.
          ...(this.options.live === true ? { maxHeldTreeChars: liveMaxHeldTreeChars } : {}),
        },
        this.abort.signal,
        early
          ? {
              priorityFiles: [...this.priorityFiles],
              onStart: (building) => {
                this.priorityFiles.clear();
                if (this.disposed) return;
                shownEarly = building;
                this.buildingIndex = building;
                this.catalog.setIndex(building);
                this.indexStartEmitter.fire(building);
              },
            }
          : {},
      );
    } catch (error) {
      if (shownEarly) {
        if (this.buildingIndex === shownEarly) this.buildingIndex = undefined;
        if (!this.disposed) this.catalog.setIndex(this.currentIndex);
        shownEarly.dispose();
      }
      throw error;
    }
    if (this.buildingIndex === index) this.buildingIndex = undefined;
    if (this.disposed) {
      index.dispose();
      throwIfAborted(this.abort.signal);
      return;
    }
    const previous = this.currentIndex;
    this.currentIndex = index;
    // Also when shown early: surfaces that say "indexing" learn here that it is complete.
    this.catalog.setIndex(index);
    previous?.dispose();
  }

  /**
   * The stale rules' input from what was read: every loaded definition, the references, the dynamic
   * references and the ids of the sources that loaded (even with zero flags), so every surface judges
   * staleness from the same facts.
   */
  staleInput(now: Date, keys?: ReadonlySet<string>): StaleInput {
    const index = this.currentIndex;
    const wanted = (key: string) => !keys || keys.has(key);
    return {
      definitions: this.loaded.flatMap(({ source, snapshot }) =>
        snapshot.flags.filter((flag) => wanted(flag.key)).map((flag) => ({ sourceId: snapshot.sourceId, sourceKind: source.kind, flag, environments: snapshot.environments })),
      ),
      references: (index?.all() ?? []).filter((reference) => wanted(reference.key)),
      dynamicReferences: index?.dynamic() ?? [],
      sourceIds: this.loaded.map(({ snapshot }) => snapshot.sourceId),
      now,
      ...(this.thresholds ? { thresholds: this.thresholds } : {}),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort.abort();
    for (const source of this.sourceList) source.dispose();
    this.catalog.dispose();
    this.currentIndex?.dispose();
    this.buildingIndex?.dispose();
    this.buildingIndex = undefined;
    this.indexStartEmitter.dispose();
  }

  /** `start` already reads the source once (a poll, a file read); a second read here would only repeat the walk or the request. */
  private startLive(source: FlagSource): void {
    const first = source.onDidChangeSnapshot((snapshot) => {
      first.dispose();
      this.logger.info(`${source.label}: ${snapshot.flags.length} flags in ${snapshot.environments.length} environments`);
    });
    source.start();
  }

  private async loadConfigFile(): Promise<void> {
    const { config, problems } = await loadConfig(this.root, { ...(this.options.configFile ? { file: this.options.configFile } : {}), signal: this.abort.signal });
    const stale = parseStaleConfig(config.stale);
    this.currentConfig = config;
    this.thresholds = stale.thresholds;
    const configFile = config.file ?? `${this.root}/.flaglens.json`;
    this.configProblems = [
      ...problems.map((p): WorkspaceProblem => ({ origin: 'config', severity: p.severity === 'warning' ? 'warning' : 'error', message: p.message, file: p.file, line: p.line, character: p.character, ...(p.path ? { path: p.path } : {}) })),
      ...stale.problems.map((message): WorkspaceProblem => ({ origin: 'stale', severity: 'error', message, file: configFile })),
    ];
  }
}

/** The folder's walk as sources and the index ask for it (their spellings of the root differ only for a relative one). */
function holdWalk(root: string): { dispose(): void } {
  const spellings = [...new Set([normalizePath(root), toPosixPath(root)])];
  const holds = spellings.map((spelling) => holdWorkspaceWalk(spelling));
  return { dispose: () => holds.forEach((hold) => hold.dispose()) };
}

/** Opens a workspace folder for one surface: see `FlagWorkspace`. Disposes what it built when opening fails. */
export async function openWorkspace(options: FlagWorkspaceOptions): Promise<FlagWorkspace> {
  const workspace = new FlagWorkspace(options);
  try {
    return await workspace.open();
  } catch (error) {
    workspace.dispose();
    throw error;
  }
}
