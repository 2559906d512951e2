import * as vscode from 'vscode';
import type { SeverityName } from '../settings';
import { spanRange } from '../paths';
import type { Services } from '../services';
import type { FolderSession } from '../workspace/folderSession';

export const diagnosticSource = 'Flag Lens';
export const DiagnosticCode = { unknownKey: 'unknownKey', dynamicKey: 'dynamicKey', staleFlag: 'staleFlag' } as const;

const severityOf: Record<SeverityName, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/**
 * Problems for every file with references (not only open ones), so the Problems panel lists
 * unknown keys, dynamic keys and stale flags across the workspace. Recomputed per changed file;
 * a definitions change recomputes every file of that folder.
 */
export class FlagDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('flaglens');
  private readonly filesBySession = new Map<FolderSession, Set<string>>();
  private readonly subscriptions: vscode.Disposable;

  constructor(private readonly services: Services) {
    this.subscriptions = vscode.Disposable.from(
      services.manager.onDidChange(({ session, change }) => {
        if (change.definitions) this.updateSession(session);
        else if (change.files) for (const file of change.files) this.updateFile(session, file);
      }),
      services.manager.onDidChangeSessions(() => this.updateAll()),
      services.settings.onDidChange(() => this.updateAll()),
    );
    this.updateAll();
  }

  static register(services: Services): vscode.Disposable {
    return new FlagDiagnostics(services);
  }

  dispose(): void {
    this.subscriptions.dispose();
    this.collection.dispose();
  }

  private updateAll(): void {
    this.collection.clear();
    this.filesBySession.clear();
    for (const session of this.services.manager.all()) this.updateSession(session);
  }

  private updateSession(session: FolderSession): void {
    const catalog = session.catalog;
    const files = new Set([...catalog.files(), ...(this.filesBySession.get(session) ?? [])]);
    for (const file of files) this.updateFile(session, file);
  }

  private updateFile(session: FolderSession, file: string): void {
    const diagnostics = this.diagnosticsFor(session, file);
    const known = this.filesBySession.get(session) ?? new Set<string>();
    this.filesBySession.set(session, known);
    if (diagnostics.length > 0) known.add(file);
    else known.delete(file);
    this.collection.set(vscode.Uri.file(file), diagnostics);
  }

  private diagnosticsFor(session: FolderSession, file: string): vscode.Diagnostic[] {
    const settings = this.services.settings.current;
    const catalog = session.catalog;
    const diagnostics: vscode.Diagnostic[] = [];
    for (const reference of catalog.unknownReferencesIn(file)) {
      const suggestion = catalog.suggestionFor(reference.key);
      const diagnostic = new vscode.Diagnostic(
        spanRange(reference.keySpan),
        `Unknown flag key '${reference.key}': no configured source defines it.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
        severityOf[settings.unknownKeySeverity],
      );
      diagnostic.source = diagnosticSource;
      diagnostic.code = DiagnosticCode.unknownKey;
      diagnostics.push(diagnostic);
    }
    if (settings.dynamicReferenceDiagnostics) {
      for (const dynamic of catalog.dynamicIn(file)) {
        const diagnostic = new vscode.Diagnostic(
          spanRange(dynamic.span),
          `Flag key cannot be resolved statically (${dynamic.reason}); Flag Lens cannot show its state or include it in clean-ups.`,
          vscode.DiagnosticSeverity.Information,
        );
        diagnostic.source = diagnosticSource;
        diagnostic.code = DiagnosticCode.dynamicKey;
        diagnostics.push(diagnostic);
      }
    }
    if (settings.staleSeverity !== 'off') {
      for (const reference of catalog.referencesIn(file)) {
        const findings = (catalog.entry(reference.key)?.stale ?? []).filter((finding) => finding.kind !== 'unknownKey');
        const finding = findings[0];
        if (!finding) continue;
        const diagnostic = new vscode.Diagnostic(
          spanRange(reference.callSpan),
          `Stale flag '${reference.key}' (${finding.kind}): ${finding.message} ${finding.action}`,
          severityOf[settings.staleSeverity],
        );
        diagnostic.source = diagnosticSource;
        diagnostic.code = DiagnosticCode.staleFlag;
        diagnostic.tags = [vscode.DiagnosticTag.Unnecessary];
        diagnostics.push(diagnostic);
      }
    }
    return diagnostics;
  }
}
