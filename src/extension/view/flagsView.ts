import * as vscode from 'vscode';
import { catalogReferences, codeKeyCount } from '../../core/catalog/codeFlags';
import type { Services } from '../services';
import { FlagsTreeProvider, isStaleFinding } from './flagsTreeProvider';
import type { FlagTreeNode } from './treeNodes';

export const flagsViewId = 'flaglens.flags';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * The Flags view plus the context keys its welcome content and menus depend on:
 * `flaglens.ready` (first scan done) and `flaglens.hasSources`.
 */
export function registerFlagsView(services: Services, ready: Promise<void>): { disposable: vscode.Disposable; provider: FlagsTreeProvider } {
  const provider = new FlagsTreeProvider(services);
  const view = vscode.window.createTreeView<FlagTreeNode>(flagsViewId, { treeDataProvider: provider, showCollapseAll: true });
  const updateContext = (): void => {
    const hasSources = provider.hasSources();
    void vscode.commands.executeCommand('setContext', 'flaglens.hasSources', hasSources);
    const sessions = services.manager.all();
    const flags = sessions.reduce((sum, session) => sum + session.catalog.counts().flags, 0);
    let stale = 0;
    let unused = 0;
    for (const session of sessions) {
      const findings = session.catalog.staleFindings();
      const unusedKeys = new Set(findings.filter((f) => f.kind === 'unused').map((f) => f.key));
      unused += unusedKeys.size;
      stale += new Set(findings.filter((f) => isStaleFinding(f) && !unusedKeys.has(f.key)).map((f) => f.key)).size;
    }
    const tooltip = [stale > 0 ? plural(stale, 'stale flag') : '', unused > 0 ? plural(unused, 'unused flag') : ''].filter(Boolean).join(', ');
    view.badge = stale + unused > 0 ? { value: stale + unused, tooltip } : undefined;
    if (hasSources) {
      view.description = flags > 0 ? plural(flags, 'flag') : undefined;
    } else {
      const inCode = codeKeyCount(sessions.flatMap((session) => catalogReferences(session.catalog)));
      view.description = inCode > 0 ? `${plural(inCode, 'flag')} in code` : undefined;
    }
  };
  // Edits fire a change per keystroke; count once the burst is over.
  let pending: NodeJS.Timeout | undefined;
  const scheduleUpdate = (): void => {
    clearTimeout(pending);
    pending = setTimeout(updateContext, 100);
  };
  void ready.then(() => {
    void vscode.commands.executeCommand('setContext', 'flaglens.ready', true);
    provider.markReady();
    updateContext();
  });
  const disposable = vscode.Disposable.from(
    provider,
    view,
    services.manager.onDidChange(({ change }) => {
      // Without a source, the description counts keys in code: file changes move it too.
      if (change.definitions || change.status || (change.files && !provider.hasSources())) scheduleUpdate();
    }),
    services.manager.onDidChangeSessions(scheduleUpdate),
    { dispose: () => clearTimeout(pending) },
  );
  return { disposable, provider };
}
