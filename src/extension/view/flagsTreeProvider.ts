import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CatalogEntry } from '../../core/catalog/model';
import { flagLinkCommands } from '../../core/catalog/present/commandLinks';
import { hoverMarkdown } from '../../core/catalog/present/hoverMarkdown';
import { sourceAvailability } from '../../core/catalog/present/lensText';
import { lensStateText } from '../../core/catalog/present/servingText';
import { relativeTime } from '../../core/catalog/present/relativeTime';
import { effectiveEnvironment, protectedList } from '../environments';
import { indexPath } from '../paths';
import type { Services } from '../services';
import type { FolderSession } from '../workspace/folderSession';
import { codeChildren, codeItem, codeSectionNode, noSourceNode } from './codeSection';
import { referenceItem } from './referenceItem';
import { flagNode, nodeId, type FlagTreeNode, type GroupKind } from './treeNodes';

const groupLabels: Record<GroupKind, string> = { file: 'Flags in this file', stale: 'Stale flags', unused: 'Unused flags', unknown: 'Unknown keys' };
const groupIcons: Record<GroupKind, string> = { file: 'file-code', stale: 'warning', unused: 'circle-slash', unknown: 'question' };
const groupTooltips: Record<GroupKind, string | undefined> = {
  file: undefined,
  stale: 'Flags the source shows as done (released, removed, marked stale or not evaluated lately) that code still reads: candidates for Clean Up Flag.',
  unused: 'Flags a source defines that no code in this folder reads: candidates for removal from the source.',
  unknown: 'Keys the code reads that no configured flag source defines (often a typo).',
};

/**
 * Findings that make a flag stale (done in the source, still read by code). Others are filed
 * elsewhere (unknown keys, unused flags) or are hints about the code that do not belong in a list of
 * cleanup candidates.
 */
const staleKinds: ReadonlySet<string> = new Set(['removed', 'released', 'markedStale', 'inactive']);

export function isStaleFinding(finding: { kind: string }): boolean {
  return staleKinds.has(finding.kind);
}

/** Keys with an `unused` finding: defined in a source, read by no code. */
function unusedKeys(session: FolderSession): string[] {
  return [...new Set(session.catalog.staleFindings().filter((f) => f.kind === 'unused').map((f) => f.key))].sort();
}

/** Keys with a stale finding that code still reads; an unused flag is filed under "Unused flags" instead. */
function staleKeys(session: FolderSession): string[] {
  const unused = new Set(unusedKeys(session));
  const findings = session.catalog.staleFindings().filter((f) => isStaleFinding(f) && !unused.has(f.key));
  return [...new Set(findings.map((f) => f.key))].sort();
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Sources → flags → references, with "Flags in this file", "Stale flags", "Unused flags" and "Unknown
 * keys" groups; then "Flags in code", which needs no source. With no source anywhere, the ways to add
 * one head the tree (welcome content only shows while a tree is empty, and this one never is).
 */
export class FlagsTreeProvider implements vscode.TreeDataProvider<FlagTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<FlagTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly subscriptions: vscode.Disposable;
  private pending: NodeJS.Timeout | undefined;
  /** Until the first scan is done the tree stays empty, so the "Scanning…" welcome shows. */
  private ready = false;

  constructor(private readonly services: Services) {
    const refresh = (): void => this.scheduleRefresh();
    this.subscriptions = vscode.Disposable.from(
      services.manager.onDidChange(refresh),
      services.manager.onDidChangeSessions(refresh),
      services.environment.onDidChange(refresh),
      services.settings.onDidChange(refresh),
      vscode.window.onDidChangeActiveTextEditor(refresh),
      vscode.workspace.onDidGrantWorkspaceTrust(refresh),
    );
  }

  markReady(): void {
    this.ready = true;
    this.refresh();
  }

  refresh(): void {
    this.changeEmitter.fire(undefined);
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.subscriptions.dispose();
    this.changeEmitter.dispose();
  }

  /** True when some folder has a source; without one the tree leads with the ways to add one. */
  hasSources(): boolean {
    return this.services.manager.all().some((session) => session.catalog.sources().length > 0);
  }

  getChildren(node?: FlagTreeNode): FlagTreeNode[] {
    const all = this.services.manager.all();
    if (!node) {
      if (!this.ready || all.length === 0) return [];
      const sessions = all.filter((session) => session.catalog.sources().length > 0);
      const roots: FlagTreeNode[] = [];
      if (sessions.length === 0) roots.push(noSourceNode());
      else if (sessions.length === 1) roots.push(...this.folderChildren(sessions[0]!));
      else roots.push(...sessions.map((session): FlagTreeNode => ({ type: 'folder', session })));
      roots.push(codeSectionNode(all, sessions.length > 0));
      return roots;
    }
    switch (node.type) {
      case 'folder':
        return this.folderChildren(node.session);
      case 'group':
        return this.groupChildren(node.session, node.group, nodeId(node));
      case 'source': {
        const parent = nodeId(node);
        return node.session.catalog
          .entries()
          .filter((entry) => entry.definitions.some((d) => d.sourceId === node.sourceId))
          .map((entry) => flagNode(node.session, entry.key, node.sourceId, parent));
      }
      case 'flag': {
        const parent = nodeId(node);
        return (node.session.catalog.entry(node.key)?.references ?? []).map((reference): FlagTreeNode => ({ type: 'reference', reference, parent }));
      }
      default:
        return codeChildren(node, all);
    }
  }

  private groupChildren(session: FolderSession, group: GroupKind, parent: string): FlagTreeNode[] {
    const catalog = session.catalog;
    const definedIn = (key: string): string | undefined => catalog.entry(key)?.definitions[0]?.sourceId;
    switch (group) {
      case 'file': {
        const editor = vscode.window.activeTextEditor;
        const file = editor ? indexPath(editor.document.uri) : undefined;
        return file ? catalog.entriesForFile(file).map((entry) => flagNode(session, entry.key, entry.definitions[0]?.sourceId, parent)) : [];
      }
      case 'stale':
        return staleKeys(session).map((key) => flagNode(session, key, definedIn(key), parent));
      case 'unused':
        return unusedKeys(session).map((key) => flagNode(session, key, definedIn(key), parent));
      case 'unknown':
        return this.unknownKeys(session).map((key) => flagNode(session, key, undefined, parent));
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
    if (staleKeys(session).length > 0) children.push({ type: 'group', session, group: 'stale' });
    if (unusedKeys(session).length > 0) children.push({ type: 'group', session, group: 'unused' });
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
    switch (node.type) {
      case 'folder': {
        const item = new vscode.TreeItem(node.session.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = vscode.ThemeIcon.Folder;
        item.contextValue = 'folder';
        return item;
      }
      case 'group': {
        // Groups exist only when non-empty; stale, unused and unknown ones are what the user came for.
        const item = new vscode.TreeItem(groupLabels[node.group], vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon(groupIcons[node.group]);
        item.contextValue = `group.${node.group}`;
        item.tooltip = groupTooltips[node.group];
        if (node.group === 'file') {
          const editor = vscode.window.activeTextEditor;
          item.description = editor ? path.basename(editor.document.uri.fsPath) : 'no file open';
        } else {
          item.description = String(this.groupChildren(node.session, node.group, nodeId(node)).length);
        }
        return item;
      }
      case 'source': {
        const catalog = node.session.catalog;
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
        return this.flagItem(node.session, node.key, node.sourceId, node.session.catalog.entry(node.key));
      case 'reference':
        return referenceItem(node.reference);
      default:
        return codeItem(node) ?? new vscode.TreeItem('');
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
      // No state to show: what the user can act on is how much code reads the key.
      parts.push('not defined', plural(references, 'ref'));
    }
    // State only; the details (serving, variations, references) are in the tooltip.
    item.description = parts.join(' · ');
    const stale = entry?.stale.some((f) => isStaleFinding(f) || f.kind === 'unused') ?? false;
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
          protectedEnvironments: protectedList(session, this.services),
          sourcesLoaded: session.catalog.hasDefinitions(),
          sources: sourceAvailability(session.catalog),
          folder,
          root: session.root,
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
