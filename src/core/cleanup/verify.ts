import { ts } from 'ts-morph';
import { editorLineAt } from './editorLines';
import type { CleanupProblem } from './model';

export interface FileDiagnostic {
  file: string;
  line: number;
  code: number;
  message: string;
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
      out.push({ file, line, code: diagnostic.code, message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ') });
    }
  }
  return out;
}

/**
 * Diagnostics present after cleanup that were not there before, matched per file by code and
 * message (positions shift when code is removed, so they cannot be compared).
 */
export function newDiagnostics(before: readonly FileDiagnostic[], after: readonly FileDiagnostic[]): CleanupProblem[] {
  const remaining = new Map<string, number>();
  const keyOf = (d: FileDiagnostic) => `${d.file}\u0000${d.code}\u0000${d.message}`;
  for (const d of before) remaining.set(keyOf(d), (remaining.get(keyOf(d)) ?? 0) + 1);
  const problems: CleanupProblem[] = [];
  for (const d of after) {
    const count = remaining.get(keyOf(d)) ?? 0;
    if (count > 0) {
      remaining.set(keyOf(d), count - 1);
      continue;
    }
    problems.push({ file: d.file, line: d.line, message: `TS${d.code}: ${d.message}` });
  }
  return problems;
}
