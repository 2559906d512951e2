import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { FlagCatalog } from '../../core/catalog/flagCatalog';
import { notificationSafeText } from '../../core/catalog/present/plainText';
import type { FlagLensConfig } from '../../core/config/loadConfig';
import { describeError } from '../../core/errors';
import { EvidenceCache } from '../../core/evidence/evidenceCache';
import type { Logger } from '../../core/log';
import type { ReferenceIndex } from '../../core/references/referenceIndex';
import { isDefaultFlagFileName, watchWorkspaceWalk, type WalkChanges, type WatchedWalk } from '../../core/references/workspaceWalk';
import type { FlagSource } from '../../core/sources/model';
import { discoverFlagdFiles } from '../../core/sources/flagd/discoverFlagdFiles';
import { completeSources, type DeclaredSources } from '../../core/sources/sourceConfig';
import { effectiveSourceConfig } from '../../core/sources/sourcePolicy';
import { FlagWorkspace } from '../../core/workspace/flagWorkspace';
import type { SourceSelection, WorkspaceProblem } from '../../core/workspace/model';
import { toPosixPath } from '../paths';
import type { SettingsStore } from '../settings';
import type { TokenStore } from '../tokenStore';
import { BuildHeapGuard, collectGarbage } from './buildGarbage';
import { msSinceActivation, rssSinceActivation } from './startupTimes';

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface FolderSessionDeps {
  logger: Logger;
  settings: SettingsStore;
  tokens: TokenStore;
  storageDir: string;
}

/**
 * One workspace folder in the editor: the core `FlagWorkspace` (config, sources, index, catalog)
 * kept live, with the choices only the editor makes — which sources user settings and workspace
 * trust allow, where the snapshot cache lives, and telling the user when a source is not connected.
 */
export class FolderSession implements vscode.Disposable {
  private readonly workspace: FlagWorkspace;
  private ready: Promise<void> | undefined;
  private offeredConnect = false;
  private firstFileLogged = false;
  /** The folder's one directory walk (index and flag discovery), kept current by the manager's watcher. */
  private readonly walk: WatchedWalk;
  private flagFilesTimer: NodeJS.Timeout | undefined;
  private settledMemoryTimer: NodeJS.Timeout | undefined;
  private garbageTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly deps: FolderSessionDeps,
  ) {
    const settings = deps.settings;
    this.walk = watchWorkspaceWalk(toPosixPath(folder.uri.fsPath));
    this.workspace = new FlagWorkspace({
      root: toPosixPath(folder.uri.fsPath),
      logger: deps.logger,
      live: true,
      selectSources: (config, { signal }) => this.selectSources(config, signal),
      index: {
        // Read at each build, so a changed setting applies to the next scan.
        get maxFileBytes() {
          return settings.current.maxFileSizeKb * 1024;
        },
      },
    });
    this.workspace.onDidStartIndex((index) => this.logFirstFile(index));
  }

  /** Evaluation counts, read only when a hover asks for them and kept a few minutes. */
  readonly evidence = new EvidenceCache({ maxConcurrent: 2, timeoutMs: 15_000 });

  /** The core workspace itself, for adapters that serve it as it is (the agent tools). */
  get core(): FlagWorkspace {
    return this.workspace;
  }

  get sources(): readonly FlagSource[] {
    return this.workspace.sources;
  }

  get root(): string {
    return this.workspace.root;
  }

  get catalog(): FlagCatalog {
    return this.workspace.catalog;
  }

  /** The complete index; undefined while the first scan runs (surfaces read the catalog, which shows ready files early). */
  get referenceIndex(): ReferenceIndex | undefined {
    return this.workspace.index;
  }

  /** False until the folder's sources were first found (they start beside the first index). */
  get sourcesKnown(): boolean {
    return this.workspace.sourcesKnown;
  }

  /** True while the first index is building: only files in `isFileReady` have their references yet. */
  get isIndexing(): boolean {
    return this.workspace.indexInProgress !== undefined;
  }

  isFileReady(file: string): boolean {
    return this.workspace.index !== undefined || this.workspace.indexInProgress?.isFileReady(file) === true;
  }

  /** Analyzes the file before the rest of the first index (an editor shows it). */
  prioritize(file: string): void {
    this.workspace.prioritize(file);
  }

  /** Waits (at most `timeoutMs`) for this file's references, not for the whole workspace's. */
  whenFileReady(file: string, timeoutMs: number): Promise<boolean> {
    return this.workspace.whenFileReady(file, timeoutMs);
  }

  get flagLensConfig(): FlagLensConfig {
    return this.workspace.config;
  }

  /** Loads config, connects sources and scans (`priorityFiles` first); resolves when the first scan is done. */
  start(priorityFiles: readonly string[] = []): Promise<void> {
    for (const file of priorityFiles) this.workspace.prioritize(file);
    this.ready ??= this.load();
    return this.ready;
  }

  /** Sources only (tokens, settings or trust changed); the index stays. */
  async reloadSources(): Promise<void> {
    // Another token or server: counts read with the old one are not this source's any more.
    this.evidence.invalidate();
    try {
      await this.workspace.reloadSources();
      this.logProblems((p) => p.origin === 'sources');
      for (const skipped of this.workspace.skipped) this.deps.logger.warn(`${this.folder.name}: ${skipped.kind} not started: ${skipped.reason}`);
    } catch (error) {
      if (!this.workspace.signal.aborted) this.deps.logger.error(`${this.folder.name}: could not set up flag sources: ${describeError(error)}`);
    }
  }

  /** Re-reads `.flaglens.json` and rebuilds everything it affects (patterns change what the index finds). */
  async reloadConfig(): Promise<void> {
    this.evidence.invalidate();
    await this.start();
    // A rebuilt index makes the same garbage as the first build (see BuildHeapGuard).
    const heapGuard = new BuildHeapGuard();
    try {
      await this.workspace.reloadConfig();
      this.logProblems(() => true);
      this.logIndex();
    } catch (error) {
      if (!this.workspace.signal.aborted) this.deps.logger.error(`${this.folder.name}: ${describeError(error)}`);
    } finally {
      heapGuard.dispose();
    }
    this.collectBuildGarbageSoon();
  }

  /** The build's last garbage, once the host had a moment for what waited on the index. */
  private collectBuildGarbageSoon(): void {
    clearTimeout(this.garbageTimer);
    // Disposed meanwhile (the folder closed during the build): nothing of ours is left to collect for.
    if (this.workspace.signal.aborted) return;
    this.garbageTimer = setTimeout(() => {
      const ms = collectGarbage();
      this.deps.logger.info(`[timing] ${this.folder.name}: ${ms === undefined ? 'the runtime refused a collection' : `build garbage collected in ${ms} ms`}: ${rssSinceActivation()}`);
    }, 2_000);
    this.garbageTimer.unref?.();
  }

  refreshSources(): Promise<void> {
    return this.workspace.refreshSources();
  }

  /**
   * Files created, deleted or changed on disk (the manager's watcher): the kept walk follows them,
   * and a flag file appearing or going makes the default flagd discovery look again.
   */
  applyFileEvents(changes: WalkChanges): void {
    this.walk.apply(changes);
    const flagFiles = [...(changes.created ?? []), ...(changes.deleted ?? [])].some((file) => isDefaultFlagFileName(path.posix.basename(file)));
    if (!flagFiles || !this.sourcesKnown || this.workspace.config.sources !== undefined) return;
    // A burst (a checkout, a generator) rediscovers once.
    clearTimeout(this.flagFilesTimer);
    this.flagFilesTimer = setTimeout(() => this.rediscoverFlagFiles(), 300);
  }

  dispose(): void {
    clearTimeout(this.flagFilesTimer);
    clearTimeout(this.settledMemoryTimer);
    clearTimeout(this.garbageTimer);
    this.walk.dispose();
    this.workspace.dispose();
  }

  /** Only the embedded default (no `sources` section): refresh the flagd source, or start one for the first flag file. */
  private rediscoverFlagFiles(): void {
    const flagd = this.workspace.sources.filter((source) => source.kind === 'flagd');
    if (flagd.length === 0) {
      void this.reloadSources();
      return;
    }
    for (const source of flagd) source.refresh(this.workspace.signal).catch((error: unknown) => this.deps.logger.warn(`${source.label}: ${describeError(error)}`));
  }

  /**
   * The sources this folder may start: user settings decide where a token goes, an untrusted
   * workspace gets its own flagd files only.
   */
  private async selectSources(config: FlagLensConfig, signal: AbortSignal): Promise<SourceSelection> {
    const trusted = vscode.workspace.isTrusted;
    const started = performance.now();
    const flagdFiles = await discoverFlagdFiles({ root: this.root, logger: this.deps.logger, signal, followLinksOutside: trusted });
    // The walk is the index's too: a folder without flag files should show next to nothing here.
    this.deps.logger.info(`[timing] ${this.folder.name}: flag sources found in ${Math.round(performance.now() - started)} ms (${flagdFiles.length} flag file(s); ${msSinceActivation()} ms after activation)`);
    const effective = effectiveSourceConfig(config, this.deps.settings.current, this.deps.settings.forFolder(this.folder.uri), trusted, this.deps.logger, flagdFiles.length > 0);
    // The section's own problems were reported at load; these are what a source still lacks.
    const completed = completeSources(effective.sources ?? {}, { file: config.file });
    if (trusted) this.offerConnect(config.sources);
    return { sources: completed.config, secrets: trusted ? this.deps.tokens.secrets : {}, allowRemote: trusted, problems: completed.problems, cacheDir: this.cacheDir(), flagdFiles };
  }

  private cacheDir(): string {
    return path.join(this.deps.storageDir, createHash('sha256').update(this.root).digest('hex').slice(0, 16));
  }

  /** A remote source configured for this folder but without a token: say so once, with the fix. */
  private offerConnect(configured: DeclaredSources = {}): void {
    const secrets = this.deps.tokens.secrets;
    const missing = configured.launchdarkly && !secrets.launchDarklyToken ? 'LaunchDarkly' : configured.unleash && (!secrets.unleashToken || !this.deps.settings.current.unleashUrl) ? 'Unleash' : undefined;
    if (!missing || this.offeredConnect) return;
    this.offeredConnect = true;
    const action = `Connect ${missing}…`;
    void vscode.window
      .showInformationMessage(notificationSafeText(`Flag Lens: ${this.folder.name} uses ${missing}, but it is not connected (token or server URL missing). Flags from ${missing} are not shown.`), action)
      .then((answer) => (answer === action ? vscode.commands.executeCommand(missing === 'LaunchDarkly' ? 'flaglens.connectLaunchDarkly' : 'flaglens.connectUnleash') : undefined));
  }

  /**
   * Each phase awaits I/O, and between phases the host gets a turn (setImmediate), so activation
   * never holds the event loop for the whole scan; the index build itself yields every 50 files.
   */
  private async load(): Promise<void> {
    const started = performance.now();
    const heapGuard = new BuildHeapGuard();
    try {
      await yieldToEventLoop();
      await this.workspace.open();
    } catch (error) {
      if (!this.workspace.signal.aborted) this.deps.logger.error(`${this.folder.name}: ${describeError(error)}`);
    } finally {
      heapGuard.dispose();
    }
    this.logProblems(() => true);
    const index = this.workspace.index;
    this.deps.logger.info(
      `${this.folder.name}: ready in ${Math.round(performance.now() - started)} ms; ${this.workspace.sources.length} source(s), ${index?.stats.filesScanned ?? 0} files scanned`,
    );
    // Read by the E2E suite: the wall clock lets a test compare it with the moment it saw a lens.
    if (index) {
      this.deps.logger.info(
        `[timing] ${this.folder.name}: full index ready ${msSinceActivation()} ms after activation (${index.stats.filesScanned} files; epoch ${Date.now()}); ${rssSinceActivation()}; ${heapGuard.collections} collection(s) during the build, ${heapGuard.collectionMs} ms`,
      );
      this.collectBuildGarbageSoon();
      this.settledMemoryTimer = setTimeout(() => this.deps.logger.info(`[timing] ${this.folder.name}: memory 10 s after the full index: ${rssSinceActivation()}`), 10_000);
      this.settledMemoryTimer.unref?.();
    }
    this.logIndex();
  }

  /** The first file whose references were published before the rest of the workspace: how soon after activation. */
  private logFirstFile(index: ReferenceIndex): void {
    const subscription = index.onDidChange(({ files }) => {
      if (this.firstFileLogged || index.isComplete) {
        subscription.dispose();
        return;
      }
      this.firstFileLogged = true;
      subscription.dispose();
      const file = files[0] ?? '';
      this.deps.logger.info(
        `[timing] ${this.folder.name}: first file ready ${msSinceActivation()} ms after activation, index still running (${path.posix.relative(this.root, file)}: ${index.referencesIn(file).length} references; epoch ${Date.now()}); ${rssSinceActivation()}`,
      );
    });
  }

  private logIndex(): void {
    const index = this.workspace.index;
    if (!index) return;
    const { filesScanned, durationMs } = index.stats;
    this.deps.logger.info(`${this.folder.name}: ${index.all().length} references, ${index.dynamic().length} dynamic, in ${filesScanned} files (${durationMs} ms index); ${index.skipped.length} skipped`);
  }

  private logProblems(which: (problem: WorkspaceProblem) => boolean): void {
    for (const problem of this.workspace.problems.filter((p) => p.origin !== 'source' && which(p))) {
      const where = problem.file ? `${problem.file}${problem.line !== undefined ? `:${problem.line + 1}:${(problem.character ?? 0) + 1}` : ''}: ` : '';
      this.deps.logger.warn(`${where}${problem.message}`);
    }
  }
}
