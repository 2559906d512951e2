import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import { planCleanup, type CleanupResult } from '../../core/cleanup/planCleanup';
import type { CatalogEntry } from '../../core/catalog/model';
import { notificationSafeText } from '../../core/catalog/present/plainText';
import { keepValuePickText } from '../../core/catalog/present/pickText';
import { minimalEdits } from '../../core/cleanup/textEdits';
import { describeError, FlagLensError } from '../../core/errors';
import { flagTargetOf } from '../commandArgs';
import type { Services } from '../services';
import type { FolderSession } from '../workspace/folderSession';
import { pickFlag, resolveSession } from './pickers';
import { saveSourcesBeforeCleanup } from './saveBeforeCleanup';
import { relativePosixPath } from '../../core/util/paths';

interface KeepItem extends vscode.QuickPickItem {
  value: unknown;
}

/** The value code should keep: what the source says is served for good, or an explicit choice among the variations. */
async function pickKeepValue(entry: CatalogEntry): Promise<{ value: unknown } | undefined> {
  const recommended = entry.stale.find((finding) => finding.keepValue !== undefined);
  const items: KeepItem[] = [];
  const seen = new Set<string>();
  const add = (value: unknown, reason: string, isRecommended = false): void => {
    const id = JSON.stringify(value);
    if (seen.has(id)) return;
    seen.add(id);
    items.push({ ...keepValuePickText(value, reason, isRecommended), value });
  };
  if (recommended) add(recommended.keepValue, `recommended: ${recommended.message}`, true);
  for (const definition of entry.definitions) {
    for (const variation of definition.flag.variations) add(variation.value, `variation '${variation.name}' of ${definition.sourceLabel}`);
  }
  if (items.length === 0) {
    void vscode.window.showWarningMessage(notificationSafeText(`Flag Lens: no source says which value '${entry.key}' should keep, so it cannot be cleaned up automatically.`));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `Remove '${entry.key}' from code, keeping which value?` });
  return picked ? { value: picked.value } : undefined;
}

async function toWorkspaceEdit(result: CleanupResult): Promise<vscode.WorkspaceEdit> {
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label: `Remove flag '${result.key}'`, needsConfirmation: true, description: `keep ${JSON.stringify(result.keep)}${(result.unresolvedPackages ?? []).length > 0 ? ' · verified without dependency types' : ''}` };
  for (const change of result.changes) {
    const uri = vscode.Uri.file(change.file);
    if (change.after === null) {
      edit.deleteFile(uri, { ignoreIfNotExists: true }, metadata);
      continue;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.getText() !== change.before) throw new FlagLensError('usage', `${path.basename(change.file)} changed while the clean-up was planned; run it again.`);
    // One entry per changed region, so the preview reads like a diff rather than a rewritten file.
    for (const text of minimalEdits(change.before, change.after)) {
      edit.replace(uri, new vscode.Range(document.positionAt(text.start), document.positionAt(text.end)), text.text, metadata);
    }
  }
  return edit;
}

function report(services: Services, session: FolderSession, result: CleanupResult): void {
  const relative = (file: string): string => relativePosixPath(session.root, file);
  for (const problem of result.problems) services.logger.warn(`cleanup ${result.key}: ${relative(problem.file)}:${problem.line + 1}: ${problem.message}`);
  for (const skipped of result.notRewritten) services.logger.warn(`cleanup ${result.key}: not rewritten ${relative(skipped.file)}:${skipped.line + 1}: ${skipped.reason}`);
  const unresolved = result.unresolvedPackages ?? [];
  if (unresolved.length > 0) services.logger.warn(`cleanup ${result.key}: verified without dependency types: the compiler could not find ${unresolved.join(', ')}; install dependencies for a full check.`);
}

/**
 * Clean Up Flag…: plans the removal in core, then shows it in the refactor preview; nothing changes
 * until accepted. Unsaved source files of the folder are saved first, after a modal asks.
 */
export async function cleanupFlagCommand(services: Services, arg?: unknown): Promise<void> {
  const target = flagTargetOf(arg);
  const session = await resolveSession(services, target);
  if (!session) return;
  const entry = target
    ? session.catalog.entry(target.key)
    : await pickFlag(session, services, { placeHolder: 'Clean up which flag? (stale flags first)', filter: (e) => e.references.length > 0, staleFirst: true });
  if (!entry) return;
  if (!session.referenceIndex) {
    void vscode.window.showInformationMessage('Flag Lens: the workspace scan has not finished yet.');
    return;
  }
  // A command argument can come from anywhere a command link can: keep only a value the sources stand behind.
  const offered = target?.keep && isKnownKeepValue(entry, target.keep.value) ? target.keep : undefined;
  const keep = offered ?? (await pickKeepValue(entry));
  if (!keep) return;
  if (!(await saveSourcesBeforeCleanup(services, session, entry.key))) return;
  const index = session.referenceIndex;
  if (!index) return;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: notificationSafeText(`Flag Lens: planning the removal of '${entry.key}'…`), cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return planCleanup({ key: entry.key, keep: keep.value, index, signal: abort.signal, logger: services.logger });
      },
    );
    report(services, session, result);
    if (!result.safe) {
      const answer = await vscode.window.showErrorMessage(
        notificationSafeText(`Flag Lens: removing '${entry.key}' could not be verified safe (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}); nothing was changed.`),
        'Show Output',
      );
      if (answer) services.output.show(true);
      return;
    }
    if (result.changes.length === 0) {
      void vscode.window.showInformationMessage(
        notificationSafeText(`Flag Lens: nothing to rewrite for '${entry.key}'.${result.notRewritten.length > 0 ? ` ${result.notRewritten.length} place(s) need a manual edit; see the output.` : ''}`),
      );
      return;
    }
    const applied = await vscode.workspace.applyEdit(await toWorkspaceEdit(result), { isRefactoring: true });
    if (applied && result.notRewritten.length > 0) {
      void vscode.window.showWarningMessage(notificationSafeText(`Flag Lens: ${result.notRewritten.length} place(s) still use '${entry.key}' and need a manual edit; see the output.`));
    }
  } catch (error) {
    if (FlagLensError.is(error, 'cancelled')) return;
    void vscode.window.showErrorMessage(notificationSafeText(`Flag Lens: clean-up of '${entry.key}' failed: ${describeError(error)}`));
  }
}

function isKnownKeepValue(entry: CatalogEntry, value: unknown): boolean {
  const known = [
    ...entry.stale.flatMap((finding) => (finding.keepValue === undefined ? [] : [finding.keepValue])),
    ...entry.definitions.flatMap((definition) => definition.flag.variations.map((variation) => variation.value)),
  ];
  return known.some((candidate) => isDeepStrictEqual(candidate, value));
}
