import * as vscode from 'vscode';
import type { CatalogDefinition, CatalogEntry } from '../../core/catalog/model';
import { iconSafeText } from '../../core/catalog/present/plainText';
import { flagPickText } from '../../core/catalog/present/pickText';
import { marksStale } from '../../core/catalog/present/staleText';
import type { FlagTarget } from '../commandArgs';
import { effectiveEnvironment } from '../environments';
import type { Services } from '../services';
import type { FolderSession } from '../workspace/folderSession';

/** The folder a command acts on: the one named in its arguments, the active editor's, the only one, or a pick. */
export async function resolveSession(services: Services, target?: FlagTarget): Promise<FolderSession | undefined> {
  const named = services.manager.sessionByFolder(target?.folder);
  if (named) return named;
  const sessions = services.manager.all();
  const editorUri = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = editorUri ? services.manager.sessionFor(editorUri) : undefined;
  if (fromEditor && (!target || fromEditor.catalog.entry(target.key))) return fromEditor;
  const candidates = target ? sessions.filter((session) => session.catalog.entry(target.key)) : sessions;
  if (candidates.length <= 1) return candidates[0] ?? sessions[0];
  const folder = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which workspace folder?' });
  return folder ? services.manager.sessionByFolder(folder.uri.toString()) : undefined;
}

interface FlagPickItem extends vscode.QuickPickItem {
  entry: CatalogEntry;
}

/** A quick pick of flags with their state in the environment each is looked at in. */
export async function pickFlag(
  session: FolderSession,
  services: Services,
  options: { placeHolder: string; filter?: (entry: CatalogEntry) => boolean; environment?: string; staleFirst?: boolean },
): Promise<CatalogEntry | undefined> {
  const isStale = (entry: CatalogEntry): boolean => entry.stale.some(marksStale);
  const entries = session.catalog.entries().filter((entry) => options.filter?.(entry) ?? true);
  if (options.staleFirst) entries.sort((a, b) => Number(isStale(b)) - Number(isStale(a)));
  const items: FlagPickItem[] = entries.map((entry) => {
    const definition = entry.definitions[0];
    const environment = definition ? (options.environment ?? effectiveEnvironment(session, services, definition.sourceId)) : undefined;
    return { ...flagPickText(entry, environment), entry };
  });
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Flag Lens: no flags to choose from yet.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: options.placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.entry;
}

/** The definition to act on when a key comes from several sources. */
export async function pickDefinition(entry: CatalogEntry, sourceId: string | undefined): Promise<CatalogDefinition | undefined> {
  const named = entry.definitions.find((definition) => definition.sourceId === sourceId);
  if (named || entry.definitions.length <= 1) return named ?? entry.definitions[0];
  const picked = await vscode.window.showQuickPick(
    entry.definitions.map((definition) => ({ label: iconSafeText(definition.sourceLabel), definition })),
    { placeHolder: `'${entry.key}' is defined by several sources; which one?` },
  );
  return picked?.definition;
}
