import * as vscode from 'vscode';
import { keyCallees, keyPositionAt } from '../../core/references/keyPosition';
import { escapeMarkdown } from '../../core/catalog/present/markdown';
import { iconSafeText } from '../../core/catalog/present/plainText';
import { stateSummary } from '../../core/catalog/present/servingText';
import { flagDocumentSelector } from '../paths';
import type { Services } from '../services';
import { effectiveEnvironment } from '../environments';
import { isHint } from '../../core/stale/model';

/** Flag keys inside key positions of SDK calls and custom patterns, with the state in `detail`. */
export class FlagCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly services: Services) {}

  static register(services: Services): vscode.Disposable {
    return vscode.languages.registerCompletionItemProvider(flagDocumentSelector, new FlagCompletionProvider(services), "'", '"', '`');
  }

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const session = this.services.manager.sessionFor(document.uri);
    if (!session) return undefined;
    const prefix = document.lineAt(position.line).text.slice(0, position.character);
    const at = keyPositionAt(prefix, keyCallees(session.flagLensConfig.patterns));
    if (!at) return undefined;
    const line = document.lineAt(position.line).text;
    let end = position.character;
    while (end < line.length && !['"', "'", '`'].includes(line[end]!)) end++;
    const range = new vscode.Range(position.line, position.character - at.typed.length, position.line, end);
    const items: vscode.CompletionItem[] = [];
    for (const key of session.catalog.definedKeys()) {
      const entry = session.catalog.entry(key);
      const definition = entry?.definitions[0];
      if (!entry || !definition) continue;
      const environment = effectiveEnvironment(session, this.services, definition.sourceId);
      // The suggest list draws `$(name)` in labels as icons: show the key escaped, insert it as it is.
      const item = new vscode.CompletionItem({ label: iconSafeText(key), description: definition.sourceLabel }, vscode.CompletionItemKind.Constant);
      item.insertText = key;
      item.filterText = key;
      item.range = range;
      item.detail = environment ? `${environment}: ${stateSummary(definition.flag, definition.flag.environments[environment])}` : definition.flag.kind;
      const documentation = new vscode.MarkdownString();
      documentation.appendMarkdown(`**${escapeMarkdown(definition.flag.name || key)}** · ${definition.flag.kind}\n\n`);
      if (definition.flag.description) documentation.appendMarkdown(escapeMarkdown(definition.flag.description));
      documentation.appendMarkdown(`\n\n${entry.references.length} reference${entry.references.length === 1 ? '' : 's'}`);
      item.documentation = documentation;
      item.sortText = `${entry.stale.some((finding) => !isHint(finding)) ? '1' : '0'}${key}`;
      if (entry.stale.some((finding) => finding.kind !== 'unknownKey' && !isHint(finding))) item.tags = [vscode.CompletionItemTag.Deprecated];
      items.push(item);
    }
    return items;
  }
}
