import { type Node } from 'ts-morph';

export function lineStartOf(text: string, pos: number): number {
  const nl = text.lastIndexOf('\n', pos - 1);
  return nl === -1 ? 0 : nl + 1;
}

/** Position of the newline ending the line that holds `pos` (or the text length). */
export function lineEndOf(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl === -1 ? text.length : nl;
}

export function indentAt(text: string, pos: number): string {
  const start = lineStartOf(text, pos);
  const match = /^[ \t]*/.exec(text.slice(start, pos));
  return match ? match[0] : '';
}

export function onlyWhitespaceBefore(text: string, pos: number): boolean {
  return text.slice(lineStartOf(text, pos), pos).trim() === '';
}

export function onlyWhitespaceAfter(text: string, pos: number): boolean {
  return text.slice(pos, lineEndOf(text, pos)).trim() === '';
}

/**
 * The range to delete for a statement-like node: whole lines when the node owns its lines, plus the
 * `//` comment lines directly above it (they describe the code being removed); otherwise just the node.
 */
export function removalRange(node: Node): { start: number; end: number } {
  const text = node.getSourceFile().getFullText();
  // A declaration's JSDoc describes it and goes with it.
  let start = node.getStart(true);
  let end = node.getEnd();
  if (!onlyWhitespaceBefore(text, start) || !onlyWhitespaceAfter(text, end)) {
    start = node.getStart();
    // Shares its line: also eat the whitespace before it so `a; b;` becomes `a;`.
    while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t') && !onlyWhitespaceBefore(text, start)) start--;
    return { start, end };
  }
  start = lineStartOf(text, start);
  end = Math.min(text.length, lineEndOf(text, end) + 1);
  // Between two blank lines, one of them goes too, so paragraphs stay single-spaced.
  const blankBefore = start === 0 || text.slice(lineStartOf(text, start - 1), start - 1).trim() === '';
  if (blankBefore && end < text.length && text.slice(end, lineEndOf(text, end)).trim() === '') end = Math.min(text.length, lineEndOf(text, end) + 1);
  // Attached line comments (no blank line between) go with the statement, unless they open the file.
  for (;;) {
    if (start === 0) break;
    const prevStart = lineStartOf(text, start - 1);
    const prevLine = text.slice(prevStart, start - 1).trim();
    if (!prevLine.startsWith('//') || prevStart === 0) break;
    start = prevStart;
  }
  return { start, end };
}

/** Tidies the seams removal leaves: runs of blank lines and trailing blank lines the original did not have. */
export function tidyBlankLines(original: string, next: string): string {
  let out = next;
  // Two blank lines in a row where the original had none between the same two lines.
  out = out.replace(/([^\n]*)\n([ \t]*\n){2,}/g, (match: string, before: string, _blank: string, offset: number, whole: string) => {
    const after = /^[^\n]*/.exec(whole.slice(offset + match.length))![0];
    return original.includes(match + after) ? match : `${before}\n\n`;
  });
  // A block that lost its last statements should not end with a blank line.
  out = out.replace(/\n[ \t]*\n([ \t]*[}\]])/g, (match: string, close: string, offset: number, whole: string) => {
    const before = whole.slice(whole.lastIndexOf('\n', offset - 1) + 1, offset);
    return original.includes(before + match) ? match : `\n${close}`;
  });
  if (!/\n[ \t]*\n$/.test(original)) out = out.replace(/\n(\s*\n)+$/, '\n');
  // A block that lost its first statements should not open with a blank line.
  out = out.replace(/\{\n[ \t]*\n/g, (match) => (original.includes(match) ? match : '{\n'));
  return out.replace(/^\s*\n/, (m) => (original.startsWith(m) ? m : ''));
}
