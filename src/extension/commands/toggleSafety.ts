import * as vscode from 'vscode';
import type { CatalogDefinition } from '../../core/catalog/model';
import { toggleActionText } from '../../core/catalog/present/actionText';
import { notificationSafeText } from '../../core/catalog/present/plainText';
import { environmentProtection } from '../../core/sources/protection';
import { protectedList } from '../environments';
import type { Services } from '../services';
import type { FolderSession } from '../workspace/folderSession';

export interface ToggleApproval {
  comment?: string;
  allowProtected: boolean;
}

/**
 * The gate in front of every toggle. Dev environments pass straight through. A protected one
 * (vendor flag, comment/approval requirement, production-like name, or listed in settings) needs
 * `flaglens.allowProtectedToggles` in user settings AND a modal confirmation naming it. An
 * environment that wants comments asks for one. Undefined = the user said no.
 */
export async function approveToggle(
  services: Services,
  session: FolderSession,
  definition: CatalogDefinition,
  environmentKey: string,
  on: boolean,
): Promise<ToggleApproval | undefined> {
  const info = definition.environments.find((environment) => environment.key === environmentKey);
  const label = info && info.name !== info.key ? `${info.name} (${info.key})` : environmentKey;
  const protection = environmentProtection(environmentKey, info, protectedList(session, services));
  if (protection) {
    if (!services.settings.current.allowProtectedToggles) {
      const open = 'Open Setting';
      const answer = await vscode.window.showWarningMessage(
        notificationSafeText(`Flag Lens: '${label}' is a protected environment (${protection}). Toggling it requires "flaglens.allowProtectedToggles" in your user settings.`),
        open,
      );
      if (answer === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'flaglens.allowProtectedToggles');
      return undefined;
    }
    const action = toggleActionText(!on, environmentKey);
    const answer = await vscode.window.showWarningMessage(
      `${on ? 'Enable' : 'Disable'} '${definition.flag.key}' in protected environment '${label}'?`,
      { modal: true, detail: `'${label}' is protected because ${protection}. This changes what real users get from ${definition.sourceLabel}.` },
      action,
    );
    if (answer !== action) return undefined;
  }
  let comment: string | undefined;
  if (info?.requireComments) {
    comment = await vscode.window.showInputBox({
      title: `Comment for the change in ${label}`,
      prompt: `${label} requires a comment with every change to '${definition.flag.key}'.`,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'A comment is required in this environment.'),
    });
    if (comment === undefined) return undefined;
  }
  return { comment: comment?.trim(), allowProtected: protection !== undefined };
}
