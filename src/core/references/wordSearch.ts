import { ts } from '../util/typescript';

/**
 * Text searches that decide whether a syntax walk can find anything: they may say yes when the walk
 * finds nothing, never no when it would find something.
 */

/** ASCII letters, digits, `_` and `$`. A non-ASCII character ends a word here: a search then finds more, not less. */
function isAsciiWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

/** Offsets of `word` in `text` between `from` and `to` with no ASCII word character on either side. */
export function* standaloneWords(text: string, word: string, from: number, to: number): Generator<number> {
  for (let at = text.indexOf(word, from); at >= 0 && at + word.length <= to; at = text.indexOf(word, at + word.length)) {
    if (at > 0 && isAsciiWordChar(text.charCodeAt(at - 1))) continue;
    if (isAsciiWordChar(text.charCodeAt(at + word.length))) continue;
    yield at;
  }
}

/** The offset after white space and comments from `at` (not past `to`), as TypeScript's scanner reads them. */
export function skipSpaceAndComments(text: string, at: number, to: number): number {
  let i = at;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (ts.isWhiteSpaceLike(c)) i++;
    else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      // A line comment ends at any line break TypeScript knows (\r, \u2028 and \u2029 too).
      i += 2;
      while (i < to && !ts.isLineBreak(text.charCodeAt(i))) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? to : end + 2;
    } else break;
  }
  return i;
}
