import type { Node, ts } from 'ts-morph';
import { lineStartsOf, positionAt } from '../util/textLines';

// Keyed by the compiler's source file: an edit makes a new one, so a stale table is never used.
const lineTables = new WeakMap<ts.SourceFile, number[]>();

/** The 0-based line VS Code shows for an offset (TypeScript's own count also breaks at U+2028/U+2029). */
export function editorLineAt(sourceFile: ts.SourceFile, offset: number): number {
  let starts = lineTables.get(sourceFile);
  if (!starts) {
    starts = lineStartsOf(sourceFile.text);
    lineTables.set(sourceFile, starts);
  }
  return positionAt(starts, offset).line;
}

/** The 0-based editor line where a node starts. */
export function editorLineOf(node: Node): number {
  return editorLineAt(node.getSourceFile().compilerNode, node.getStart());
}
