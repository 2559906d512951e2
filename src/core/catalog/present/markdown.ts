/*
 * Everything a flag source or a workspace file says (keys, names, descriptions, variants, environment
 * names, file names) reaches Markdown only through these helpers: a hover marked trusted for Flag
 * Lens's commands must never contain a link, an image, HTML or an icon that such a value wrote.
 */

import { visibleLine } from './plainText';

/**
 * Backslash-escapes every character that can start inline markup: emphasis, code, links and images
 * (`[`), autolinks and raw HTML (`<`), entities (`&`), table cells (`|`), theme icons (`$(`), and
 * the scheme colon, `@` and `www.` that GFM turns into links on its own.
 */
const inlineSyntax = /[\\`*_{}[\]<>|~&$:@]/g;

/** Escapes text so Markdown renders it literally, on one line, hidden characters written out. */
export function escapeMarkdown(text: string): string {
  return (
    visibleLine(text)
      .replace(inlineSyntax, '\\$&')
      .replace(/(www)\./gi, '$1\\.')
      // Block syntax only matters at the start: headings, lists, quotes, numbered lists, a setext
      // underline (`===` under a hover line makes it a heading); leading spaces would make an
      // indented code block.
      .replace(/^\s+/, '')
      .replace(/^[#>+=-]/, '\\$&')
      .replace(/^(\d+)([.)])/, '$1\\$2')
  );
}

/**
 * Inline code that no value can close early: the fence is one backtick longer than the longest run
 * inside (CommonMark), padded with a space when the value holds backticks so a leading or trailing
 * one cannot join the fence. Empty values still render as a (blank) code span; hidden characters are
 * written out.
 */
export function inlineCode(text: string): string {
  const flat = visibleLine(text);
  if (flat === '') return '` `';
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space from each side when both are spaces; pad so such values keep theirs.
  const pad = longest > 0 || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

export function tableCell(text: string): string {
  return escapeMarkdown(text);
}

/**
 * Text inside a link's brackets: escaped, and with parentheses escaped too, because some renderers
 * (marked among them) drop the outer link when its text looks like `[x](y)` even with the brackets
 * escaped.
 */
export function linkText(text: string): string {
  // A parenthesis escapeMarkdown already escaped (`2\) item`) keeps its one backslash.
  return escapeMarkdown(text).replace(/(\\*)([()])/g, (match, slashes: string, paren: string) => (slashes.length % 2 === 0 ? `${slashes}\\${paren}` : match));
}

/** The text of a link title (`[text](url "title")`): quotes and backslashes escaped, one line. */
export function linkTitle(text: string): string {
  return visibleLine(text).replace(/["\\]/g, '\\$&');
}
