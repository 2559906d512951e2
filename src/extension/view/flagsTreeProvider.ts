import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CatalogEntry } from '../../core/catalog/model';
import { flagLinkCommands } from '../../core/catalog/present/commandLinks';
import { hoverMarkdown } from '../../core/catalog/present/hoverMarkdown';
import { lensStateText } from '../../core/catalog/present/servingText';
import { relativeTime } from '../../core/catalog/present/relativeTime';
import { effectiveEnvironment } from '../environments';
import { fileUri, indexPath, spanRange } from '../paths';
import type { Services } from '../services';
import type { FolderSession } from '../workspace/folderSession';
import { flagNode, nodeId, type FlagTreeNode } from './treeNodes';

const groupLabels = { file: 'Flags in this file', stale: 'Stale flags', unknown: 'Unknown keys' } as const;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Sources → flags → references, plus "Flags in this file", "Stale flags" and "Unknown keys" groups. */
export class FlagsTreeProvider implements vscode.TreeDataProvider<FlagTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<FlagTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly subscriptions: vscode.Disposable;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly services: Services) {
    const refresh = (): void => this.scheduleRefresh();
    this.subscriptions = vscode.Disposable.from(
      services.manager.onDidChange(refresh),
      services.manager.onDidChangeSessions(refresh),
      services.environment.onDidChange(refresh),
      services.settings.onDidChange(refresh),
      vscode.window.onDidChangeActiveTextEditor(refresh),
    );
  }

  refresh(): void {
    this.changeEmitter.fire(undefined);
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.subscriptions.dispose();
    this.changeEmitter.dispose();
  }

  /** True when no folder has a source: the view is empty and shows its welcome content. */
  hasSources(): boolean {
    return this.services.manager.all().some((session) => session.catalog.sources().length > 0);
  }

  getChildren(node?: FlagTreeNode): FlagTreeNode[] {
    if (!node) {
      const sessions = this.services.manager.all().filter((session) => session.catalog.sources().length > 0);
      if (sessions.length === 1) return this.folderChildren(sessions[0]!);
      return sessions.map((session) => ({ type: 'folder', session }));
    }
    const { session } = node;
    const catalog = session.catalog;
    switch (node.type) {
      case 'folder':
        return this.folderChildren(session);
      case 'group': {
        const parent = nodeId(node);
        if (node.group === 'file') {
          const editor = vscode.window.activeTextEditor;
          const file = editor ? indexPath(editor.document.uri) : undefined;
          return file ? catalog.entriesForFile(file).map((entry) => flagNode(session, entry.key, entry.definitions[0]?.sourceId, parent)) : [];
        }
        if (node.group === 'stale') {
          return [...new Set(catalog.staleFindings().filter((f) => f.kind !== 'unknownKey').map((f) => f.key))]
            .sort()
            .map((key) => flagNode(session, key, catalog.entry(key)?.definitions[0]?.sourceId, parent));
        }
        return this.unknownKeys(session).map((key) => flagNode(session, key, undefined, parent));
      }
      case 'source': {
        const parent = nodeId(node);
        return catalog
          .entries()
          .filter((entry) => entry.definitions.some((d) => d.sourceId === node.sourceId))
          .map((entry) => flagNode(session, entry.key, node.sourceId, parent));
      }
      case 'flag': {
        const parent = nodeId(node);
        return (catalog.entry(node.key)?.references ?? []).map((reference) => ({ type: 'reference', session, reference, parent }));
      }
      case 'reference':
        return [];
    }
  }

  getTreeItem(node: FlagTreeNode): vscode.TreeItem {
    const item = this.buildItem(node);
    item.id = nodeId(node);
    return item;
  }

  private folderChildren(session: FolderSession): FlagTreeNode[] {
    const catalog = session.catalog;
    const children: FlagTreeNode[] = [{ type: 'group', session, group: 'file' }];
    if (catalog.staleFindings().some((f) => f.kind !== 'unknownKey')) children.push({ type: 'group', session, group: 'stale' });
    if (this.unknownKeys(session).length > 0) children.push({ type: 'group', session, group: 'unknown' });
    for (const source of catalog.sources()) children.push({ type: 'source', session, sourceId: source.id });
    return children;
  }

  private unknownKeys(session: FolderSession): string[] {
    const catalog = session.catalog;
    if (!catalog.hasDefinitions()) return [];
    return catalog.keys().filter((key) => (catalog.entry(key)?.definitions.length ?? 0) === 0);
  }

  private buildItem(node: FlagTreeNode): vscode.TreeItem {
    const catalog = node.session.catalog;
    switch (node.type) {
      case 'folder': {
        const item = new vscode.TreeItem(node.session.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = vscode.ThemeIcon.Folder;
        item.contextValue = 'folder';
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(groupLabels[node.group], node.group === 'file' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon(node.group === 'file' ? 'file-code' : node.group === 'stale' ? 'warning' : 'question');
        item.contextValue = `group.${node.group}`;
        if (node.group === 'file') {
          const editor = vscode.window.activeTextEditor;
          item.description = editor ? path.basename(editor.document.uri.fsPath) : 'no file open';
        }
        return item;
      }
      case 'source': {
        const state = catalog.sourceStates().find((s) => s.id === node.sourceId);
        const item = new vscode.TreeItem(state?.label ?? node.sourceId, vscode.TreeItemCollapsibleState.Expanded);
        const status = state?.status;
        const count = catalog.entries().filter((e) => e.definitions.some((d) => d.sourceId === node.sourceId)).length;
        const updated = state?.fetchedAt ? ` · updated ${relativeTime(state.fetchedAt, new Date())}` : '';
        item.description = `${plural(count, 'flag')} · ${status?.state ?? 'idle'}${updated}`;
        item.tooltip = status && 'message' in status ? status.message : undefined;
        item.iconPath = new vscode.ThemeIcon(status?.state === 'authError' ? 'error' : status?.state === 'offline' ? 'cloud-offline' : status?.state === 'refreshing' ? 'sync~spin' : 'database');
        item.contextValue = 'source';
        return item;
      }
      case 'flag':
        return this.flagItem(node.session, node.key, node.sourceId, catalog.entry(node.key));
      case 'reference': {
        const reference = node.reference;
        const relative = path.relative(node.session.root, reference.file).replace(/\\/g, '/');
        const item = new vscode.TreeItem(`${relative}:${reference.keySpan.startLine + 1}`, vscode.TreeItemCollapsibleState.None);
        item.resourceUri = fileUri(reference.file);
        item.description = `${reference.pattern}${reference.via === 'literal' ? '' : ` (via ${reference.via})`}`;
        item.command = { command: 'vscode.open', title: 'Open Reference', arguments: [fileUri(reference.file), { selection: spanRange(reference.keySpan) }] };
        item.contextValue = 'reference';
        return item;
      }
    }
  }

  private flagItem(session: FolderSession, key: string, sourceId: string | undefined, entry: CatalogEntry | undefined): vscode.TreeItem {
    const references = entry?.references.length ?? 0;
    const item = new vscode.TreeItem(key, references > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    const definition = entry?.definitions.find((d) => d.sourceId === sourceId) ?? entry?.definitions[0];
    const parts: string[] = [];
    let on = false;
    if (definition) {
      const environments = this.services.settings.current.codeLensEnvironments;
      const keys = definition.environments.map((e) => e.key).filter((k) => environments.length === 0 || environments.includes(k));
      for (const environment of keys) parts.push(`${environment}: ${lensStateText(definition.flag, definition.flag.environments[environment])}`);
      const current = effectiveEnvironment(session, this.services, definition.sourceId);
      on = current !== undefined && definition.flag.environments[current]?.on === true;
    } else {
      parts.push('not defined');
    }
    parts.push(plural(references, 'ref'));
    item.description = parts.join(' · ');
    const stale = entry?.stale.some((f) => f.kind !== 'unknownKey') ?? false;
    item.iconPath = new vscode.ThemeIcon(
      !definition ? 'question' : stale ? 'warning' : on ? 'pass-filled' : 'circle-large-outline',
      !definition ? new vscode.ThemeColor('problemsWarningIcon.foreground') : on ? new vscode.ThemeColor('testing.iconPassed') : undefined,
    );
    if (entry) {
      const folder = session.folder.uri.toString();
      const tooltip = new vscode.MarkdownString(
        hoverMarkdown(entry, {
          now: new Date(),
          preferredEnvironment: this.services.environment.selected,
          protectedEnvironments: this.services.settings.current.protectedEnvironments,
          sourcesLoaded: session.catalog.hasDefinitions(),
          folder,
        }),
      );
      tooltip.isTrusted = { enabledCommands: flagLinkCommands };
      tooltip.supportHtml = false;
      tooltip.supportThemeIcons = false;
      item.tooltip = tooltip;
    }
    item.contextValue = definition ? `flag.defined${definition.flag.dashboardUrl ? '.dashboard' : ''}` : 'flag.unknown';
    return item;
  }

  /** Catalog events come in bursts; repaint once. */
  private scheduleRefresh(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.refresh(), 100);
  }
}
