import * as path from 'node:path';
import * as vscode from 'vscode';
import { lensText, sourceAvailability } from '../../core/catalog/present/lensText';
import { flagDocumentSelector, indexPath } from '../paths';
import type { Services } from '../services';
import type { FlagTarget } from '../commandArgs';
import { msSinceActivation } from '../workspace/startupTimes';

/**
 * How long a lens request waits for its file while the first scan runs (the file is analyzed
 * first). Short: VS Code waits for every provider's answer before it shows any lens in the editor,
 * and spaces its next requests (after each keystroke too) by how long the last ones took.
 */
export const fileWaitMs = 1_500;

/** Lens requests logged at start-up: enough to see VS Code ask again after the first lenses (another provider registered, say). */
const loggedRequests = 8;

/** Resolves when VS Code gives up on the request (the editor closed, or a newer request replaced it). */
function cancelled(token: vscode.CancellationToken | undefined): { promise: Promise<void>; dispose(): void } {
  let subscription: vscode.Disposable | undefined;
  const promise = new Promise<void>((resolve) => {
    if (!token) return;
    if (token.isCancellationRequested) resolve();
    else subscription = token.onCancellationRequested(() => resolve());
  });
  return { promise, dispose: () => subscription?.dispose() };
}

/** One lens per flag per line, above the line; a click opens that flag's quick actions. */
export class FlagCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changeEmitter.event;
  private readonly subscriptions: vscode.Disposable;
  private pending: NodeJS.Timeout | undefined;
  /** A request was answered with its file analyzed: from then on, changes are fired as they come. */
  private answeredReady = false;
  /** Requests VS Code is waiting on right now. */
  private inFlight = 0;
  /** A request gave up waiting for its file (not cancelled): VS Code waits for a change before asking again. */
  private endedUnready = false;
  /** Open editors' files seen ready at start-up: each gets one fire, when it becomes ready. */
  private readonly readySeen = new Set<string>();
  private firstLensesReturned = false;
  private requestsLogged = 0;

  constructor(private readonly services: Services) {
    const refresh = (): void => this.scheduleRefresh();
    this.subscriptions = vscode.Disposable.from(
      services.manager.onDidChange(refresh),
      services.environment.onDidChange(refresh),
      services.settings.onDidChange(refresh),
    );
  }

  static register(services: Services): vscode.Disposable {
    const provider = new FlagCodeLensProvider(services);
    return vscode.Disposable.from(provider, vscode.languages.registerCodeLensProvider(flagDocumentSelector, provider));
  }

  async provideCodeLenses(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const session = this.services.manager.sessionFor(document.uri);
    if (!session) return [];
    const file = indexPath(document.uri);
    const askedAt = msSinceActivation();
    const readyWhenAsked = session.isFileReady(file);
    // While the first scan runs: this file's analysis (asked for first), never the workspace's.
    if (!readyWhenAsked) {
      this.inFlight++;
      const cancel = cancelled(token);
      try {
        await Promise.race([session.whenFileReady(file, fileWaitMs), cancel.promise]);
      } finally {
        cancel.dispose();
        this.inFlight--;
      }
    }
    const ready = session.isFileReady(file);
    if (ready) this.answeredReady = true;
    // Cancelled: VS Code has already scheduled the request that replaces this one.
    else if (!token?.isCancellationRequested) this.endedUnready = true;
    // The first requests of a session: when VS Code asked, and what it got (the E2E suite prints these).
    if (this.requestsLogged++ < loggedRequests) this.services.logger.info(`[timing] lens request ${askedAt} ms after activation for ${path.posix.basename(file)} (file ${readyWhenAsked ? 'ready' : ready ? 'ready after waiting' : 'not ready'}), answered ${msSinceActivation()} ms${token?.isCancellationRequested ? ', cancelled' : ''}`);
    if (token?.isCancellationRequested) return [];
    const catalog = session.catalog;
    // Sources are still being found while the first files show: "no flag source" would not be known yet.
    const data = session.sourcesKnown ? sourceAvailability(catalog) : 'loading';
    const environments = this.services.settings.current.codeLensEnvironments;
    const seen = new Set<string>();
    const lenses: vscode.CodeLens[] = [];
    for (const reference of catalog.referencesIn(file)) {
      const line = reference.keySpan.startLine;
      const id = `${line}\u0000${reference.key}`;
      if (seen.has(id) || line >= document.lineCount) continue;
      seen.add(id);
      const entry = catalog.entry(reference.key);
      if (!entry) continue;
      const target: FlagTarget = { key: reference.key, folder: session.folder.uri.toString() };
      lenses.push(
        new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: lensText(entry, environments, data),
          command: 'flaglens.flagActions',
          arguments: [target],
          tooltip: `Flag Lens: actions for ${reference.key}`,
        }),
      );
    }
    if (lenses.length > 0 && !this.firstLensesReturned) {
      this.firstLensesReturned = true;
      // Read by the E2E suite beside the moment the lens is on screen: what VS Code adds after this is its own.
      this.services.logger.info(`[timing] first lenses returned ${msSinceActivation()} ms after activation (${lenses.length} in ${path.posix.basename(file)}; epoch ${Date.now()})`);
    }
    return lenses;
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.subscriptions.dispose();
    this.changeEmitter.dispose();
  }

  /**
   * Catalog events arrive in bursts (a snapshot plus index updates): one fire. At start-up, VS Code
   * asks for a new provider's lenses after a delay it learned from other features (seconds on a
   * busy start) and starts that delay again at every change a provider fires, so the scan's burst
   * only pushed the first request back. Until a request was answered with its file analyzed, a
   * change is fired only when an open editor's file has just become ready (VS Code drops a
   * scheduled request when the editor loses focus, and only a change brings it back) or when a
   * request of VS Code's gave up waiting for its file.
   */
  private scheduleRefresh(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      if (!this.answeredReady) {
        // A request waiting for its file is answered when the file is ready: a fire would only put VS Code's next one back.
        if (this.inFlight > 0) return;
        const newlyReady = this.openFilesNewlyReady();
        if (!newlyReady && !this.endedUnready) return;
      }
      this.endedUnready = false;
      this.changeEmitter.fire();
    }, 50);
  }

  private openFilesNewlyReady(): boolean {
    let newly = false;
    for (const editor of vscode.window.visibleTextEditors) {
      const session = this.services.manager.sessionFor(editor.document.uri);
      if (!session) continue;
      const file = indexPath(editor.document.uri);
      if (this.readySeen.has(file) || !session.isFileReady(file)) continue;
      this.readySeen.add(file);
      newly = true;
    }
    return newly;
  }
}
