/**
 * Line numbers as VS Code counts them: only `\n`, `\r\n` and a lone `\r` end a line. TypeScript's
 * `getLineAndCharacterOfPosition` also breaks at U+2028/U+2029, so a file with one of those in a
 * string would otherwise report every later line one too high.
 */

/** Offsets where each line starts (0-based lines, UTF-16 offsets). */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) starts.push(i + 1);
    else if (code === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** 0-based line and character of an offset, from a table built by `lineStartsOf`. */
export function positionAt(lineStarts: readonly number[], offset: number): { line: number; character: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - lineStarts[low]! };
}

/** Builds the line table once and answers positions for many offsets of the same text. */
export function positionLocator(text: string): (offset: number) => { line: number; character: number } {
  let starts: number[] | undefined;
  return (offset) => positionAt((starts ??= lineStartsOf(text)), offset);
}
