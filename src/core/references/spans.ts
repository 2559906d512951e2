import type { ts } from 'ts-morph';
import type { SourceSpan } from './model';

export function spanOf(sf: ts.SourceFile, start: number, end: number): SourceSpan {
  const s = sf.getLineAndCharacterOfPosition(start);
  const e = sf.getLineAndCharacterOfPosition(end);
  return { start, end, startLine: s.line, startCharacter: s.character, endLine: e.line, endCharacter: e.character };
}

export function nodeSpan(node: ts.Node): SourceSpan {
  const sf = node.getSourceFile();
  return spanOf(sf, node.getStart(sf), node.getEnd());
}

/** Span from a line table, for files that are not parsed (text fallback). */
export function textSpan(lineStarts: readonly number[], start: number, end: number): SourceSpan {
  const position = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - lineStarts[low]! };
  };
  const s = position(start);
  const e = position(end);
  return { start, end, startLine: s.line, startCharacter: s.character, endLine: e.line, endCharacter: e.character };
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}
