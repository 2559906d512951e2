import * as vscode from 'vscode';
import { iconSafeText, notificationSafeText } from '../../core/catalog/present/plainText';
import { flagTargetOf } from '../commandArgs';
import { fileUri, spanLocation, spanRange } from '../paths';
import type { Services } from '../services';
import { pickFlag, resolveSession } from './pickers';
import { relativePosixPath } from '../../core/util/paths';

/** Find References of Flag…: the peek view when an editor is open, else a quick pick of locations. */
export async function findReferencesCommand(services: Services, arg?: unknown): Promise<void> {
  const target = flagTargetOf(arg);
  const session = await resolveSession(services, target);
  if (!session) return;
  const entry = target ? session.catalog.entry(target.key) : await pickFlag(session, services, { placeHolder: 'Find references of which flag?' });
  if (!entry) return;
  const references = entry.references;
  if (references.length === 0) {
    void vscode.window.showInformationMessage(notificationSafeText(`Flag Lens: no references to '${entry.key}' in ${session.folder.name}.`));
    return;
  }
  const locations = references.map((reference) => spanLocation(reference.file, reference.keySpan));
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.scheme === 'file') {
    await vscode.commands.executeCommand('editor.action.showReferences', editor.document.uri, editor.selection.active, locations);
    return;
  }
  const picked = await vscode.window.showQuickPick(
    references.map((reference) => ({
      label: iconSafeText(`${relativePosixPath(session.root, reference.file)}:${reference.keySpan.startLine + 1}`),
      description: iconSafeText(reference.pattern),
      reference,
    })),
    { placeHolder: `${references.length} reference${references.length === 1 ? '' : 's'} to '${entry.key}'` },
  );
  if (picked) await vscode.window.showTextDocument(fileUri(picked.reference.file), { selection: spanRange(picked.reference.keySpan) });
}
