import * as vscode from 'vscode';
import { openInText, toggleActionText } from '../../core/catalog/present/actionText';
import { iconSafeText } from '../../core/catalog/present/plainText';
import { stateSummary } from '../../core/catalog/present/servingText';
import { flagTargetOf, type FlagTarget } from '../commandArgs';
import { sourceEnvironments } from '../environments';
import type { Services } from '../services';
import { resolveSession } from './pickers';
import { toggleDefinition } from './toggleFlag';

interface ActionItem extends vscode.QuickPickItem {
  run(): Thenable<unknown> | Promise<unknown>;
}

/** What a code lens click opens: toggles per environment plus the other flag commands. */
export async function flagActionsCommand(services: Services, arg?: unknown): Promise<void> {
  const target = flagTargetOf(arg);
  if (!target) return;
  const session = await resolveSession(services, target);
  const entry = session?.catalog.entry(target.key);
  if (!session || !entry) return;
  const base: FlagTarget = { key: entry.key, folder: session.folder.uri.toString() };
  const items: ActionItem[] = [];
  const environments = sourceEnvironments(session, services);
  for (const definition of entry.definitions) {
    items.push({ label: iconSafeText(definition.sourceLabel), kind: vscode.QuickPickItemKind.Separator, run: () => Promise.resolve() });
    for (const { environment, protection } of environments.filter((e) => e.sourceId === definition.sourceId)) {
      const state = definition.flag.environments[environment.key];
      if (!state) continue;
      items.push({
        label: `${protection ? '$(lock)' : state.on ? '$(circle-slash)' : '$(play)'} ${iconSafeText(toggleActionText(state.on, environment.key))}`,
        description: iconSafeText(stateSummary(definition.flag, state)),
        detail: protection ? iconSafeText(`Protected: ${protection}`) : undefined,
        run: () => toggleDefinition(services, session, definition, environment.key, !state.on),
      });
    }
    items.push({
      label: `${definition.sourceKind === 'flagd' ? '$(go-to-file)' : '$(link-external)'} ${openInText(definition.sourceKind)}`,
      run: () => vscode.commands.executeCommand('flaglens.openInDashboard', { ...base, sourceId: definition.sourceId }),
    });
  }
  if (entry.definitions.length === 0 && session.catalog.sources().length === 0) {
    // No source configured: the lens said so; offer the ways to get one.
    items.push({ label: 'No flag source configured', kind: vscode.QuickPickItemKind.Separator, run: () => Promise.resolve() });
    items.push({ label: '$(file-code) Use a flagd file…', run: () => vscode.commands.executeCommand('flaglens.useFlagdFile') });
    items.push({ label: '$(plug) Connect LaunchDarkly…', run: () => vscode.commands.executeCommand('flaglens.connectLaunchDarkly') });
    items.push({ label: '$(plug) Connect Unleash…', run: () => vscode.commands.executeCommand('flaglens.connectUnleash') });
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, run: () => Promise.resolve() });
  items.push({ label: '$(references) Find all references', description: `${entry.references.length}`, run: () => vscode.commands.executeCommand('flaglens.findReferences', base) });
  if (entry.definitions.length > 0) items.push({ label: '$(trash) Clean up flag…', run: () => vscode.commands.executeCommand('flaglens.cleanupFlag', base) });
  items.push({ label: '$(copy) Copy key', run: () => vscode.env.clipboard.writeText(entry.key) });
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `Flag '${entry.key}'` });
  await picked?.run();
}
