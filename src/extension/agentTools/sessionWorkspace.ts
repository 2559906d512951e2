import * as vscode from 'vscode';
import type { FlagWorkspace } from '../../core/workspace/flagWorkspace';
import type { FolderSession } from '../workspace/folderSession';
import type { WorkspaceManager } from '../workspace/workspaceManager';

/**
 * The folder an agent's call answers for: the active editor's folder, else the first folder. The
 * MCP tools answer for one folder; a multi-root window gets the one the user is looking at.
 */
export function sessionForAgent(manager: WorkspaceManager): FolderSession | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active ? manager.sessionFor(active) : undefined) ?? manager.all()[0];
}

/** The session's core `FlagWorkspace`, the very object the hover and the Flags view read, so an agent sees what the user sees without a second scan. */
export function coreWorkspace(session: FolderSession): FlagWorkspace {
  return session.core;
}
