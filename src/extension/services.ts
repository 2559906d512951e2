import type * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type { EnvironmentState } from './environmentState';
import type { SettingsStore } from './settings';
import type { TokenStore } from './tokenStore';
import type { WorkspaceManager } from './workspace/workspaceManager';

/** What surfaces and commands share; built once in activate. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly manager: WorkspaceManager;
  readonly settings: SettingsStore;
  readonly environment: EnvironmentState;
  readonly tokens: TokenStore;
  readonly logger: Logger;
  readonly output: vscode.LogOutputChannel;
}
