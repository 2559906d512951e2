import * as vscode from 'vscode';

export interface SourceChoice {
  command: string;
  label: string;
  icon: string;
  /** One line: what the choice needs from the user. */
  detail: string;
}

const flagdChoice: SourceChoice = { command: 'flaglens.useFlagdFile', label: 'Use a flagd File…', icon: 'file-code', detail: 'A JSON flag file in this workspace (OpenFeature flagd format)' };

const remoteChoices: readonly SourceChoice[] = [
  { command: 'flaglens.connectLaunchDarkly', label: 'Connect LaunchDarkly…', icon: 'plug', detail: 'An API access token and a project key' },
  { command: 'flaglens.connectUnleash', label: 'Connect Unleash…', icon: 'plug', detail: 'The server URL and an API token' },
];

/**
 * The ways to give Flag Lens a flag source. Untrusted workspaces get the local file only: remote
 * sources send a token, and the connect commands refuse there anyway.
 */
export function sourceChoices(trusted: boolean): SourceChoice[] {
  return trusted ? [flagdChoice, ...remoteChoices] : [flagdChoice];
}

/** Choose a Flag Source…: what the no-source status bar item and view title run. */
export async function chooseSourceCommand(): Promise<void> {
  const trusted = vscode.workspace.isTrusted;
  const picked = await vscode.window.showQuickPick(
    sourceChoices(trusted).map((choice) => ({ label: `$(${choice.icon}) ${choice.label}`, detail: choice.detail, choice })),
    {
      title: 'Flag Lens: Choose a Flag Source',
      placeHolder: trusted ? 'Where are your flags defined?' : 'Untrusted workspace: only a local flagd file can be used',
    },
  );
  if (picked) await vscode.commands.executeCommand(picked.choice.command);
}
