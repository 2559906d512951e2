import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export const extensionId = 'flaglens.flaglens';

export function workspaceFile(relative: string): vscode.Uri {
  const root = process.env.FLAGLENS_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root) throw new Error('no test workspace open');
  return vscode.Uri.file(join(root, relative));
}

export async function openFile(relative: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  await vscode.window.showTextDocument(document);
  return document;
}

/** The position inside the `occurrence`-th match of `needle` (1 character in, so it is inside the token). */
export function positionOf(document: vscode.TextDocument, needle: string): vscode.Position {
  const offset = document.getText().indexOf(needle);
  if (offset < 0) throw new Error(`'${needle}' not found in ${document.uri.fsPath}`);
  return document.positionAt(offset + 1);
}

export async function poll<T>(read: () => Promise<T> | T, predicate: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!predicate(last)) {
    if (Date.now() > deadline) throw new Error(`${what} never happened within ${timeoutMs / 1000}s; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await read();
  }
  return last;
}

function hoverText(contents: vscode.Hover['contents']): string {
  return contents.map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : '')).join('\n');
}

/** Every hover provider's markdown at a position, joined. */
export async function hoverAt(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? [];
  return hovers.map((hover) => hoverText(hover.contents)).join('\n---\n');
}

export async function codeLensTitles(document: vscode.TextDocument): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100)) ?? [];
  return lenses.map((lens) => lens.command?.title ?? '').filter(Boolean);
}

export function flagdState(relative: string, key: string): string {
  const json = JSON.parse(readFileSync(workspaceFile(relative).fsPath, 'utf8')) as { flags: Record<string, { state: string }> };
  return json.flags[key]?.state ?? 'missing';
}
