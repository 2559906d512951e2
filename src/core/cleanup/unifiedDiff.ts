import * as path from 'node:path';
import type { CleanupResult } from './model';
import { toPosixPath } from '../util/paths';

type Op = { kind: ' ' | '-' | '+'; line: string };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Line diff by longest common subsequence, after trimming the common head and tail. */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const aMid = a.slice(head, a.length - tail);
  const bMid = b.slice(head, b.length - tail);
  const n = aMid.length;
  const m = bMid.length;
  const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = aMid[i] === bMid[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: ' ', line }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && aMid[i] === bMid[j]) {
      ops.push({ kind: ' ', line: aMid[i]! });
      i++;
      j++;
    } else if (i < n && (j >= m || table[i + 1]![j]! >= table[i]![j + 1]!)) {
      ops.push({ kind: '-', line: aMid[i]! });
      i++;
    } else {
      ops.push({ kind: '+', line: bMid[j]! });
      j++;
    }
  }
  for (const line of a.slice(a.length - tail)) ops.push({ kind: ' ', line });
  return ops;
}

function hunks(ops: readonly Op[], context: number): string[] {
  const out: string[] = [];
  let index = 0;
  while (index < ops.length) {
    while (index < ops.length && ops[index]!.kind === ' ') index++;
    if (index >= ops.length) break;
    const start = Math.max(0, index - context);
    let end = index;
    let lastChange = index;
    while (end < ops.length) {
      if (ops[end]!.kind !== ' ') lastChange = end;
      else if (end - lastChange > context * 2) break;
      end++;
    }
    end = Math.min(ops.length, lastChange + context + 1);
    let oldLine = 1;
    let newLine = 1;
    for (const op of ops.slice(0, start)) {
      if (op.kind !== '+') oldLine++;
      if (op.kind !== '-') newLine++;
    }
    const slice = ops.slice(start, end);
    const oldCount = slice.filter((o) => o.kind !== '+').length;
    const newCount = slice.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@`);
    for (const op of slice) out.push(op.kind + op.line);
    index = end;
  }
  return out;
}

/** The changes as a `git apply`-compatible unified diff with paths relative to the root. */
export function formatUnifiedDiff(result: CleanupResult, root: string, context = 3): string {
  const out: string[] = [];
  for (const change of [...result.changes].sort((x, y) => (x.file < y.file ? -1 : 1))) {
    const relative = path.posix.relative(toPosixPath(root), change.file);
    const before = splitLines(change.before);
    const after = change.after === null ? [] : splitLines(change.after);
    out.push(`diff --git a/${relative} b/${relative}`);
    if (change.after === null) out.push('deleted file mode 100644');
    out.push(`--- a/${relative}`, change.after === null ? '+++ /dev/null' : `+++ b/${relative}`);
    out.push(...hunks(diffLines(before, after), context));
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
