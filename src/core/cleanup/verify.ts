import { ts } from '../util/typescript';
import { editorLineAt } from './editorLines';
import type { CleanupProblem } from './model';

export interface FileDiagnostic {
  file: string;
  line: number;
  code: number;
  message: string;
  /** Offset and length in the file, when the diagnostic has a place. */
  start?: number;
  length?: number;
}

/** Syntactic and semantic diagnostics the compiler reports for the given files. */
export function collectDiagnostics(program: ts.Program, files: Iterable<string>): FileDiagnostic[] {
  const out: FileDiagnostic[] = [];
  for (const file of files) {
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) continue;
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    for (const diagnostic of diagnostics) {
      const line = diagnostic.start === undefined ? 0 : editorLineAt(sourceFile, diagnostic.start);
      const place = diagnostic.start === undefined ? {} : { start: diagnostic.start, length: diagnostic.length ?? 0 };
      out.push({ file, line, code: diagnostic.code, message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '), ...place });
    }
  }
  return out;
}

/** A union of names or literals (`'"b" | "a"'`): the checker orders members by when it met them. */
const unionPattern = /(?:"[^"\n]*"|'[^'\n]*'|[\w$.]+)(?: \| (?:"[^"\n]*"|'[^'\n]*'|[\w$.]+))+/g;

/** The message with the members of every simple union sorted: two checkers word the same error alike. */
function canonicalMessage(message: string): string {
  return message.replace(unionPattern, (union) => union.split(' | ').sort().join(' | '));
}

/**
 * Diagnostics present after cleanup that were not there before, matched per file by code and
 * message (positions shift when code is removed, so they cannot be compared in changed files).
 * In a file the cleanup did not change (listed in `unchanged`), a diagnostic at the same place
 * with the same code is the same error even if the checker words its types differently.
 */
export function newDiagnostics(before: readonly FileDiagnostic[], after: readonly FileDiagnostic[], unchanged: ReadonlySet<string> = new Set()): CleanupProblem[] {
  const remaining = new Map<string, FileDiagnostic[]>();
  const keyOf = (d: FileDiagnostic) => `${d.file}\u0000${d.code}\u0000${canonicalMessage(d.message)}`;
  for (const d of before) remaining.set(keyOf(d), [...(remaining.get(keyOf(d)) ?? []), d]);
  const unmatched: FileDiagnostic[] = [];
  for (const d of after) {
    const same = remaining.get(keyOf(d));
    if (same && same.length > 0) same.shift();
    else unmatched.push(d);
  }
  const leftBefore = [...remaining.values()].flat();
  const problems: CleanupProblem[] = [];
  for (const d of unmatched) {
    const place = unchanged.has(d.file) && d.start !== undefined ? leftBefore.findIndex((b) => b.file === d.file && b.code === d.code && b.start === d.start && b.length === d.length) : -1;
    if (place !== -1) {
      leftBefore.splice(place, 1);
      continue;
    }
    problems.push({ file: d.file, line: d.line, message: `TS${d.code}: ${d.message}` });
  }
  return problems;
}
