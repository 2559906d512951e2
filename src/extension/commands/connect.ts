import * as vscode from 'vscode';
import type { Services } from '../services';

function splitList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

function validUrl(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'Use an http(s) URL.';
  } catch {
    return 'Enter a URL such as https://app.launchdarkly.com.';
  }
}

/** Where a folder-level setting goes: the workspace when one is open, else user settings. */
function folderTarget(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

async function requireTrust(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage('Flag Lens: remote flag sources are disabled in untrusted workspaces. Trust the workspace to connect.');
  return false;
}

/** Connect LaunchDarkly…: token (SecretStorage), project, environments, and the API URL (user settings). */
export async function connectLaunchDarklyCommand(services: Services): Promise<void> {
  if (!(await requireTrust())) return;
  const config = vscode.workspace.getConfiguration('flaglens');
  const token = await vscode.window.showInputBox({
    title: 'Connect LaunchDarkly (1/4)',
    prompt: 'LaunchDarkly API access token (needs reader role; writer to toggle). Stored in VS Code secret storage.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'The token is required.'),
  });
  if (token === undefined) return;
  const project = await vscode.window.showInputBox({
    title: 'Connect LaunchDarkly (2/4)',
    prompt: 'Project key',
    value: config.get<string>('launchDarkly.project') || 'default',
    ignoreFocusOut: true,
    validateInput: (value) => (/^[\w.-]+$/.test(value.trim()) ? undefined : 'Enter a project key such as "default".'),
  });
  if (project === undefined) return;
  const environments = await vscode.window.showInputBox({
    title: 'Connect LaunchDarkly (3/4)',
    prompt: 'Environment keys to show, comma-separated (empty = every environment of the project)',
    value: (config.get<string[]>('launchDarkly.environments') ?? []).join(', '),
    ignoreFocusOut: true,
  });
  if (environments === undefined) return;
  const baseUrl = await vscode.window.showInputBox({
    title: 'Connect LaunchDarkly (4/4)',
    prompt: 'API base URL (your token is only ever sent here; stored in user settings)',
    value: config.inspect<string>('launchDarkly.baseUrl')?.globalValue ?? 'https://app.launchdarkly.com',
    ignoreFocusOut: true,
    validateInput: validUrl,
  });
  if (baseUrl === undefined) return;
  await config.update('launchDarkly.baseUrl', baseUrl.trim().replace(/\/+$/, ''), vscode.ConfigurationTarget.Global);
  await config.update('launchDarkly.project', project.trim(), folderTarget());
  await config.update('launchDarkly.environments', splitList(environments), folderTarget());
  await services.tokens.store('launchDarklyToken', token.trim());
  services.logger.info(`LaunchDarkly connected: project ${project.trim()} at ${baseUrl.trim()}.`);
  void vscode.window.showInformationMessage(`Flag Lens: connecting to LaunchDarkly project '${project.trim()}'…`);
}

/** Connect Unleash…: server URL (user settings), token (SecretStorage), project, environments. */
export async function connectUnleashCommand(services: Services): Promise<void> {
  if (!(await requireTrust())) return;
  const config = vscode.workspace.getConfiguration('flaglens');
  const url = await vscode.window.showInputBox({
    title: 'Connect Unleash (1/4)',
    prompt: 'Unleash server URL, e.g. https://unleash.example.com (your token is only ever sent here; stored in user settings)',
    value: config.inspect<string>('unleash.url')?.globalValue ?? '',
    ignoreFocusOut: true,
    validateInput: validUrl,
  });
  if (url === undefined) return;
  const token = await vscode.window.showInputBox({
    title: 'Connect Unleash (2/4)',
    prompt: 'Unleash admin API token (personal access token or admin token). Stored in VS Code secret storage.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'The token is required.'),
  });
  if (token === undefined) return;
  const project = await vscode.window.showInputBox({
    title: 'Connect Unleash (3/4)',
    prompt: 'Project id',
    value: config.get<string>('unleash.project') || 'default',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'The project id is required.'),
  });
  if (project === undefined) return;
  const environments = await vscode.window.showInputBox({
    title: 'Connect Unleash (4/4)',
    prompt: 'Environments to show, comma-separated (empty = every enabled environment)',
    value: (config.get<string[]>('unleash.environments') ?? []).join(', '),
    ignoreFocusOut: true,
  });
  if (environments === undefined) return;
  await config.update('unleash.url', url.trim().replace(/\/+$/, ''), vscode.ConfigurationTarget.Global);
  await config.update('unleash.project', project.trim(), folderTarget());
  await config.update('unleash.environments', splitList(environments), folderTarget());
  await services.tokens.store('unleashToken', token.trim());
  services.logger.info(`Unleash connected: project ${project.trim()} at ${url.trim()}.`);
  void vscode.window.showInformationMessage(`Flag Lens: connecting to Unleash project '${project.trim()}'…`);
}

/** Sign Out: forgets both tokens; remote sources go away, local flagd files stay. */
export async function signOutCommand(services: Services): Promise<void> {
  await services.tokens.clear();
  services.logger.info('Signed out: LaunchDarkly and Unleash tokens removed from secret storage.');
  void vscode.window.showInformationMessage('Flag Lens: signed out. Tokens were removed from secret storage.');
}
