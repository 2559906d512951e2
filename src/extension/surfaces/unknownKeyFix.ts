import * as vscode from 'vscode';
import { indexPath } from '../paths';
import type { Services } from '../services';
import { DiagnosticCode, diagnosticSource } from './diagnostics';
import { flagDocumentSelector } from '../paths';

/** "Did you mean" for unknown keys written as literals; other forms (constants, enums) are fixed where they are declared. */
export class UnknownKeyFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly services: Services) {}

  static register(services: Services): vscode.Disposable {
    return vscode.languages.registerCodeActionsProvider(flagDocumentSelector, new UnknownKeyFixProvider(services), {
      providedCodeActionKinds: UnknownKeyFixProvider.kinds,
    });
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const session = this.services.manager.sessionFor(document.uri);
    if (!session) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== diagnosticSource || diagnostic.code !== DiagnosticCode.unknownKey) continue;
      const hit = session.catalog.referenceAt(indexPath(document.uri), document.offsetAt(diagnostic.range.start));
      if (!hit) continue;
      const suggestion = session.catalog.suggestionFor(hit.reference.key);
      if (!suggestion) continue;
      const text = document.getText(diagnostic.range);
      const at = text.indexOf(hit.reference.key);
      // Only rewrite when the key is spelled out right here; a constant's value lives elsewhere.
      if (at < 0 || text.indexOf(hit.reference.key, at + 1) >= 0) continue;
      const start = document.positionAt(document.offsetAt(diagnostic.range.start) + at);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(start, start.translate(0, hit.reference.key.length)), suggestion);
      const action = new vscode.CodeAction(`Change to '${suggestion}'`, vscode.CodeActionKind.QuickFix);
      action.edit = edit;
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}
