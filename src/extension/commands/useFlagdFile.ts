import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import * as vscode from 'vscode';
import { iconSafeText, notificationSafeText } from '../../core/catalog/present/plainText';
import { describeError, FlagLensError } from '../../core/errors';
import { writeFileAtomically } from '../../core/util/atomicWrite';
import { readTextFile } from '../../core/util/textFiles';
import type { Services } from '../services';
import { resolveSession } from './pickers';
import type { FolderSession } from '../workspace/folderSession';
import { relativePosixPath } from '../../core/util/paths';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

async function hasFlagsObject(uri: vscode.Uri): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    // FIFOs and devices report no File bit; reading one could hang or never end.
    if ((stat.type & vscode.FileType.File) === 0 || stat.size > 4 * 1024 * 1024) return false;
    const parsed: unknown = JSON.parse(decoder.decode(await vscode.workspace.fs.readFile(uri)));
    const flags = (parsed as { flags?: unknown } | null)?.flags;
    return flags !== null && typeof flags === 'object' && !Array.isArray(flags);
  } catch {
    return false;
  }
}

async function pointConfigAt(session: FolderSession, relative: string): Promise<void> {
  const uri = vscode.Uri.joinPath(session.folder.uri, '.flaglens.json');
  const edit = (text: string): string => applyEdits(text, modify(text, ['sources', 'flagd', 'files'], [relative], { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
  if (uri.scheme !== 'file') {
    let text = '{}\n';
    try {
      text = decoder.decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      // No config yet: start from an empty object.
    }
    await vscode.workspace.fs.writeFile(uri, encoder.encode(edit(text)));
    return;
  }
  // A local config is edited atomically, through a symlink only when it stays inside the folder.
  const file = uri.fsPath;
  let text: string;
  try {
    text = await readTextFile(file, { maxBytes: 1024 * 1024 });
  } catch (error) {
    if (!FlagLensError.is(error, 'notFound')) throw error;
    await createExclusive(file, edit('{}\n'));
    return;
  }
  await writeFileAtomically(file, edit(text), text, { root: session.folder.uri.fsPath });
}

/** Creates a new file; never follows a (dangling) symlink of that name out of the folder. */
async function createExclusive(file: string, text: string): Promise<void> {
  await fs.writeFile(file, text, { encoding: 'utf8', flag: 'wx' });
}

/** A flagd file declaring every key the code already uses, all off, so nothing changes behaviour. */
function starterFile(keys: string[]): string {
  const flags: Record<string, unknown> = {};
  for (const key of keys.length > 0 ? keys : ['example-flag']) {
    flags[key] = { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'off' };
  }
  return `${JSON.stringify({ $schema: 'https://flagd.dev/schema/v0/flags.json', flags }, null, 2)}\n`;
}

/** Welcome-view action: use a JSON flag file already in the workspace, or create a flagd file from the keys in code. */
export async function useFlagdFileCommand(services: Services): Promise<void> {
  const session = await resolveSession(services);
  if (!session) {
    void vscode.window.showInformationMessage('Flag Lens: open a folder first.');
    return;
  }
  const candidates = await vscode.workspace.findFiles(new vscode.RelativePattern(session.folder, '**/*.json'), '{**/node_modules/**,**/.git/**,**/dist/**}', 500);
  const flagFiles: vscode.Uri[] = [];
  for (const uri of candidates) {
    if (!/^(package|tsconfig|jsconfig|package-lock)\.json$/.test(path.basename(uri.fsPath)) && (await hasFlagsObject(uri))) flagFiles.push(uri);
  }
  const create = { label: '$(new-file) Create flags.flagd.json', description: 'declares the keys your code uses, all off', uri: undefined };
  const picked = await vscode.window.showQuickPick(
    [...flagFiles.map((uri) => ({ label: iconSafeText(relativePosixPath(session.folder.uri.fsPath, uri.fsPath)), description: 'flagd JSON', uri })), create],
    { placeHolder: flagFiles.length > 0 ? 'Use which flag file?' : 'No flagd file found in this folder' },
  );
  if (!picked) return;
  try {
    if (picked.uri) {
      await pointConfigAt(session, picked.label);
    } else {
      const uri = vscode.Uri.joinPath(session.folder.uri, 'flags.flagd.json');
      // lstat: a dangling symlink of that name "does not exist" to stat, and writing it would create its target.
      const exists = uri.scheme === 'file' ? await fs.lstat(uri.fsPath).then(() => true, () => false) : await vscode.workspace.fs.stat(uri).then(() => true, () => false);
      if (exists) {
        void vscode.window.showWarningMessage('Flag Lens: flags.flagd.json already exists; pick it from the list instead.');
        return;
      }
      const keys = session.catalog.keys();
      if (uri.scheme === 'file') await createExclusive(uri.fsPath, starterFile(keys));
      else await vscode.workspace.fs.writeFile(uri, encoder.encode(starterFile(keys)));
      await vscode.window.showTextDocument(uri);
    }
    await session.reloadConfig();
  } catch (error) {
    void vscode.window.showErrorMessage(notificationSafeText(`Flag Lens: could not set up the flag file: ${describeError(error)}`));
  }
}
