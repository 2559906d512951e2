import * as vscode from 'vscode';
import type { SourceSpan } from '../core/references/model';
import { toPosixPath } from '../core/util/paths';

export { toPosixPath };

/** The index keys files by absolute path with forward slashes. */
export function indexPath(uri: vscode.Uri): string {
  return toPosixPath(uri.fsPath);
}

export function fileUri(indexFile: string): vscode.Uri {
  return vscode.Uri.file(indexFile);
}

export function spanRange(span: SourceSpan): vscode.Range {
  return new vscode.Range(span.startLine, span.startCharacter, span.endLine, span.endCharacter);
}

export function spanLocation(file: string, span: SourceSpan): vscode.Location {
  return new vscode.Location(fileUri(file), spanRange(span));
}

/** Languages the index reads with the AST; the same list drives document sync and providers. */
export const flagLanguages = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;

export const flagDocumentSelector: vscode.DocumentSelector = flagLanguages.map((language) => ({ language, scheme: 'file' }));

export function isFlagDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && (flagLanguages as readonly string[]).includes(document.languageId);
}
