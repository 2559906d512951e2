import * as vscode from 'vscode';
import { environmentPickText } from '../../core/catalog/present/pickText';
import { sourceEnvironments } from '../environments';
import type { Services } from '../services';

interface EnvironmentItem extends vscode.QuickPickItem {
  environment: string | undefined;
}

/** Select Environment…: the environment hovers, lenses, the status bar and Toggle act on by default. */
export async function selectEnvironmentCommand(services: Services): Promise<void> {
  const current = services.environment.selected;
  const byKey = new Map<string, { sources: string[]; protection?: string; name: string }>();
  for (const session of services.manager.all()) {
    for (const entry of sourceEnvironments(session, services)) {
      const existing = byKey.get(entry.environment.key) ?? { sources: [], name: entry.environment.name };
      if (!existing.sources.includes(entry.sourceLabel)) existing.sources.push(entry.sourceLabel);
      existing.protection ??= entry.protection;
      byKey.set(entry.environment.key, existing);
    }
  }
  if (byKey.size === 0) {
    void vscode.window.showInformationMessage('Flag Lens: no source has loaded any environment yet.');
    return;
  }
  const items: EnvironmentItem[] = [
    { label: `${current === undefined ? '$(check) ' : ''}Automatic`, description: 'first unprotected environment of each source', environment: undefined },
    ...[...byKey.entries()].map(([key, info]) => ({
      ...environmentPickText(key, { name: info.name, sourceLabels: info.sources, protection: info.protection }, key === current),
      environment: key,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Environment for hovers, lenses and toggles' });
  if (!picked) return;
  await services.environment.select(picked.environment);
}
