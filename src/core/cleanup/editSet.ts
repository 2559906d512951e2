/** A piece of a replacement: literal text, or a range of the original text (with the edits inside it applied). */
export type EditPart = string | RangePart;

export interface RangePart {
  start: number;
  end: number;
  /** Remove up to this many leading indentation characters from every line after the first. */
  dedent?: number;
}

export interface TextEdit {
  start: number;
  end: number;
  parts: EditPart[];
}

/**
 * The edits planned for one file against its original text. Edits are nested or disjoint (they come
 * from AST nodes); an outer edit that keeps a range of its node renders the edits inside that range,
 * so the planner never has to re-read text it already rewrote. Untouched text is copied byte for byte.
 */
export class EditSet {
  private readonly edits: TextEdit[] = [];

  get size(): number {
    return this.edits.length;
  }

  /** Adds an edit; refuses (returns false) one that duplicates or partially overlaps an existing edit. */
  add(edit: TextEdit): boolean {
    for (const other of this.edits) {
      if (other.start === edit.start && other.end === edit.end) return false;
      const disjoint = edit.end <= other.start || other.end <= edit.start;
      const nested = (other.start <= edit.start && edit.end <= other.end) || (edit.start <= other.start && other.end <= edit.end);
      if (!disjoint && !nested) return false;
    }
    this.edits.push(edit);
    return true;
  }

  replace(start: number, end: number, ...parts: EditPart[]): boolean {
    return this.add({ start, end, parts });
  }

  /** True when some edit already rewrites a range that contains [start, end). */
  covers(start: number, end: number): boolean {
    return this.edits.some((e) => e.start <= start && end <= e.end);
  }

  /**
   * Applies the edits. Newlines at `protectedNewlines` (inside template literals) are never
   * re-indented: they are carried through dedenting as a placeholder.
   */
  render(text: string, protectedNewlines: ReadonlySet<number> = new Set()): string {
    const protect = protectedNewlines.size > 0 && !text.includes(placeholder);
    const original = (from: number, to: number): string => {
      if (!protect) return text.slice(from, to);
      let out = '';
      for (let i = from; i < to; i++) out += text[i] === '\n' && protectedNewlines.has(i) ? placeholder : text[i];
      return out;
    };
    const sorted = [...this.edits].sort((a, b) => a.start - b.start || b.end - a.end);
    const renderRange = (start: number, end: number, outer: TextEdit | undefined): string => {
      let out = '';
      let cursor = start;
      for (const edit of sorted) {
        if (edit === outer || edit.start < cursor || edit.end > end || edit.start < start) continue;
        // Zero-width edits sit between characters; a wider edit starting at the same spot still applies.
        out += original(cursor, edit.start);
        for (const part of edit.parts) {
          if (typeof part === 'string') out += part;
          else out += dedentLines(renderRange(part.start, part.end, edit), part.dedent ?? 0);
        }
        cursor = edit.end;
      }
      return out + original(cursor, end);
    };
    const rendered = renderRange(0, text.length, undefined);
    return protect ? rendered.split(placeholder).join('\n') : rendered;
  }
}

const placeholder = '\u0000';

export function dedentLines(text: string, amount: number): string {
  if (amount <= 0) return text;
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    let strip = 0;
    while (strip < amount && strip < line.length && (line[strip] === ' ' || line[strip] === '\t')) strip++;
    lines[i] = line.slice(strip);
  }
  return lines.join('\n');
}

/** Indents every line after the first by `indent` (used when a kept statement moves into a new block). */
export function indentLines(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line.trim() === '' ? line : indent + line))
    .join('\n');
}
