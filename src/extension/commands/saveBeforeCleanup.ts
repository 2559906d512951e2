import * as path from 'node:path';
import * as vscode from 'vscode';
import { notificationSafeText } from '../../core/catalog/present/plainText';
import { describeError } from '../../core/errors';
import { indexPath, isFlagDocument } from '../paths';
import type { Services } from '../services';
import type { FolderSession } from '../workspace/folderSession';
import { relativePosixPath } from '../../core/util/paths';

export const saveAndCleanUpLabel = 'Save All and Clean Up';

/**
 * Clean-up plans from the files on disk: an unsaved edit would be planned against old text, and
 * every reference it moved would come back as "no longer matches". So with unsaved source files in
 * the folder we ask once (modal, naming them) rather than saving behind the user's back, then save
 * them and resync the index from disk. False when the user declined or a save failed: nothing changed.
 */
export async function saveSourcesBeforeCleanup(services: Services, session: FolderSession, key: string): Promise<boolean> {
  const dirty = vscode.workspace.textDocuments.filter((document) => document.isDirty && isFlagDocument(document) && services.manager.sessionFor(document.uri) === session);
  if (dirty.length === 0) return true;
  const names = dirty.map((document) => relativePosixPath(session.root, indexPath(document.uri)));
  const answer = await vscode.window.showWarningMessage(
    `Flag Lens: save all and clean up '${key}'? ${dirty.length === 1 ? '1 file has' : `${dirty.length} files have`} unsaved changes.`,
    {
      modal: true,
      detail: `Clean-up plans from the files on disk, so unsaved edits are saved first; every change is then shown in the refactor preview before anything is applied.\n\nUnsaved: ${names.join(', ')}`,
    },
    saveAndCleanUpLabel,
  );
  if (answer !== saveAndCleanUpLabel) return false;
  for (const document of dirty) {
    if (await document.save()) continue;
    void vscode.window.showErrorMessage(notificationSafeText(`Flag Lens: could not save ${path.basename(document.uri.fsPath)}; the clean-up of '${key}' did not start.`));
    return false;
  }
  // The index may still hold a buffer a debounced edit has not reached; read exactly what was saved.
  const index = session.referenceIndex;
  for (const document of dirty) {
    try {
      await index?.updateFile(indexPath(document.uri));
    } catch (error) {
      services.logger.warn(`Could not re-read ${document.uri.fsPath}: ${describeError(error)}`);
    }
  }
  return true;
}
