import * as vscode from 'vscode';
import { escapeMarkdown } from '../../core/catalog/present/markdown';
import { catalogReferences, codeKeyCount } from '../../core/catalog/codeFlags';
import { iconSafeText, visibleLine } from '../../core/catalog/present/plainText';
import { relativeTime } from '../../core/catalog/present/relativeTime';
import type { SourceStatus } from '../../core/sources/model';
import { effectiveEnvironment } from '../environments';
import type { Services } from '../services';
import type { FolderSession } from '../workspace/folderSession';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

const indexingText = '$(sync~spin) indexing';
const indexingTooltip = 'Indexing the workspace: open files show their flags already, the rest follow.';

const statusRank: Record<SourceStatus['state'], number> = { authError: 5, misconfigured: 4, offline: 3, refreshing: 2, idle: 1, connected: 0 };

function describeStatus(status: SourceStatus, now: Date): { icon: string; text: string } {
  switch (status.state) {
    case 'connected':
      return { icon: '$(flag)', text: 'connected' };
    case 'refreshing':
      return { icon: '$(sync~spin)', text: 'refreshing' };
    case 'idle':
      return { icon: '$(flag)', text: 'not loaded' };
    case 'offline':
      return { icon: '$(cloud-offline)', text: status.lastSuccess ? `offline · updated ${relativeTime(status.lastSuccess, now)}` : 'offline' };
    case 'authError':
      return { icon: '$(error)', text: 'auth error' };
    case 'misconfigured':
      return { icon: '$(warning)', text: 'misconfigured' };
  }
}

/**
 * `$(flag) flagd: flags.json · dev` with the worst connection state of the folder's sources; click
 * selects the environment. Without a source, `⚑ 6 flags in code · no source`; click chooses one.
 * Follows the active editor's folder in multi-root workspaces.
 */
export class FlagStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('flaglens.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable;
  private readonly clock: NodeJS.Timeout;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly services: Services) {
    this.item.name = 'Flag Lens';
    const update = (): void => this.update();
    this.subscriptions = vscode.Disposable.from(
      services.manager.onDidChange(({ change }) => {
        // Without a source the item counts keys in code, which edits change (a burst per keystroke).
        if (change.status || change.definitions) update();
        else if (change.files) this.scheduleUpdate();
      }),
      services.manager.onDidChangeSessions(update),
      services.environment.onDidChange(update),
      vscode.window.onDidChangeActiveTextEditor(update),
    );
    // "updated 3 minutes ago" must age while nothing else happens.
    this.clock = setInterval(update, 60_000);
    this.update();
  }

  static register(services: Services): vscode.Disposable {
    return new FlagStatusBar(services);
  }

  dispose(): void {
    clearInterval(this.clock);
    clearTimeout(this.pending);
    this.subscriptions.dispose();
    this.item.dispose();
  }

  private session(): FolderSession | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    return (uri && this.services.manager.sessionFor(uri)) || this.services.manager.all().find((s) => s.catalog.sources().length > 0);
  }

  private scheduleUpdate(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.update(), 300);
  }

  private update(): void {
    const session = this.session();
    const sources = session?.catalog.sourceStates() ?? [];
    const first = sources[0];
    if (!session || !first) {
      this.showNoSource(session);
      return;
    }
    this.item.command = 'flaglens.selectEnvironment';
    const now = new Date();
    const worst = sources.reduce((a, b) => (statusRank[b.status.state] > statusRank[a.status.state] ? b : a));
    const { icon, text } = describeStatus(worst.status, now);
    const environment = effectiveEnvironment(session, this.services, first.id);
    const label = sources.length > 1 ? `${first.label} +${sources.length - 1}` : first.label;
    const indexing = session.isIndexing;
    // Our icon, then source and environment names with any `$(` of theirs escaped.
    this.item.text = `${icon} ${iconSafeText(`${label}${environment ? ` · ${environment}` : ''}${worst.status.state === 'connected' ? '' : ` · ${text}`}`)}${indexing ? ` · ${indexingText}` : ''}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.supportHtml = false;
    tooltip.appendMarkdown('**Flag Lens** — click to select the environment\n\n');
    if (indexing) tooltip.appendMarkdown(`${indexingTooltip}\n\n`);
    for (const source of sources) {
      const state = describeStatus(source.status, now);
      const updated = source.fetchedAt ? `, updated ${relativeTime(source.fetchedAt, now)}${source.fromCache ? ' (cached)' : ''}` : '';
      const message = 'message' in source.status ? ` — ${source.status.message}` : '';
      tooltip.appendMarkdown(`${escapeMarkdown(`${source.label}: ${state.text}${updated}${message}`)}\n\n`);
    }
    this.item.tooltip = tooltip;
    // Screen readers get the same facts as plain words: no Markdown, no icon syntax, no entities.
    const a11yState = worst.status.state === 'connected' ? 'connected' : text;
    this.item.accessibilityInformation = {
      label: visibleLine(`Flag Lens: ${label}${environment ? `, environment ${environment}` : ''}, ${a11yState}${indexing ? ', indexing the workspace' : ''}. Select the environment.`),
      role: 'button',
    };
    this.item.backgroundColor =
      worst.status.state === 'authError' ? new vscode.ThemeColor('statusBarItem.errorBackground') : worst.status.state === 'offline' || worst.status.state === 'misconfigured' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  /** No source in this folder (or, with no editor open, in any folder): what the code alone says. */
  private showNoSource(session: FolderSession | undefined): void {
    const sessions = session ? [session] : this.services.manager.all();
    // Counts from a half-built index would read as the answer: say what is going on instead.
    if (sessions.some((s) => s.isIndexing)) {
      this.item.text = `⚑ ${indexingText}`;
      this.item.tooltip = `Flag Lens: ${indexingTooltip}`;
      this.item.accessibilityInformation = { label: 'Flag Lens: indexing the workspace. Open files show their flags already.', role: 'button' };
      this.item.command = undefined;
      this.item.backgroundColor = undefined;
      this.item.show();
      return;
    }
    const references = sessions.flatMap((s) => catalogReferences(s.catalog));
    const keys = codeKeyCount(references);
    // A TypeScript project without flags activates Flag Lens too; it gets no item to ignore.
    if (keys === 0) {
      this.item.hide();
      return;
    }
    const flags = `${plural(keys, 'flag')} in code`;
    this.item.text = `⚑ ${flags} · no source`;
    this.item.tooltip = `Flag Lens: ${plural(keys, 'flag key')} found in ${plural(references.length, 'reference')}. No flag source is configured, so their states are unknown. Click to choose a source: a flagd file, LaunchDarkly or Unleash.`;
    this.item.accessibilityInformation = { label: `Flag Lens: ${flags}, no flag source. Choose a flag source.`, role: 'button' };
    this.item.command = 'flaglens.chooseSource';
    this.item.backgroundColor = undefined;
    this.item.show();
  }
}
