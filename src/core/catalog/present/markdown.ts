/** Escapes text so markdown renders it literally (descriptions and names come from sources). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_{}[\]<>|~]/g, '\\$&')
    // Block syntax only matters at the start: headings, lists, quotes, numbered lists.
    .replace(/^(\s*)([#>+-]|\d+\.)/, '$1\\$2');
}

/** Inline code that survives backticks in the value. */
export function inlineCode(text: string): string {
  const fence = text.includes('`') ? '`` ' : '`';
  return `${fence}${text.replace(/\r?\n/g, ' ')}${fence === '`' ? '`' : ' ``'}`;
}

export function tableCell(text: string): string {
  return escapeMarkdown(text);
}
