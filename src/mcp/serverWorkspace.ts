import * as path from 'node:path';
import { describeError, throwIfAborted } from '../core/errors';
import type { Logger } from '../core/log';
import { openWorkspace, type FlagWorkspace } from '../core/workspace/flagWorkspace';
import type { SourceSelector, WorkspaceProblem } from '../core/workspace/model';
import { FileStamps, stampOf } from './fileStamps';
import { ToolError } from './toolError';

export interface ServerWorkspaceOptions {
  /** Absolute, forward slashes. */
  root: string;
  configFile?: string;
  logger: Logger;
  selectSources: SourceSelector;
  /** Ends the workspace (the server stops). */
  signal: AbortSignal;
}

/** What a tool asks of the folder before it runs. */
export interface WorkspaceNeeds {
  /** Current flag source snapshots (definitions, states); a tool that only reads code needs none. */
  sources: boolean;
}

/** The index's size cap, passed to the walk that watches for changes so both see the same files. */
const maxFileBytes = 1024 * 1024;
/**
 * How old remote snapshots may be before a call reads them again: an agent makes calls in bursts,
 * and each read of a vendor API is a full flag list. Flag files are local and cheap: read every call.
 */
const remoteSnapshotMaxAgeMs = 10_000;

/**
 * The one folder a server answers for: a `FlagWorkspace` opened once (the index is built once)
 * and brought up to date at the start of every call, one call at a time.
 *
 * Files are compared with the last call's stamps (one walk plus a stat per file) rather than
 * watched: a tool call is the only moment the answer matters, so checking then is exact — no event
 * lost or still debounced right after the agent's own edit, no watch limit on a large repository,
 * no work while the agent is thinking. Changed files go to the index one by one; a changed
 * package.json or tsconfig rebuilds it; a changed config reloads everything.
 */
export class ServerWorkspace {
  private readonly opening: Promise<FlagWorkspace>;
  private stamps: FileStamps | undefined;
  private configStamp: string | undefined;
  private sourcesReadAt = 0;
  private wrote = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ServerWorkspaceOptions) {
    this.opening = this.open();
    // Failures are answered to every call that waits on the opening; unobserved until then.
    this.opening.catch((error: unknown) => options.logger.error(`Could not open ${options.root}: ${describeError(error)}`));
  }

  get root(): string {
    return this.options.root;
  }

  /**
   * Runs `work` on the up-to-date workspace, after every call before it has finished. Config
   * errors are refused here with the config's own message: an answer from a config that is not
   * what was written would mislead.
   */
  use<T>(needs: WorkspaceNeeds, signal: AbortSignal, work: (workspace: FlagWorkspace) => Promise<T>): Promise<T> {
    const run = async () => {
      throwIfAborted(signal);
      const workspace = await this.opening;
      throwIfAborted(signal);
      await this.catchUp(workspace, needs);
      throwIfAborted(signal);
      refuseConfigErrors(workspace.problems, needs);
      return work(workspace);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** A tool changed files or a flag: the next call reads the sources again whatever their age. */
  markWritten(): void {
    this.wrote = true;
  }

  async dispose(): Promise<void> {
    const workspace = await this.opening.catch(() => undefined);
    workspace?.dispose();
  }

  private async open(): Promise<FlagWorkspace> {
    const { root, logger } = this.options;
    let stamping: Promise<FileStamps> | undefined;
    this.configStamp = this.configStampNow();
    const workspace = await openWorkspace({
      root,
      logger,
      signal: this.options.signal,
      ...(this.options.configFile ? { configFile: this.options.configFile } : {}),
      selectSources: this.options.selectSources,
      index: { maxFileBytes },
      checkpoints: {
        // Stamped while the index reads the same files: a file changed after this is seen on the next call.
        configLoaded: (opened) => {
          stamping = this.takeStamps(opened);
          stamping.catch(() => undefined);
        },
      },
    });
    this.stamps = await stamping;
    this.sourcesReadAt = Date.now();
    logger.info(`Ready: ${workspace.index?.all().length ?? 0} references, ${workspace.snapshots.length} flag source(s) in ${root}.`);
    return workspace;
  }

  private takeStamps(workspace: FlagWorkspace): Promise<FileStamps> {
    return FileStamps.take({ root: this.root, exclude: workspace.config.exclude, maxFileBytes, logger: this.options.logger, signal: workspace.signal });
  }

  private configFile(): string {
    return this.options.configFile ?? path.posix.join(this.root, '.flaglens.json');
  }

  private configStampNow(): string {
    return stampOf(this.configFile()) ?? 'absent';
  }

  private async catchUp(workspace: FlagWorkspace, needs: WorkspaceNeeds): Promise<void> {
    const configStamp = this.configStampNow();
    if (configStamp !== this.configStamp) {
      this.configStamp = configStamp;
      this.options.logger.info(`${this.configFile()} changed: reloading the config, the sources and the index.`);
      const stamping = this.takeStamps(workspace);
      await workspace.reloadConfig();
      this.stamps = await stamping;
      this.sourcesReadAt = Date.now();
      this.wrote = false;
      return;
    }
    await this.catchUpFiles(workspace);
    if (needs.sources && this.sourcesAreOld(workspace)) {
      await workspace.reloadSources();
      this.sourcesReadAt = Date.now();
      this.wrote = false;
    }
  }

  private sourcesAreOld(workspace: FlagWorkspace): boolean {
    if (this.wrote) return true;
    const remote = workspace.sources.some((source) => source.kind !== 'flagd');
    return !remote || Date.now() - this.sourcesReadAt >= remoteSnapshotMaxAgeMs;
  }

  private async catchUpFiles(workspace: FlagWorkspace): Promise<void> {
    const index = workspace.index;
    const previous = this.stamps;
    if (!index || !previous) return;
    const next = await this.takeStamps(workspace);
    const changes = previous.changesTo(next);
    this.stamps = next;
    if (changes.projectFiles) {
      this.options.logger.info('A package.json or tsconfig changed: rebuilding the reference index.');
      await workspace.rebuildIndex();
      return;
    }
    if (changes.changed.length + changes.removed.length === 0) return;
    this.options.logger.debug(`Re-reading ${changes.changed.length} changed and ${changes.removed.length} removed file(s).`);
    for (const file of changes.removed) index.removeFile(file);
    for (const file of changes.changed) await index.updateFile(file);
  }
}

/** The CLI's rule (`refuseConfigErrors`): a config error stops the answer; a tool reading only code ignores the sources section. */
export function refuseConfigErrors(problems: readonly WorkspaceProblem[], needs: WorkspaceNeeds): void {
  const relevant = problems.filter((p) => p.severity === 'error' && p.origin !== 'source' && (needs.sources || (p.origin === 'config' && !p.path?.startsWith('sources'))));
  const first = relevant[0];
  if (!first) return;
  const where = first.file ? `${first.file}${first.line !== undefined ? `:${first.line + 1}:${(first.character ?? 0) + 1}` : ''}: ` : '';
  const more = relevant.length > 1 ? ` (and ${relevant.length - 1} more)` : '';
  throw new ToolError(`The Flag Lens config has an error; fix it first: ${where}${first.message}${more}`);
}
