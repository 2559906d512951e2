import * as vscode from 'vscode';
import { flagLinkCommands } from '../../core/catalog/present/commandLinks';
import { hoverMarkdown } from '../../core/catalog/present/hoverMarkdown';
import { indexPath, spanRange } from '../paths';
import type { Services } from '../services';
import { flagDocumentSelector } from '../paths';

function contains(span: { start: number; end: number }, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** Hover on any reference: everything the catalog knows about the flag, with trusted command links. */
export class FlagHoverProvider implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  static register(services: Services): vscode.Disposable {
    return vscode.languages.registerHoverProvider(flagDocumentSelector, new FlagHoverProvider(services));
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const session = this.services.manager.sessionFor(document.uri);
    if (!session) return undefined;
    const offset = document.offsetAt(position);
    const hit = session.catalog.referenceAt(indexPath(document.uri), offset);
    if (!hit) return undefined;
    const folder = session.folder.uri.toString();
    const markdown = new vscode.MarkdownString(
      hoverMarkdown(hit.entry, {
        now: new Date(),
        preferredEnvironment: this.services.environment.selected,
        protectedEnvironments: this.services.settings.current.protectedEnvironments,
        sourcesLoaded: session.catalog.hasDefinitions(),
        folder,
      }),
    );
    // Trusted for Flag Lens's own link commands only; no HTML, no icons.
    markdown.isTrusted = { enabledCommands: flagLinkCommands };
    markdown.supportHtml = false;
    markdown.supportThemeIcons = false;
    const span = contains(hit.reference.keySpan, offset) ? hit.reference.keySpan : hit.reference.callSpan;
    return new vscode.Hover(markdown, spanRange(span));
  }
}
