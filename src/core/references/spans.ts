import type { ts } from 'ts-morph';
import { lineStartsOf, positionAt } from '../util/textLines';
import type { SourceSpan } from './model';

export { lineStartsOf } from '../util/textLines';

/**
 * Line tables per parsed file. Not `sf.getLineAndCharacterOfPosition`: TypeScript also breaks lines
 * at U+2028/U+2029, VS Code does not, and every line we report must be the one the editor shows.
 * An edit produces a new SourceFile object, so a stale table is never reused.
 */
const lineTables = new WeakMap<ts.SourceFile, number[]>();

function lineTableOf(sf: ts.SourceFile): number[] {
  let starts = lineTables.get(sf);
  if (!starts) lineTables.set(sf, (starts = lineStartsOf(sf.text)));
  return starts;
}

/** 0-based line/character of an offset in a parsed file, counted as VS Code counts lines. */
export function positionInFile(sf: ts.SourceFile, offset: number): { line: number; character: number } {
  return positionAt(lineTableOf(sf), offset);
}

export function spanOf(sf: ts.SourceFile, start: number, end: number): SourceSpan {
  return textSpan(lineTableOf(sf), start, end);
}

export function nodeSpan(node: ts.Node): SourceSpan {
  const sf = node.getSourceFile();
  return spanOf(sf, node.getStart(sf), node.getEnd());
}

/** Span from a line table, for files that are not parsed (text fallback). */
export function textSpan(lineStarts: readonly number[], start: number, end: number): SourceSpan {
  const s = positionAt(lineStarts, start);
  const e = positionAt(lineStarts, end);
  return { start, end, startLine: s.line, startCharacter: s.character, endLine: e.line, endCharacter: e.character };
}
