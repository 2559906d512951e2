import { diffLines } from './unifiedDiff';

export interface TextEdit {
  /** Offsets into the original text. */
  start: number;
  end: number;
  text: string;
}

function lineStarts(text: string, count: number): number[] {
  const starts = [0];
  for (let i = 0; i < text.length && starts.length <= count; i++) if (text[i] === '\n') starts.push(i + 1);
  while (starts.length <= count) starts.push(text.length);
  return starts;
}

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

/**
 * The changed line ranges between two versions of a file, as separate edits, so a refactor
 * preview shows each change on its own instead of one whole-file replacement. Falls back to a
 * single whole-file edit if the line edits would not reproduce `after` exactly (e.g. a change in
 * the final newline).
 */
export function minimalEdits(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const split = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));
  const beforeLines = split(before);
  const ops = diffLines(beforeLines, split(after));
  const starts = lineStarts(before, beforeLines.length);
  const edits: TextEdit[] = [];
  let line = 0;
  let pending: { from: number; added: string[] } | undefined;
  const flush = (): void => {
    if (!pending) return;
    edits.push({ start: starts[pending.from]!, end: starts[line]!, text: pending.added.map((l) => `${l}\n`).join('') });
    pending = undefined;
  };
  for (const op of ops) {
    if (op.kind === ' ') {
      flush();
      line++;
    } else {
      pending ??= { from: line, added: [] };
      if (op.kind === '-') line++;
      else pending.added.push(op.line);
    }
  }
  flush();
  return applyTextEdits(before, edits) === after ? edits : [{ start: 0, end: before.length, text: after }];
}
