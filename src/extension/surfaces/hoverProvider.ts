import * as vscode from 'vscode';
import { flagLinkCommands } from '../../core/catalog/present/commandLinks';
import { hoverMarkdown } from '../../core/catalog/present/hoverMarkdown';
import { sourceAvailability } from '../../core/catalog/present/lensText';
import { notificationSafeText } from '../../core/catalog/present/plainText';
import { describeError } from '../../core/errors';
import { hoverEvidence } from '../../core/evidence/hoverEvidence';
import { fileUri, indexPath, spanRange } from '../paths';
import { protectedList } from '../environments';
import type { Services } from '../services';
import { flagDocumentSelector } from '../paths';

function contains(span: { start: number; end: number }, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** A hover over a file still being analyzed waits this long for it (the hover shows "Loading…" meanwhile). */
const hoverWaitMs = 5_000;
/** A hover waits this long for evaluation counts; a slower load lands in the cache for the next hover. */
const evidenceWaitMs = 1_500;

/** Hover on any reference: everything the catalog knows about the flag, with trusted command links. */
export class FlagHoverProvider implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  /** The provider, and `flaglens.openReference` (the target of its reference links) unless the command list has it. */
  static register(services: Services): vscode.Disposable {
    return vscode.languages.registerHoverProvider(flagDocumentSelector, new FlagHoverProvider(services));
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token?: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const session = this.services.manager.sessionFor(document.uri);
    if (!session) return undefined;
    const file = indexPath(document.uri);
    // While the first scan runs: this file's analysis (asked for first), never the workspace's.
    if (!session.isFileReady(file)) await session.whenFileReady(file, hoverWaitMs);
    if (token?.isCancellationRequested) return undefined;
    const offset = document.offsetAt(position);
    const hit = session.catalog.referenceAt(file, offset);
    if (!hit) return undefined;
    const evidence = await hoverEvidence(session.evidence, session.sources, hit.entry, evidenceWaitMs);
    if (token?.isCancellationRequested) return undefined;
    const folder = session.folder.uri.toString();
    const markdown = new vscode.MarkdownString(
      hoverMarkdown(hit.entry, {
        now: new Date(),
        preferredEnvironment: this.services.environment.selected,
        protectedEnvironments: protectedList(session, this.services),
        sourcesLoaded: session.catalog.hasDefinitions(),
        sources: session.sourcesKnown ? sourceAvailability(session.catalog) : 'loading',
        folder,
        root: session.root,
        reference: hit.reference,
        suggestion: hit.entry.definitions.length === 0 ? session.catalog.suggestionFor(hit.entry.key) : undefined,
        evidence,
      }),
    );
    // Trusted for Flag Lens's own link commands only; no HTML, no icons.
    markdown.isTrusted = { enabledCommands: [...flagLinkCommands] };
    markdown.supportHtml = false;
    markdown.supportThemeIcons = false;
    const span = contains(hit.reference.keySpan, offset) ? hit.reference.keySpan : hit.reference.callSpan;
    return new vscode.Hover(markdown, spanRange(span));
  }
}

/**
 * Opens one reference a hover or tooltip link names, only if the folder's index still has a
 * reference of that key at that file and line: the link's arguments can point at nothing else.
 */
export async function openReferenceCommand(services: Services, arg: unknown): Promise<void> {
  try {
    const { key, file, line, folder } = (arg ?? {}) as Record<string, unknown>;
    if (typeof key !== 'string' || typeof file !== 'string' || typeof line !== 'number') return;
    const sessions = services.manager.all();
    const session = (typeof folder === 'string' ? services.manager.sessionByFolder(folder) : undefined) ?? sessions.find((s) => s.catalog.entry(key));
    const reference = session?.catalog.entry(key)?.references.find((r) => r.file === file && r.keySpan.startLine === line);
    if (!reference) {
      void vscode.window.showInformationMessage(notificationSafeText(`Flag Lens: that reference to '${key}' is no longer there.`));
      return;
    }
    await vscode.window.showTextDocument(fileUri(reference.file), { selection: spanRange(reference.keySpan) });
  } catch (error) {
    services.logger.error(`flaglens.openReference failed: ${describeError(error)}`);
  }
}
