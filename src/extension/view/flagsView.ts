import * as vscode from 'vscode';
import type { Services } from '../services';
import { FlagsTreeProvider } from './flagsTreeProvider';
import type { FlagTreeNode } from './treeNodes';

export const flagsViewId = 'flaglens.flags';

/**
 * The Flags view plus the context keys its welcome content and menus depend on:
 * `flaglens.ready` (first scan done) and `flaglens.hasSources`.
 */
export function registerFlagsView(services: Services, ready: Promise<void>): { disposable: vscode.Disposable; provider: FlagsTreeProvider } {
  const provider = new FlagsTreeProvider(services);
  const view = vscode.window.createTreeView<FlagTreeNode>(flagsViewId, { treeDataProvider: provider, showCollapseAll: true });
  const updateContext = (): void => {
    void vscode.commands.executeCommand('setContext', 'flaglens.hasSources', provider.hasSources());
    const counts = services.manager.all().map((session) => session.catalog.counts());
    const flags = counts.reduce((sum, c) => sum + c.flags, 0);
    const stale = counts.reduce((sum, c) => sum + c.staleFlags, 0);
    view.badge = stale > 0 ? { value: stale, tooltip: `${stale} stale flag${stale === 1 ? '' : 's'}` } : undefined;
    view.description = flags > 0 ? `${flags} flag${flags === 1 ? '' : 's'}` : undefined;
  };
  void ready.then(() => {
    void vscode.commands.executeCommand('setContext', 'flaglens.ready', true);
    updateContext();
  });
  const disposable = vscode.Disposable.from(
    provider,
    view,
    services.manager.onDidChange(({ change }) => {
      if (change.definitions || change.status) updateContext();
    }),
    services.manager.onDidChangeSessions(updateContext),
  );
  return { disposable, provider };
}
