import * as vscode from 'vscode';
import { notificationSafeText } from '../../core/catalog/present/plainText';
import { flagTargetOf } from '../commandArgs';
import { effectiveEnvironment } from '../environments';
import type { Services } from '../services';
import { pickDefinition, pickFlag, resolveSession } from './pickers';

/** Only a well-formed http(s) URL without credentials in it leaves the editor; anything else is no link. */
function webLink(url: string): vscode.Uri | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.username || parsed.password) return undefined;
  return vscode.Uri.parse(parsed.href, true);
}

/** Open Flag in Its Source: the vendor's page, or for flagd the flag's entry in its file. */
export async function openInDashboardCommand(services: Services, arg?: unknown): Promise<void> {
  const target = flagTargetOf(arg);
  const session = await resolveSession(services, target);
  if (!session) return;
  const entry = target ? session.catalog.entry(target.key) : await pickFlag(session, services, { placeHolder: 'Open which flag?', filter: (e) => e.definitions.length > 0 });
  if (!entry) return;
  const definition = await pickDefinition(entry, target?.sourceId);
  if (!definition) {
    void vscode.window.showWarningMessage(notificationSafeText(`Flag Lens: '${entry.key}' is not defined in any source.`));
    return;
  }
  const flag = definition.flag;
  const environment = effectiveEnvironment(session, services, definition.sourceId);
  const location = (environment ? flag.environments[environment]?.definedAt : undefined) ?? flag.definedAt;
  if (location) {
    const position = new vscode.Position(location.line, location.character);
    await vscode.window.showTextDocument(vscode.Uri.file(location.file), { selection: new vscode.Range(position, position) });
    return;
  }
  const dashboard = flag.dashboardUrl === undefined ? undefined : webLink(flag.dashboardUrl);
  if (dashboard) {
    await vscode.env.openExternal(dashboard);
    return;
  }
  void vscode.window.showInformationMessage(notificationSafeText(`Flag Lens: ${definition.sourceLabel} has no dashboard link for '${entry.key}'.`));
}
