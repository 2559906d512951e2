import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { FlagCatalog } from '../../core/catalog/flagCatalog';
import type { StaleDetector } from '../../core/catalog/model';
import { effectiveSourceConfig } from '../../core/sources/sourcePolicy';
import { notificationSafeText } from '../../core/catalog/present/plainText';
import { loadConfig, type FlagLensConfig } from '../../core/config/loadConfig';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/log';
import { ReferenceIndex } from '../../core/references/referenceIndex';
import { createSourcesDetailed } from '../../core/sources/createSources';
import { discoverFlagdFiles } from '../../core/sources/flagd/discoverFlagdFiles';
import type { FlagSource } from '../../core/sources/model';
import { detectStaleFlags } from '../../core/stale/detectStaleFlags';
import type { StaleThresholds } from '../../core/stale/model';
import { parseStaleConfig } from '../../core/stale/staleConfig';
import type { SettingsStore } from '../settings';
import type { TokenStore } from '../tokenStore';

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface FolderSessionDeps {
  logger: Logger;
  settings: SettingsStore;
  tokens: TokenStore;
  storageDir: string;
}

/** One workspace folder: its config, its reference index, its sources, and the catalog joining them. */
export class FolderSession implements vscode.Disposable {
  readonly catalog: FlagCatalog;
  private index: ReferenceIndex | undefined;
  private sourceList: FlagSource[] = [];
  private config: FlagLensConfig = { patterns: [], exclude: [] };
  private thresholds: StaleThresholds | undefined;
  private readonly abort = new AbortController();
  private sourcesGeneration = 0;
  private ready: Promise<void> | undefined;
  private disposed = false;
  private offeredConnect = false;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly deps: FolderSessionDeps,
  ) {
    const detectStale: StaleDetector = (input) => detectStaleFlags({ ...input, thresholds: this.thresholds });
    this.catalog = new FlagCatalog({ logger: deps.logger, detectStale });
  }

  get root(): string {
    return this.folder.uri.fsPath.replace(/\\/g, '/');
  }

  get referenceIndex(): ReferenceIndex | undefined {
    return this.index;
  }

  get flagLensConfig(): FlagLensConfig {
    return this.config;
  }

  /** Loads config, connects sources and scans; resolves when the first scan is done. */
  start(): Promise<void> {
    this.ready ??= this.load();
    return this.ready;
  }

  /** Sources only (tokens, settings or trust changed); the index stays. */
  async reloadSources(): Promise<void> {
    const generation = ++this.sourcesGeneration;
    const trusted = vscode.workspace.isTrusted;
    let sources: FlagSource[] = [];
    try {
      const flagdFiles = await discoverFlagdFiles({ root: this.root, logger: this.deps.logger, signal: this.abort.signal, followLinksOutside: trusted });
      const config = effectiveSourceConfig(this.config, this.deps.settings.current, this.deps.settings.forFolder(this.folder.uri), trusted, this.deps.logger, flagdFiles.length > 0);
      const created = await createSourcesDetailed({
        root: this.root,
        config,
        secrets: trusted ? this.deps.tokens.secrets : {},
        cacheDir: path.join(this.deps.storageDir, createHash('sha256').update(this.root).digest('hex').slice(0, 16)),
        logger: this.deps.logger,
        signal: this.abort.signal,
        allowRemote: trusted,
      });
      sources = created.sources;
      for (const problem of created.problems) this.deps.logger.warn(`${problem.file}:${problem.line + 1}: ${problem.message}`);
      for (const skipped of created.skipped) this.deps.logger.warn(`${this.folder.name}: ${skipped.kind} not started: ${skipped.reason}`);
      if (trusted) this.offerConnect(this.config.sources);
    } catch (error) {
      this.deps.logger.error(`${this.folder.name}: could not set up flag sources: ${describeError(error)}`);
    }
    if (this.disposed || generation !== this.sourcesGeneration) {
      for (const source of sources) source.dispose();
      return;
    }
    const previous = this.sourceList;
    this.sourceList = sources;
    this.catalog.setSources(sources);
    for (const source of previous) source.dispose();
    for (const source of sources) {
      source.start();
      if (!source.snapshot) {
        source
          .refresh(this.abort.signal)
          .then((snapshot) => this.deps.logger.info(`${this.folder.name}: ${source.label}: ${snapshot.flags.length} flags in ${snapshot.environments.length} environments`))
          .catch((error: unknown) => this.deps.logger.warn(`${source.label}: ${describeError(error)}`));
      }
    }
  }

  /** A remote source configured for this folder but without a token: say so once, with the fix. */
  private offerConnect(sources: unknown): void {
    const configured = (sources ?? {}) as { launchdarkly?: unknown; unleash?: unknown };
    const secrets = this.deps.tokens.secrets;
    const missing = configured.launchdarkly && !secrets.launchDarklyToken ? 'LaunchDarkly' : configured.unleash && (!secrets.unleashToken || !this.deps.settings.current.unleashUrl) ? 'Unleash' : undefined;
    if (!missing || this.offeredConnect) return;
    this.offeredConnect = true;
    const action = `Connect ${missing}…`;
    void vscode.window
      .showInformationMessage(notificationSafeText(`Flag Lens: ${this.folder.name} uses ${missing}, but it is not connected (token or server URL missing). Flags from ${missing} are not shown.`), action)
      .then((answer) => (answer === action ? vscode.commands.executeCommand(missing === 'LaunchDarkly' ? 'flaglens.connectLaunchDarkly' : 'flaglens.connectUnleash') : undefined));
  }

  /** Re-reads `.flaglens.json` and rebuilds everything it affects (patterns change what the index finds). */
  async reloadConfig(): Promise<void> {
    await this.start();
    await this.loadConfigFile();
    await this.reloadSources();
    await this.buildIndex();
  }

  async refreshSources(): Promise<void> {
    const results = await Promise.allSettled(this.sourceList.map((source) => source.refresh(this.abort.signal)));
    results.forEach((result, i) => {
      if (result.status === 'rejected') this.deps.logger.warn(`${this.sourceList[i]?.label ?? 'source'}: ${describeError(result.reason)}`);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.abort.abort();
    for (const source of this.sourceList) source.dispose();
    this.catalog.dispose();
    this.index?.dispose();
  }

  /**
   * Each phase awaits I/O, and between phases the host gets a turn (setImmediate), so activation
   * never holds the event loop for the whole scan; the index build itself yields every 50 files.
   */
  private async load(): Promise<void> {
    const started = performance.now();
    await this.loadConfigFile();
    await yieldToEventLoop();
    const configured = performance.now();
    await this.reloadSources();
    await yieldToEventLoop();
    const connected = performance.now();
    await this.buildIndex();
    const ms = (from: number, to: number): number => Math.round(to - from);
    const done = performance.now();
    this.deps.logger.info(
      `${this.folder.name}: ready in ${ms(started, done)} ms (config ${ms(started, configured)} ms, sources ${ms(configured, connected)} ms, scan ${ms(connected, done)} ms); ${this.sourceList.length} source(s), ${this.index?.stats.filesScanned ?? 0} files scanned`,
    );
  }

  private async loadConfigFile(): Promise<void> {
    try {
      const { config, problems } = await loadConfig(this.root, { signal: this.abort.signal });
      this.config = config;
      const stale = parseStaleConfig(config.stale);
      this.thresholds = stale.thresholds;
      for (const problem of stale.problems) this.deps.logger.warn(`${config.file ?? '.flaglens.json'}: ${problem}`);
      for (const problem of problems) this.deps.logger.warn(`${problem.file}:${problem.line + 1}:${problem.character + 1}: ${problem.message}`);
    } catch (error) {
      this.deps.logger.error(`${this.folder.name}: ${describeError(error)}`);
    }
  }

  private async buildIndex(): Promise<void> {
    const started = Date.now();
    try {
      const index = await ReferenceIndex.build(
        {
          root: this.root,
          config: this.config,
          logger: this.deps.logger,
          knownKeys: this.catalog.definedKeys(),
          maxFileBytes: this.deps.settings.current.maxFileSizeKb * 1024,
        },
        this.abort.signal,
      );
      if (this.disposed) {
        index.dispose();
        return;
      }
      const previous = this.index;
      this.index = index;
      this.catalog.setIndex(index);
      previous?.dispose();
      const { filesScanned, durationMs } = index.stats;
      this.deps.logger.info(
        `${this.folder.name}: ${index.all().length} references, ${index.dynamic().length} dynamic, in ${filesScanned} files (${durationMs} ms index, ${Date.now() - started} ms total); ${index.skipped.length} skipped`,
      );
    } catch (error) {
      if (!this.disposed) this.deps.logger.error(`${this.folder.name}: scan failed: ${describeError(error)}`);
    }
  }
}
