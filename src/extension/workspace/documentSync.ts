import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/log';
import { indexPath, isFlagDocument } from '../paths';
import type { WorkspaceManager } from './workspaceManager';

const editDebounceMs = 300;
const sourceGlob = '**/*.{ts,tsx,js,jsx,mts,cts,mjs,cjs}';

/**
 * Keeps each folder's index in step with editor buffers (debounced per document, so typing never
 * waits on analysis) and with files changed on disk by other tools.
 */
export class DocumentSync implements vscode.Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposable: vscode.Disposable;

  constructor(
    private readonly manager: WorkspaceManager,
    private readonly logger: Logger,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(sourceGlob);
    this.disposable = vscode.Disposable.from(
      watcher,
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && isFlagDocument(event.document)) this.schedule(event.document.uri, () => event.document.getText());
      }),
      // A buffer closed without saving leaves the index with text that is not on disk; reread it.
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (isFlagDocument(document) && document.isDirty) this.schedule(document.uri, () => undefined);
      }),
      watcher.onDidCreate((uri) => this.fromDisk(uri)),
      watcher.onDidChange((uri) => this.fromDisk(uri)),
      watcher.onDidDelete((uri) => {
        this.manager.sessionFor(uri)?.referenceIndex?.removeFile(indexPath(uri));
      }),
    );
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.disposable.dispose();
  }

  private fromDisk(uri: vscode.Uri): void {
    // An open buffer is the truth while it is dirty; its edits arrive through onDidChangeTextDocument.
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open?.isDirty) return;
    this.schedule(uri, () => undefined);
  }

  private schedule(uri: vscode.Uri, text: () => string | undefined): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        const index = this.manager.sessionFor(uri)?.referenceIndex;
        if (!index) return;
        index.updateFile(indexPath(uri), text()).catch((error: unknown) => this.logger.warn(`Could not re-read ${uri.fsPath}: ${describeError(error)}`));
      }, editDebounceMs),
    );
  }
}
