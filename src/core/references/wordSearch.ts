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

/** The offset after white space and comments from `at` (not past `to`). */
export function skipSpaceAndComments(text: string, at: number, to: number): number {
  let i = at;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029) i++;
    else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? to : end;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? to : end + 2;
    } else break;
  }
  return i;
}
