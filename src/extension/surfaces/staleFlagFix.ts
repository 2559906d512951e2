import * as vscode from 'vscode';
import { flagDocumentSelector, indexPath } from '../paths';
import type { FlagTarget } from '../commandArgs';
import type { Services } from '../services';
import { DiagnosticCode, diagnosticSource } from './diagnostics';

/**
 * "Remove flag 'k' (keep …)" on a stale-flag diagnostic: runs Clean Up Flag… with the value the
 * source says is served for good, which opens the refactor preview; nothing changes until accepted.
 */
export class StaleFlagFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly services: Services) {}

  static register(services: Services): vscode.Disposable {
    return vscode.languages.registerCodeActionsProvider(flagDocumentSelector, new StaleFlagFixProvider(services), {
      providedCodeActionKinds: StaleFlagFixProvider.kinds,
    });
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const session = this.services.manager.sessionFor(document.uri);
    if (!session) return [];
    const actions: vscode.CodeAction[] = [];
    const offered = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== diagnosticSource || diagnostic.code !== DiagnosticCode.staleFlag) continue;
      const hit = session.catalog.referenceAt(indexPath(document.uri), document.offsetAt(diagnostic.range.start));
      if (!hit || offered.has(hit.reference.key)) continue;
      const entry = session.catalog.entry(hit.reference.key);
      // Only findings that come with a value from the source lead to a removal; the others ask for review.
      const finding = entry?.stale.find((f) => f.keepValue !== undefined && (f.kind === 'released' || f.kind === 'removed'));
      if (!entry || !finding) continue;
      offered.add(entry.key);
      const target: FlagTarget = { key: entry.key, folder: session.folder.uri.toString(), keep: { value: finding.keepValue } };
      const action = new vscode.CodeAction(`Remove flag '${entry.key}' (keep ${JSON.stringify(finding.keepValue)})`, vscode.CodeActionKind.QuickFix);
      action.command = { command: 'flaglens.cleanupFlag', title: action.title, arguments: [target] };
      action.diagnostics = [diagnostic];
      actions.push(action);
    }
    return actions;
  }
}
