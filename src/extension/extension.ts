import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // The VS Code layer is built on top of core; see src/extension/.
}

export function deactivate(): void {
  // Disposables are owned by context.subscriptions.
}
