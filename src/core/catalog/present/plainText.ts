/*
 * Text surfaces that are not Markdown still read some syntax: quick picks, the status bar and code
 * lens titles draw `$(name)` as an icon, and notifications turn `[text](command:…)` into a link that
 * runs the command. Values from sources and workspace files pass through these first.
 */

const lineBreaks = /\r\n|\r|\n/g;

/** Bidirectional overrides and isolates, zero-width characters and BOM: they can make one key read as another. */
const hiddenCharacters = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** One line, with characters a reader cannot see written out as `\uXXXX`. */
export function visibleLine(text: string): string {
  const flat = text.replace(lineBreaks, ' ').replace(hiddenCharacters, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Array.from(flat, (c) => (c !== '\t' && isControlCharacter(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
}

/** One line, hidden characters written out, `$(` escaped the way VS Code's label renderer reads it (`\$(` shows `$(`). */
export function iconSafeText(text: string): string {
  return visibleLine(text).replace(/\$\(/g, '\\$(');
}

/**
 * A value in a sentence, in quotes that stay balanced whatever it holds: `'key'`, `"it's"` when it
 * holds a single quote, JSON when it holds both; one line, hidden characters written out, and cut
 * in the middle past `limit` so a huge key cannot push the rest of the sentence away.
 */
export function quoted(text: string, limit = 80): string {
  const line = visibleLine(text);
  const short = line.length > limit ? `${line.slice(0, Math.ceil(limit / 2) - 1)}…${line.slice(line.length - Math.floor(limit / 2))}` : line;
  if (!short.includes("'")) return `'${short}'`;
  if (!short.includes('"')) return `"${short}"`;
  return JSON.stringify(short);
}

/** The zero-width space that keeps `]` and `(` apart: the text reads the same, the link syntax is gone. */
const linkBreak = '\u200b';

/** One line, with `[text](target)` broken so a notification shows it as text instead of a link. */
export function notificationSafeText(text: string): string {
  return visibleLine(text).replace(/\]\(/g, `]${linkBreak}(`);
}

/** C0 and C1 control characters: ESC starts terminal sequences (OSC 8 hyperlinks, title changes, cursor moves). */
function isControlCharacter(c: string): boolean {
  const code = c.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** One line for a terminal: control characters shown as `\xNN` instead of acting on the terminal. */
export function terminalSafeText(text: string): string {
  return Array.from(text, (c) => (isControlCharacter(c) ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c)).join('');
}

/** Many lines for a terminal: line breaks and tabs kept, every other control character shown as `\xNN`. */
export function terminalSafeLines(text: string): string {
  return text.replace(/[^\n\t]+/g, (run) => terminalSafeText(run));
}
