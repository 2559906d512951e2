import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DynamicReference, FlagReference } from '../../core/references/model';
import { visibleLine } from '../../core/catalog/present/plainText';
import { fileUri, spanRange } from '../paths';

/**
 * `src/pages/CheckoutPage.tsx` relative to its workspace folder (the folder's name first in a
 * multi-root workspace), so the same file reads the same everywhere in the view.
 */
function relativePath(file: string): string {
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return vscode.workspace.asRelativePath(fileUri(file), multiRoot).replace(/\\/g, '/');
}

/**
 * Where a row points: `CheckoutPage.tsx:12` as the label (never cut at the default side bar width),
 * the folder in the description, which may be cut, and the whole path in the tooltip.
 */
function location(file: string, line: number): { label: string; folder: string; full: string } {
  const relative = relativePath(file);
  const folder = path.posix.dirname(relative);
  return { label: `${path.posix.basename(relative)}:${line + 1}`, folder: folder === '.' ? '' : folder, full: `${relative}:${line + 1}` };
}

function openCommand(file: string, range: vscode.Range): vscode.Command {
  return { command: 'vscode.open', title: 'Open Reference', arguments: [fileUri(file), { selection: range }] };
}

const viaText = { literal: '', constant: 'through a constant', enum: 'through an enum member', property: 'as a flags-object property', wrapper: 'through a wrapper' } as const;

/** One reference of a flag; clicking opens the file at the key. */
export function referenceItem(reference: FlagReference): vscode.TreeItem {
  const where = location(reference.file, reference.keySpan.startLine);
  const item = new vscode.TreeItem(where.label, vscode.TreeItemCollapsibleState.None);
  item.resourceUri = fileUri(reference.file);
  item.description = where.folder;
  const via = viaText[reference.via] ?? '';
  // Plain text: a tooltip string is never read as Markdown, so paths and pattern ids need no escaping.
  item.tooltip = visibleLine(`${where.full} · ${reference.pattern}${via ? ` · key ${via}` : ''}`);
  item.command = openCommand(reference.file, spanRange(reference.keySpan));
  item.contextValue = 'reference';
  return item;
}

/** A flag call whose key is computed at run time; the reason is what a reader needs, so it is the description. */
export function dynamicReferenceItem(dynamic: DynamicReference): vscode.TreeItem {
  const where = location(dynamic.file, dynamic.span.startLine);
  const item = new vscode.TreeItem(where.label, vscode.TreeItemCollapsibleState.None);
  item.resourceUri = fileUri(dynamic.file);
  item.description = visibleLine(dynamic.reason);
  item.tooltip = visibleLine(`${where.full} · ${dynamic.pattern} · key not resolved: ${dynamic.reason}`);
  item.command = openCommand(dynamic.file, spanRange(dynamic.span));
  item.contextValue = 'dynamicReference';
  return item;
}
