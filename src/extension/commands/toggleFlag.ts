import * as vscode from 'vscode';
import type { CatalogDefinition } from '../../core/catalog/model';
import { toggleOutcomeText, toggleProgressText } from '../../core/catalog/present/actionText';
import { notificationSafeText } from '../../core/catalog/present/plainText';
import { describeError, FlagLensError } from '../../core/errors';
import { redact } from '../../core/log';
import { FlagdSource } from '../../core/sources/flagd/flagdSource';
import type { FlagSource } from '../../core/sources/model';
import { flagTargetOf } from '../commandArgs';
import { effectiveEnvironment } from '../environments';
import type { Services } from '../services';
import type { FolderSession } from '../workspace/folderSession';
import { pickDefinition, pickFlag, resolveSession } from './pickers';
import { approveToggle } from './toggleSafety';

/** Flips one flag in one environment through its source, behind the protection gate. */
export async function toggleDefinition(services: Services, session: FolderSession, definition: CatalogDefinition, environment: string, on?: boolean): Promise<boolean> {
  const source = session.catalog.source(definition.sourceId);
  const key = definition.flag.key;
  if (!source) {
    void vscode.window.showErrorMessage(notificationSafeText(`Flag Lens: the source of '${key}' is no longer connected.`));
    return false;
  }
  if (!(await canWriteFlagFile(source, key, environment))) return false;
  const next = on ?? !(definition.flag.environments[environment]?.on ?? false);
  const approval = await approveToggle(services, session, definition, environment, next);
  if (!approval) return false;
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: notificationSafeText(`Flag Lens: ${toggleProgressText(key, next, environment)}`) },
      () => source.toggle({ key, environment, on: next, comment: approval.comment, allowProtected: approval.allowProtected }),
    );
    // Said from what the source reports now (it reads the flag back after a toggle), not from the request.
    const outcome = toggleOutcomeText(key, environment, next, source.snapshot?.flags.find((flag) => flag.key === key));
    services.logger.info(`${outcome} (${source.label})`);
    // "Undo" is the way back, and a notification with an action shows its whole message.
    const undo = 'Undo';
    void vscode.window.showInformationMessage(notificationSafeText(`Flag Lens: ${outcome}`), undo).then(async (answer) => {
      if (answer !== undo) return;
      const current = session.catalog.entry(key)?.definitions.find((candidate) => candidate.sourceId === definition.sourceId) ?? definition;
      await toggleDefinition(services, session, current, environment, !next);
    });
    return true;
  } catch (error) {
    const message = redact(describeError(error), services.tokens.known());
    services.logger.error(`Toggle of '${key}' in ${environment} failed: ${message}`);
    const reconnect = FlagLensError.is(error, 'unauthorized') || FlagLensError.is(error, 'forbidden');
    const command = source.kind === 'launchdarkly' ? 'flaglens.connectLaunchDarkly' : source.kind === 'unleash' ? 'flaglens.connectUnleash' : undefined;
    const action = reconnect && command ? 'Reconnect…' : undefined;
    const answer = await vscode.window.showErrorMessage(notificationSafeText(`Flag Lens: could not toggle '${key}' in ${environment}: ${message}`), ...(action ? [action] : []), 'Show Output');
    if (answer === 'Show Output') services.output.show(true);
    else if (answer === action && command) await vscode.commands.executeCommand(command);
    return false;
  }
}

/**
 * A flagd toggle rewrites a file of the workspace: never in an untrusted one (its files decide
 * nothing), and not over unsaved edits of that file, which the write would silently fork.
 */
async function canWriteFlagFile(source: FlagSource, key: string, environment: string): Promise<boolean> {
  if (source.kind !== 'flagd') return true;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(notificationSafeText(`Flag Lens: flag files are read-only in an untrusted workspace; trust the workspace to toggle '${key}'.`));
    return false;
  }
  const file = source instanceof FlagdSource ? source.fileOf(environment) : undefined;
  const open = file === undefined ? undefined : vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'file' && document.uri.fsPath === vscode.Uri.file(file).fsPath);
  if (open?.isDirty) {
    void vscode.window.showWarningMessage(notificationSafeText(`Flag Lens: ${vscode.workspace.asRelativePath(open.uri)} has unsaved changes; save or revert them before toggling '${key}'.`));
    return false;
  }
  return true;
}

/** Toggle Flag…: from a hover link, lens, tree item, or the palette (pick a flag, state shown in the chosen environment). */
export async function toggleFlagCommand(services: Services, arg?: unknown): Promise<void> {
  const target = flagTargetOf(arg);
  const session = await resolveSession(services, target);
  if (!session) {
    void vscode.window.showInformationMessage('Flag Lens: open a folder with flags first.');
    return;
  }
  const entry = target ? session.catalog.entry(target.key) : await pickFlag(session, services, { placeHolder: 'Toggle which flag?', filter: (e) => e.definitions.length > 0 });
  if (!entry) return;
  if (entry.definitions.length === 0) {
    void vscode.window.showWarningMessage(notificationSafeText(`Flag Lens: '${entry.key}' is not defined in any source, so it cannot be toggled.`));
    return;
  }
  const definition = await pickDefinition(entry, target?.sourceId);
  if (!definition) return;
  const environment = target?.environment ?? effectiveEnvironment(session, services, definition.sourceId);
  if (!environment) {
    void vscode.window.showWarningMessage(notificationSafeText(`Flag Lens: ${definition.sourceLabel} has no environments to toggle '${entry.key}' in.`));
    return;
  }
  await toggleDefinition(services, session, definition, environment);
}
