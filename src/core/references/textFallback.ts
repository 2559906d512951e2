import * as path from 'node:path';
import { FileSkippedError, readTextFile } from '../util/textFiles';
import { skipReasonOf } from './discover';
import type { FlagReference } from './model';
import { lineStartsOf, textSpan } from './spans';

/** Bounds that keep the fallback cheap on repos with huge non-code files. */
export const textFallbackLimits = { maxMatchesPerFile: 500, minKeyLength: 3, maxKeys: 5000 };

function isKeyChar(code: number): boolean {
  // Letters, digits, '_' and '-' continue a key, so `new-checkout-v2` never matches `new-checkout`.
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds a matcher for a set of keys; longest first so overlapping keys prefer the full match. */
export function keyPattern(keys: Iterable<string>): RegExp | undefined {
  const list = [...new Set(keys)].filter((k) => k.length >= textFallbackLimits.minKeyLength).sort((x, y) => y.length - x.length).slice(0, textFallbackLimits.maxKeys);
  return list.length ? new RegExp(list.map(escape).join('|'), 'g') : undefined;
}

/** Exact key occurrences in a non-TypeScript file, reported as lower-confidence `text` references. */
export function findTextReferences(file: string, text: string, pattern: RegExp | undefined): FlagReference[] {
  if (!pattern) return [];
  const out: FlagReference[] = [];
  let lineStarts: number[] | undefined;
  const regex = new RegExp(pattern.source, 'g');
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    if ((start > 0 && isKeyChar(text.charCodeAt(start - 1))) || (end < text.length && isKeyChar(text.charCodeAt(end)))) {
      // Let the regex retry one character later: another key may start inside this match.
      regex.lastIndex = start + 1;
      continue;
    }
    lineStarts ??= lineStartsOf(text);
    const span = textSpan(lineStarts, start, end);
    out.push({ key: match[0], file, keySpan: span, callSpan: span, sdk: 'text', pattern: `text${path.posix.extname(file)}`, kind: 'unknown', confidence: 'text', via: 'literal' });
    if (out.length >= textFallbackLimits.maxMatchesPerFile) break;
  }
  return out;
}

/** Non-script files are read only up to this size (discovery applies the index's own cap first). */
const maxTextFileBytes = 8 * 1024 * 1024;

/**
 * Reads one non-script file and finds the keys in it. A file that cannot be used (a FIFO or device
 * that replaced the file since discovery, unreadable, binary) is reported through `skip`.
 */
export async function scanTextFile(file: string, pattern: RegExp | undefined, skip?: (file: string, reason: string) => void): Promise<FlagReference[]> {
  if (!pattern) return [];
  let text: string;
  try {
    text = await readTextFile(file, { maxBytes: maxTextFileBytes });
  } catch (error) {
    if (error instanceof FileSkippedError) skip?.(file, skipReasonOf(error, file, maxTextFileBytes));
    return [];
  }
  if (text.includes('\u0000')) {
    skip?.(file, 'binary content (NUL bytes); not searched for flag keys');
    return [];
  }
  return findTextReferences(file, text, pattern);
}
