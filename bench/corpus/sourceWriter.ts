/** Where a generated file evaluates a flag: what the index must report (0-based line of the key expression). */
export interface ExpectedReference {
  key: string;
  /** Corpus-relative path with forward slashes. */
  file: string;
  line: number;
  /** What the generator wrote, for the diagnosis when the index misses it. */
  pattern: string;
  /** The key expression exactly as written on that line (the bench edits it). */
  keyText: string;
  /** How to spell another key in its place: an expression, a JSX string attribute, or a camelCased flags-object property. */
  keyForm: 'expression' | 'jsxString' | 'camel';
  /** The line is one complete statement, so the bench can duplicate it to add a reference. */
  statement: boolean;
}

export type ReferenceSite = Omit<ExpectedReference, 'file' | 'line'>;

/** Appends lines with indentation and tracks line numbers so expected references can be recorded exactly. */
export class SourceWriter {
  private readonly lines: string[] = [];
  private depth = 0;
  readonly references: ExpectedReference[] = [];
  dynamicSites = 0;

  constructor(readonly file: string) {}

  get lineCount(): number {
    return this.lines.length;
  }

  /** The 0-based line the next `line()` call writes. */
  get nextLine(): number {
    return this.lines.length;
  }

  line(text = ''): this {
    this.lines.push(text === '' ? '' : '  '.repeat(this.depth) + text);
    return this;
  }

  open(text: string): this {
    this.line(text);
    this.depth++;
    return this;
  }

  close(text = '}'): this {
    this.depth = Math.max(0, this.depth - 1);
    this.line(text);
    return this;
  }

  /** A line one level out, without leaving the block (`} else {`). */
  middle(text: string): this {
    this.depth--;
    this.line(text);
    this.depth++;
    return this;
  }

  dedent(): this {
    this.depth = Math.max(0, this.depth - 1);
    return this;
  }

  /** Writes a line that holds a flag key expression and records it as an expected reference. */
  reference(text: string, site: ReferenceSite): this {
    this.references.push({ ...site, file: this.file, line: this.lines.length });
    return this.line(text);
  }

  /** Opens a block whose first line holds a key expression (`if (client.isEnabled('k')) {`). */
  openReference(text: string, site: ReferenceSite): this {
    this.references.push({ ...site, file: this.file, line: this.lines.length });
    return this.open(text);
  }

  /** Writes a line that holds several key expressions (destructuring). */
  referenceMany(text: string, sites: readonly ReferenceSite[]): this {
    for (const site of sites) this.references.push({ ...site, file: this.file, line: this.lines.length });
    return this.line(text);
  }

  dynamic(text: string): this {
    this.dynamicSites++;
    return this.line(text);
  }

  /** Appends another writer's lines at the current indentation, shifting its recorded references. */
  append(other: SourceWriter): this {
    const offset = this.lines.length;
    for (const text of other.lines) this.line(text);
    for (const reference of other.references) this.references.push({ ...reference, file: this.file, line: reference.line + offset });
    this.dynamicSites += other.dynamicSites;
    return this;
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}
