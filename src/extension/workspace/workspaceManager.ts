import * as vscode from 'vscode';
import type { CatalogChange } from '../../core/catalog/model';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/log';
import { indexPath, isFlagDocument } from '../paths';
import type { SettingsStore } from '../settings';
import type { TokenStore } from '../tokenStore';
import { FolderSession } from './folderSession';

export interface SessionChange {
  session: FolderSession;
  change: CatalogChange;
}

/** Setting keys whose change means sources must be rebuilt. */
const sourceSettings = ['launchDarkly', 'unleash', 'protectedEnvironments', 'pollIntervalSeconds'].map((key) => `flaglens.${key}`);

/**
 * One FolderSession per workspace folder (multi-root), created when the folder appears and disposed
 * when it goes. Surfaces find the session of a document here and listen to every catalog at once.
 */
export class WorkspaceManager implements vscode.Disposable {
  private readonly sessions = new Map<string, FolderSession>();
  private readonly sessionSubscriptions = new Map<string, vscode.Disposable>();
  private readonly changeEmitter = new vscode.EventEmitter<SessionChange>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly sessionsEmitter = new vscode.EventEmitter<void>();
  /** Folders were added or removed. */
  readonly onDidChangeSessions = this.sessionsEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly settings: SettingsStore,
    private readonly tokens: TokenStore,
    private readonly storageDir: string,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const folder of event.removed) this.removeFolder(folder);
        for (const folder of event.added) this.addFolder(folder);
        this.sessionsEmitter.fire();
      }),
      settings.onDidChange(({ event }) => {
        if (sourceSettings.some((section) => event.affectsConfiguration(section))) this.scheduleSourceReload();
        // The size cap decides which files the index reads: rescan.
        if (event.affectsConfiguration('flaglens.references')) {
          for (const session of this.all()) session.reloadConfig().catch((error: unknown) => this.logger.error(describeError(error)));
        }
      }),
      tokens.onDidChange(() => this.scheduleSourceReload()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.logger.info('Workspace trusted: connecting remote flag sources.');
        this.scheduleSourceReload();
      }),
      // A file opened while the first scan runs is analyzed next, before the rest of the workspace.
      vscode.window.onDidChangeVisibleTextEditors((editors) => this.prioritize(editors)),
    );
    const configWatcher = vscode.workspace.createFileSystemWatcher('**/.flaglens.json');
    const onConfig = (uri: vscode.Uri): void => {
      const session = this.sessionFor(uri);
      if (session && vscode.Uri.joinPath(session.folder.uri, '.flaglens.json').toString() === uri.toString()) {
        this.logger.info(`${session.folder.name}: .flaglens.json changed, reloading.`);
        session.reloadConfig().catch((error: unknown) => this.logger.error(describeError(error)));
      }
    };
    this.disposables.push(configWatcher, configWatcher.onDidChange(onConfig), configWatcher.onDidCreate(onConfig), configWatcher.onDidDelete(onConfig));
    // Each folder's directory walk (index files and flag files) follows the disk instead of walking again.
    const treeWatcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    const ignoreWatcher = vscode.workspace.createFileSystemWatcher('**/.gitignore', true, false, true);
    const onTree = (kind: 'created' | 'deleted' | 'changed') => (uri: vscode.Uri) => {
      if (uri.scheme === 'file') this.sessionFor(uri)?.applyFileEvents({ [kind]: [indexPath(uri)] });
    };
    this.disposables.push(treeWatcher, ignoreWatcher, treeWatcher.onDidCreate(onTree('created')), treeWatcher.onDidDelete(onTree('deleted')), ignoreWatcher.onDidChange(onTree('changed')));
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.addFolder(folder);
  }

  all(): FolderSession[] {
    return [...this.sessions.values()];
  }

  sessionFor(uri: vscode.Uri): FolderSession | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.sessions.get(folder.uri.toString()) : undefined;
  }

  sessionByFolder(folderUri: string | undefined): FolderSession | undefined {
    return folderUri ? this.sessions.get(folderUri) : undefined;
  }

  /**
   * Starts every session's first scan under one progress indicator in the status bar (no
   * notification), after activation returned; the visible editors' files are analyzed first.
   */
  startAll(): Promise<void> {
    const sessions = this.all();
    if (sessions.length === 0) return Promise.resolve();
    const visible = this.visibleFiles(vscode.window.visibleTextEditors);
    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Flag Lens: scanning flag references' },
        async (progress) => {
          let done = 0;
          await Promise.all(
            sessions.map(async (session) => {
              await session.start(visible.filter((v) => v.session === session).map((v) => v.file));
              done++;
              progress.report({ message: `${done}/${sessions.length} folders` });
            }),
          );
        },
      ),
    );
  }

  private prioritize(editors: readonly vscode.TextEditor[]): void {
    for (const { session, file } of this.visibleFiles(editors)) session.prioritize(file);
  }

  private visibleFiles(editors: readonly vscode.TextEditor[]): { session: FolderSession; file: string }[] {
    const out: { session: FolderSession; file: string }[] = [];
    for (const editor of editors) {
      if (!isFlagDocument(editor.document)) continue;
      const session = this.sessionFor(editor.document.uri);
      if (session) out.push({ session, file: indexPath(editor.document.uri) });
    }
    return out;
  }

  async refreshAll(): Promise<void> {
    await Promise.all(this.all().map((session) => session.refreshSources()));
  }

  reloadSourcesNow(): Promise<void> {
    return Promise.all(this.all().map((session) => session.reloadSources())).then(() => undefined);
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    for (const folderUri of [...this.sessions.keys()]) this.removeFolderByKey(folderUri);
    for (const disposable of this.disposables) disposable.dispose();
    this.changeEmitter.dispose();
    this.sessionsEmitter.dispose();
  }

  /** Settings and secrets often change in bursts (Connect writes three values); reload once. */
  private scheduleSourceReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadSourcesNow().catch((error: unknown) => this.logger.error(describeError(error)));
    }, 250);
  }

  private addFolder(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    if (this.sessions.has(key) || folder.uri.scheme !== 'file') return;
    const session = new FolderSession(folder, { logger: this.logger, settings: this.settings, tokens: this.tokens, storageDir: this.storageDir });
    this.sessions.set(key, session);
    const subscription = session.catalog.onDidChange((change) => this.changeEmitter.fire({ session, change }));
    this.sessionSubscriptions.set(key, { dispose: () => subscription.dispose() });
  }

  private removeFolder(folder: vscode.WorkspaceFolder): void {
    this.removeFolderByKey(folder.uri.toString());
  }

  private removeFolderByKey(key: string): void {
    this.sessionSubscriptions.get(key)?.dispose();
    this.sessionSubscriptions.delete(key);
    this.sessions.get(key)?.dispose();
    this.sessions.delete(key);
  }
}
