import { lexer, type Token, type Tokens } from 'marked';

export interface RenderedLink {
  href: string;
  text: string;
  title: string | null | undefined;
}

/** What VS Code's renderer (built on marked) would make of a Markdown string, read from marked's tokens. */
export interface MarkdownInspection {
  links: RenderedLink[];
  images: string[];
  html: string[];
  /** Character references (`&lt;`, `&#91;`…) left in text: the renderer would decode them. */
  entities: string[];
  /** The text a reader sees, whitespace collapsed. */
  visibleText: string;
}

const entity = /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/gi;

/** Collapses whitespace the way rendered HTML shows it. */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function inspectMarkdown(markdown: string): MarkdownInspection {
  const result: MarkdownInspection = { links: [], images: [], html: [], entities: [], visibleText: '' };
  const parts: string[] = [];
  const walk = (tokens: readonly Token[]): void => {
    for (const token of tokens) visit(token);
  };
  const visit = (token: Token): void => {
    switch (token.type) {
      case 'link': {
        const link = token as Tokens.Link;
        result.links.push({ href: link.href, text: link.text, title: link.title });
        walk(link.tokens);
        return;
      }
      case 'image':
        result.images.push((token as Tokens.Image).href);
        return;
      case 'html':
        result.html.push((token as Tokens.HTML).text);
        return;
      case 'table': {
        const table = token as Tokens.Table;
        for (const cell of table.header) {
          walk(cell.tokens);
          parts.push(' ');
        }
        for (const row of table.rows) {
          for (const cell of row) {
            walk(cell.tokens);
            parts.push(' ');
          }
        }
        return;
      }
      case 'list':
        for (const item of (token as Tokens.List).items) walk(item.tokens);
        return;
      case 'codespan':
      case 'escape':
        parts.push((token as Tokens.Codespan).text);
        return;
      case 'code':
        parts.push(' ', (token as Tokens.Code).text, ' ');
        return;
      case 'br':
      case 'space':
      case 'hr':
        parts.push(' ');
        return;
      default: {
        const withChildren = token as { tokens?: Token[]; text?: string };
        if (withChildren.tokens && withChildren.tokens.length > 0) {
          walk(withChildren.tokens);
          if (token.type === 'paragraph' || token.type === 'heading') parts.push(' ');
          return;
        }
        if (typeof withChildren.text === 'string') {
          result.entities.push(...(withChildren.text.match(entity) ?? []));
          parts.push(withChildren.text);
        }
      }
    }
  };
  walk(lexer(markdown, { gfm: true }));
  result.visibleText = normalizeSpace(parts.join(''));
  return result;
}
