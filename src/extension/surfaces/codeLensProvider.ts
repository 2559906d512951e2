import * as path from 'node:path';
import * as vscode from 'vscode';
import { lensText, sourceAvailability } from '../../core/catalog/present/lensText';
import { flagDocumentSelector, indexPath } from '../paths';
import type { Services } from '../services';
import type { FlagTarget } from '../commandArgs';
import { msSinceActivation } from '../workspace/startupTimes';

/**
 * How long a lens request waits for its file while the first scan runs (the file is analyzed
 * first). Short: VS Code spaces its next lens requests by how long the last ones took, so a request
 * that waited long would delay the refresh the file's analysis fires when it is done.
 */
export const fileWaitMs = 1_500;

/**
 * VS Code restarts its wait before asking for lenses each time a provider fires a change (its delay
 * learns from how long requests took: a second or more on a busy start). Until the first lenses are
 * shown, while the first scan sends a burst of changes, a fire it has not asked about yet is enough:
 * the request it leads to reads the state as it is then, and another fire would only push that
 * request back. After this long without a request the fire counts as lost.
 */
const unansweredFireMs = 5_000;

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
  /** When a change was fired that VS Code has not asked lenses for since. */
  private unansweredSince: number | undefined;
  private firstLensesReturned = false;

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
    this.unansweredSince = undefined;
    const session = this.services.manager.sessionFor(document.uri);
    if (!session) return [];
    const file = indexPath(document.uri);
    // While the first scan runs: this file's analysis (asked for first), never the workspace's.
    if (!session.isFileReady(file)) {
      const cancel = cancelled(token);
      await Promise.race([session.whenFileReady(file, fileWaitMs), cancel.promise]);
      cancel.dispose();
    }
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

  /** Catalog events arrive in bursts (a snapshot plus index updates): one fire; at start-up, none while VS Code has yet to ask about the last. */
  private scheduleRefresh(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      const now = performance.now();
      if (!this.firstLensesReturned && this.unansweredSince !== undefined && now - this.unansweredSince < unansweredFireMs) return;
      this.unansweredSince = now;
      this.changeEmitter.fire();
    }, 50);
  }
}
