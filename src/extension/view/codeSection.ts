import * as vscode from 'vscode';
import { catalogReferences, codeFlags, type CodeKey } from '../../core/catalog/codeFlags';
import { escapeMarkdown, inlineCode } from '../../core/catalog/present/markdown';
import type { SdkName } from '../../core/references/model';
import { sourceChoices } from '../commands/chooseSource';
import type { FolderSession } from '../workspace/folderSession';
import { dynamicReferenceItem, referenceItem } from './referenceItem';
import { nodeId, type FlagTreeNode } from './treeNodes';

/*
 * The part of the Flags view that needs no flag source: "No flag source configured" with the ways
 * to add one, and "Flags in code" (every key the index found, by SDK, plus the dynamic keys).
 */

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

const sdkIcons: Record<SdkName, string> = { launchdarkly: 'package', openfeature: 'package', unleash: 'package', growthbook: 'package', custom: 'symbol-method', text: 'symbol-text' };

/** The "Flags in code" root over every folder (keys are merged: the same key in two folders is one flag). */
export function codeSectionNode(sessions: readonly FolderSession[], hasSources: boolean): FlagTreeNode {
  const references = sessions.flatMap((session) => catalogReferences(session.catalog));
  const dynamic = sessions.flatMap((session) => session.catalog.dynamic());
  return { type: 'code', code: codeFlags(references, dynamic), hasSources };
}

export function noSourceNode(): FlagTreeNode {
  return { type: 'noSource', trusted: vscode.workspace.isTrusted };
}

export function codeChildren(node: FlagTreeNode, sessions: readonly FolderSession[]): FlagTreeNode[] {
  switch (node.type) {
    case 'noSource': {
      const rows: FlagTreeNode[] = sourceChoices(node.trusted).map((choice) => ({ type: 'action', action: { command: choice.command, label: choice.label, icon: choice.icon, tooltip: choice.detail } }));
      if (!node.trusted) {
        rows.push({ type: 'action', action: { command: 'workbench.trust.manage', label: 'Trust to connect LaunchDarkly or Unleash…', icon: 'workspace-untrusted', tooltip: 'Remote flag sources are off in an untrusted workspace: no token is sent.' } });
      }
      return rows;
    }
    case 'code': {
      const groups: FlagTreeNode[] = node.code.groups.map((group) => ({ type: 'codeSdk', group, hasSources: node.hasSources }));
      if (node.code.dynamic.length > 0) groups.push({ type: 'codeDynamic', dynamic: node.code.dynamic, hasSources: node.hasSources });
      return groups;
    }
    case 'codeSdk': {
      const parent = nodeId(node);
      return node.group.keys.map((codeKey) => ({ type: 'codeKey', codeKey, parent, sessions, target: { key: codeKey.key, folder: folderOf(codeKey, sessions) } }));
    }
    case 'codeKey': {
      const parent = nodeId(node);
      return node.codeKey.references.map((reference) => ({ type: 'reference', reference, parent }));
    }
    case 'codeDynamic': {
      const parent = nodeId(node);
      return node.dynamic.map((dynamic) => ({ type: 'dynamicReference', dynamic, parent }));
    }
    default:
      return [];
  }
}

/** The folder the key's first reference is in: flag commands run on one folder. */
function folderOf(codeKey: CodeKey, sessions: readonly FolderSession[]): string | undefined {
  const first = codeKey.references[0];
  const session = first && sessions.find((s) => s.catalog.referencesIn(first.file).length > 0);
  return session?.folder.uri.toString();
}

export function codeItem(node: FlagTreeNode): vscode.TreeItem | undefined {
  const { Expanded, Collapsed, None } = vscode.TreeItemCollapsibleState;
  switch (node.type) {
    case 'noSource': {
      const item = new vscode.TreeItem('No flag source configured', Expanded);
      item.iconPath = new vscode.ThemeIcon('info');
      item.tooltip = 'Flags below are read from the code only. States, stale checks and unknown keys need a flag source: a flagd file, LaunchDarkly or Unleash.';
      item.contextValue = 'noSource';
      return item;
    }
    case 'action': {
      const item = new vscode.TreeItem(node.action.label, None);
      item.iconPath = new vscode.ThemeIcon(node.action.icon);
      item.tooltip = node.action.tooltip;
      item.command = { command: node.action.command, title: node.action.label };
      item.contextValue = 'sourceAction';
      return item;
    }
    case 'code': {
      const { code } = node;
      const empty = code.groups.length === 0 && code.dynamic.length === 0;
      // With sources the flags are already listed above by source; here they are one more angle, folded.
      const item = new vscode.TreeItem('Flags in code', empty ? None : node.hasSources ? Collapsed : Expanded);
      item.iconPath = new vscode.ThemeIcon('code');
      // Short enough to read whole at the default width; the dynamic calls have their own group.
      item.description = empty ? 'none found' : `${plural(code.keys, 'flag')} · ${plural(code.references, 'ref')}`;
      item.tooltip = empty
        ? 'No flag evaluation was found in this workspace (LaunchDarkly, OpenFeature, Unleash and GrowthBook SDK calls, and patterns from .flaglens.json).'
        : `${plural(code.keys, 'flag key')} in ${plural(code.references, 'reference')}, found in the code by SDK call${code.dynamic.length > 0 ? `; ${plural(code.dynamic.length, 'call')} with a key computed at run time` : ''}.`;
      item.contextValue = 'codeFlags';
      return item;
    }
    case 'codeSdk': {
      const { group } = node;
      const item = new vscode.TreeItem(group.label, Expanded);
      item.iconPath = new vscode.ThemeIcon(sdkIcons[group.sdk] ?? 'package');
      item.description = `${plural(group.keys.length, 'flag')} · ${plural(group.references, 'ref')}`;
      item.contextValue = 'codeSdk';
      return item;
    }
    case 'codeKey':
      return codeKeyItem(node.codeKey, node.sessions);
    case 'codeDynamic': {
      const item = new vscode.TreeItem('Dynamic keys', node.hasSources ? Collapsed : Expanded);
      item.iconPath = new vscode.ThemeIcon('symbol-variable');
      item.description = plural(node.dynamic.length, 'call');
      item.tooltip = 'Flag calls whose key is computed at run time (a template literal, a parameter…): which flag they read cannot be told from the code.';
      item.contextValue = 'codeDynamic';
      return item;
    }
    case 'reference':
      return referenceItem(node.reference);
    case 'dynamicReference':
      return dynamicReferenceItem(node.dynamic);
    default:
      return undefined;
  }
}

const viaWords = { literal: 'as a literal', constant: 'through a constant', enum: 'through an enum member', property: 'as a flags-object property', wrapper: 'through a wrapper' } as const;

function codeKeyItem(codeKey: CodeKey, sessions: readonly FolderSession[]): vscode.TreeItem {
  const references = codeKey.references.length;
  const item = new vscode.TreeItem(codeKey.key, references > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  const loaded = sessions.some((session) => session.catalog.hasDefinitions());
  const defined = sessions.some((session) => (session.catalog.entry(codeKey.key)?.definitions.length ?? 0) > 0);
  // No icon: real keys are long (`hbi.ui.workload_filter_satellite`) and the label must fit whole at
  // the default side bar width; without a source there is no state for an icon to show anyway.
  item.description = loaded && !defined ? `${plural(references, 'ref')} · not defined` : plural(references, 'ref');

  const patterns = [...new Set(codeKey.references.map((r) => r.pattern))];
  const via = [...new Set(codeKey.references.map((r) => r.via))];
  const lines = [
    inlineCode(codeKey.key),
    `${plural(references, 'reference')} in ${plural(codeKey.files, 'file')} · ${patterns.map(inlineCode).join(', ')}`,
    `Key written ${via.map((v) => viaWords[v] ?? escapeMarkdown(v)).join(', ')}`,
  ];
  const anySource = sessions.some((session) => session.catalog.sources().length > 0);
  if (!anySource) lines.push('No flag source configured: its state and staleness are unknown.');
  else if (loaded && !defined) lines.push('No configured flag source defines this key.');
  const tooltip = new vscode.MarkdownString(lines.join('\n\n'));
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;
  tooltip.supportThemeIcons = false;
  item.tooltip = tooltip;
  // `flag.` so "Find References of Flag" applies; not `flag.defined`: toggling needs the source rows.
  item.contextValue = 'flag.code';
  return item;
}
