import type { FlagReference } from '../../src/core/references/model';
import type { ExpectedReference } from '../corpus/sourceWriter';

export interface CoverageResult {
  expected: number;
  found: number;
  matched: number;
  missing: { key: string; file: string; line: number; pattern: string }[];
  unexpected: { key: string; file: string; line: number; pattern: string }[];
  textMatches: number;
}

const keyOf = (key: string, file: string, line: number): string => `${key}\u0000${file}\u0000${line}`;

/** Compares the index's AST references with what the generator wrote, as multisets of (key, file, line). */
export function compareReferences(root: string, expected: readonly ExpectedReference[], found: readonly FlagReference[]): CoverageResult {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  const pending = new Map<string, ExpectedReference[]>();
  for (const reference of expected) {
    const id = keyOf(reference.key, reference.file, reference.line);
    pending.set(id, [...(pending.get(id) ?? []), reference]);
  }
  const unexpected: CoverageResult['unexpected'] = [];
  let matched = 0;
  let ast = 0;
  let textMatches = 0;
  for (const reference of found) {
    if (reference.confidence !== 'ast') {
      textMatches++;
      continue;
    }
    ast++;
    const file = reference.file.startsWith(prefix) ? reference.file.slice(prefix.length) : reference.file;
    const bucket = pending.get(keyOf(reference.key, file, reference.keySpan.startLine));
    if (bucket && bucket.length > 0) {
      bucket.pop();
      matched++;
    } else {
      unexpected.push({ key: reference.key, file, line: reference.keySpan.startLine, pattern: reference.pattern });
    }
  }
  const missing = [...pending.values()].flat().map(({ key, file, line, pattern }) => ({ key, file, line, pattern }));
  return { expected: expected.length, found: ast, matched, missing, unexpected, textMatches };
}

/** `pattern → count`, most frequent first: which generated forms the index misses. */
export function countBy<T>(items: readonly T[], by: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(by(item), (counts.get(by(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}
