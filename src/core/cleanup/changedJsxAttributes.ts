import { SyntaxKind, type JsxAttribute } from 'ts-morph';
import type { CleanupState } from './removeDeadCode';

/** Text without whitespace: how a literal the cleanup wrote is told from one the file already had. */
export const collapse = (text: string): string => text.replace(/\s+/g, '');

/**
 * Every JSX attribute of the files this cleanup changed (and did not delete), with the file's
 * original text collapsed: prop and context folding only start from literals the cleanup wrote.
 */
export function* changedJsxAttributes(state: CleanupState): Generator<{ attribute: JsxAttribute; original: string }> {
  for (const file of state.changed) {
    if (state.deleted.has(file)) continue;
    const sourceFile = state.project.getSourceFile(file);
    if (!sourceFile) continue;
    const original = collapse(state.originals.get(file) ?? '');
    for (const attribute of sourceFile.getDescendantsOfKind(SyntaxKind.JsxAttribute)) yield { attribute, original };
  }
}
