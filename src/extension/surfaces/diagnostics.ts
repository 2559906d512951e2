import * as vscode from 'vscode';
import { deadBranchMessage, dynamicKeyMessage, sourceProblemMessage, staleMessage, unknownKeyMessage } from '../../core/catalog/present/diagnosticText';
import { isHint, marksStale } from '../../core/catalog/present/staleText';
import { describeError } from '../../core/errors';
import type { SeverityName } from '../settings';
import { deadBranchSpans } from '../../core/cleanup/deadBranches';
import type { EvidenceState } from '../../core/evidence/model';
import { noEvaluationsHint, noEvaluationsRequests } from '../../core/stale/noEvaluationsHint';
import { protectedList } from '../environments';
import type { FlagReference } from '../../core/references/model';
import { indexPath, spanRange } from '../paths';
import type { Services } from '../services';
import type { FolderSession } from '../workspace/folderSession';

export const diagnosticSource = 'Flag Lens';
export const DiagnosticCode = { unknownKey: 'unknownKey', dynamicKey: 'dynamicKey', staleFlag: 'staleFlag', deadBranch: 'deadBranch', sourceProblem: 'sourceProblem', noEvaluations: 'noEvaluations' } as const;

/**
 * The setting decides how loud stale flags are; a finding the detector itself only offers as a
 * hint (checks made without a flag source) stays a hint. Compared as a string so this reads the
 * same whether or not `StaleSeverity` has `'hint'`.
 */
export function staleSeverity(findingSeverity: string, setting: SeverityName): vscode.DiagnosticSeverity {
  switch (findingSeverity) {
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
    default:
      return severityOf[setting];
  }
}

/** Files per slice of a folder-wide recompute; between slices the host gets back to typing and other extensions. */
const filesPerSlice = 50;

const severityOf: Record<SeverityName, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/**
 * Problems for every file with references (not only open ones), so the Problems panel lists
 * unknown keys, dynamic keys and stale flags across the workspace, plus the problems sources
 * report against their own files (a malformed flagd file, at the line the parser names).
 * Recomputed per changed file; a definitions change recomputes every file of that folder, in slices
 * that yield to the event loop, coalescing the bursts a scan or a refresh produces into one pass.
 */
export class FlagDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('flaglens');
  private readonly filesBySession = new Map<FolderSession, Set<string>>();
  private readonly subscriptions: vscode.Disposable;
  private readonly pendingSessions = new Set<FolderSession>();
  private flushing = false;
  private disposed = false;
  /** Evidence loads under way, per folder, file and flag: one at a time each. */
  private readonly evidenceLoads = new Set<string>();

  constructor(private readonly services: Services) {
    this.subscriptions = vscode.Disposable.from(
      services.manager.onDidChange(({ session, change }) => {
        if (change.definitions) this.scheduleSession(session);
        else if (change.files) for (const file of change.files) this.updateFile(session, file);
      }),
      services.manager.onDidChangeSessions(() => this.updateAll()),
      services.settings.onDidChange(() => this.updateAll()),
      // Dead-branch fading exists only for open documents.
      vscode.workspace.onDidOpenTextDocument((document) => this.updateDocument(document)),
    );
    this.updateAll();
  }

  static register(services: Services): vscode.Disposable {
    return new FlagDiagnostics(services);
  }

  dispose(): void {
    this.disposed = true;
    this.pendingSessions.clear();
    this.subscriptions.dispose();
    this.collection.dispose();
  }

  private updateDocument(document: vscode.TextDocument): void {
    if (this.disposed || document.uri.scheme !== 'file') return;
    const session = this.services.manager.sessionFor(document.uri);
    if (session) this.updateFile(session, indexPath(document.uri));
  }

  private updateAll(): void {
    this.collection.clear();
    this.filesBySession.clear();
    for (const session of this.services.manager.all()) this.scheduleSession(session);
  }

  private scheduleSession(session: FolderSession): void {
    this.pendingSessions.add(session);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    try {
      for (let session = this.nextPending(); session && !this.disposed; session = this.nextPending()) {
        if (!this.services.manager.all().includes(session)) continue;
        const catalog = session.catalog;
        const files = [...new Set([...catalog.files(), ...catalog.sourceProblemFiles(), ...(this.filesBySession.get(session) ?? [])])];
        for (let i = 0; i < files.length; i++) {
          if (i > 0 && i % filesPerSlice === 0) {
            await new Promise((resolve) => setImmediate(resolve));
            // Superseded by a newer change: start that folder over rather than finish stale work.
            if (this.disposed || this.pendingSessions.has(session)) break;
          }
          this.updateFile(session, files[i]!);
        }
      }
    } catch (error) {
      this.services.logger.error(`Could not update Flag Lens diagnostics: ${describeError(error)}`);
    } finally {
      this.flushing = false;
    }
  }

  private nextPending(): FolderSession | undefined {
    const [session] = this.pendingSessions;
    if (session) this.pendingSessions.delete(session);
    return session;
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
    for (const problem of catalog.sourceProblemsIn(file)) {
      const position = new vscode.Position(problem.line ?? 0, problem.character ?? 0);
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(position, position),
        sourceProblemMessage(problem.message, problem.severity),
        problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
      );
      diagnostic.source = diagnosticSource;
      diagnostic.code = DiagnosticCode.sourceProblem;
      diagnostics.push(diagnostic);
    }
    for (const reference of catalog.unknownReferencesIn(file)) {
      const suggestion = catalog.suggestionFor(reference.key);
      const diagnostic = new vscode.Diagnostic(
        spanRange(reference.keySpan),
        unknownKeyMessage(reference.key, suggestion),
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
          dynamicKeyMessage(dynamic.reason),
          vscode.DiagnosticSeverity.Information,
        );
        diagnostic.source = diagnosticSource;
        diagnostic.code = DiagnosticCode.dynamicKey;
        diagnostics.push(diagnostic);
      }
    }
    if (settings.staleSeverity !== 'off') {
      for (const reference of catalog.referencesIn(file)) {
        // A stale mark first; else a hint (a flag used once, keys that differ only by case).
        const findings = (catalog.entry(reference.key)?.stale ?? []).filter((finding) => finding.kind !== 'unknownKey');
        const finding = findings.find(marksStale) ?? findings[0];
        if (!finding) continue;
        const diagnostic = new vscode.Diagnostic(spanRange(reference.callSpan), staleMessage(finding.kind, finding.message, isHint(finding)), staleSeverity(finding.severity, settings.staleSeverity));
        diagnostic.source = diagnosticSource;
        diagnostic.code = DiagnosticCode.staleFlag;
        // Fading says "this code can go": right for a stale flag, not for a hint.
        if (marksStale(finding)) diagnostic.tags = [vscode.DiagnosticTag.Unnecessary];
        diagnostics.push(diagnostic);
      }
      diagnostics.push(...this.deadBranchDiagnostics(session, file));
    }
    if (settings.noEvaluationsHint) diagnostics.push(...this.noEvaluationsDiagnostics(session, file));
    return diagnostics;
  }

  /**
   * `'k' had no evaluations in 'production' for 7 days.` on each reference, for open documents only:
   * counts are read lazily, per flag, through the folder's evidence cache (its TTL, concurrency bound
   * and timeout). What the cache holds now is published at once; a load that changes it publishes
   * the file again, so the Problems panel never waits for a vendor.
   */
  private noEvaluationsDiagnostics(session: FolderSession, file: string): vscode.Diagnostic[] {
    if (!vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && indexPath(d.uri) === file)) return [];
    const catalog = session.catalog;
    const configured = protectedList(session, this.services);
    const diagnostics: vscode.Diagnostic[] = [];
    const keys = new Set(catalog.referencesIn(file).map((reference) => reference.key));
    for (const key of keys) {
      const entry = catalog.entry(key);
      if (!entry || entry.definitions.length === 0) continue;
      const requests = noEvaluationsRequests(entry.definitions, configured);
      if (requests.length === 0) continue;
      const seen = new Map<string, EvidenceState | undefined>();
      const hint = noEvaluationsHint(key, entry.definitions, (sourceId, flagKey, environment) => {
        const state = session.evidence.peek(sourceId, flagKey, environment);
        seen.set(JSON.stringify([sourceId, environment]), state);
        return state;
      }, configured);
      this.loadEvidence(session, file, key, requests, seen);
      if (!hint) continue;
      for (const reference of catalog.referencesIn(file)) {
        if (reference.key !== key) continue;
        const diagnostic = new vscode.Diagnostic(spanRange(reference.keySpan), hint.message, vscode.DiagnosticSeverity.Hint);
        diagnostic.source = diagnosticSource;
        diagnostic.code = DiagnosticCode.noEvaluations;
        diagnostics.push(diagnostic);
      }
    }
    return diagnostics;
  }

  /** Asks the cache (fresh entries answer at once); when the states differ from what was published, the file is published again. */
  private loadEvidence(session: FolderSession, file: string, key: string, requests: { sourceId: string; environments: string[] }[], published: Map<string, EvidenceState | undefined>): void {
    const id = JSON.stringify([session.folder.uri.toString(), file, key]);
    if (this.evidenceLoads.has(id)) return;
    this.evidenceLoads.add(id);
    const loads = requests.map(async ({ sourceId, environments }) => {
      const source = session.sources.find((s) => s.id === sourceId);
      const load = source?.evidence?.bind(source);
      if (!load) return false;
      const states = await session.evidence.getMany(sourceId, key, environments, (wanted, signal) => load(key, wanted, signal));
      return environments.some((environment) => states[environment] !== published.get(JSON.stringify([sourceId, environment])));
    });
    void Promise.all(loads)
      .then((changed) => {
        this.evidenceLoads.delete(id);
        if (!this.disposed && changed.some(Boolean) && this.services.manager.all().includes(session)) this.updateFile(session, file);
      })
      .catch((error: unknown) => {
        this.evidenceLoads.delete(id);
        this.services.logger.error(`Could not read evaluation counts for '${key}': ${describeError(error)}`);
      });
  }

  /**
   * Fades the code a released or removed flag will never run again. Only for open documents: the
   * fading is visual, and reading every referenced file from disk on each change is not worth it.
   */
  private deadBranchDiagnostics(session: FolderSession, file: string): vscode.Diagnostic[] {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && indexPath(d.uri) === file);
    if (!document) return [];
    const byKey = new Map<string, FlagReference[]>();
    for (const reference of session.catalog.referencesIn(file)) {
      const references = byKey.get(reference.key);
      if (references) references.push(reference);
      else byKey.set(reference.key, [reference]);
    }
    const diagnostics: vscode.Diagnostic[] = [];
    for (const [key, references] of byKey) {
      const finding = session.catalog.entry(key)?.stale.find((f) => (f.kind === 'released' || f.kind === 'removed') && typeof f.keepValue === 'boolean');
      if (!finding) continue;
      for (const span of deadBranchSpans(file, document.getText(), references, finding.keepValue)) {
        const diagnostic = new vscode.Diagnostic(
          new vscode.Range(document.positionAt(span.start), document.positionAt(span.end)),
          deadBranchMessage(key, finding.keepValue),
          vscode.DiagnosticSeverity.Hint,
        );
        diagnostic.source = diagnosticSource;
        diagnostic.code = DiagnosticCode.deadBranch;
        diagnostic.tags = [vscode.DiagnosticTag.Unnecessary];
        diagnostics.push(diagnostic);
      }
    }
    return diagnostics;
  }
}
