import * as fs from 'node:fs';
import { ts } from 'ts-morph';
import type { CorpusManifest } from '../generateCorpus';
import { startClock } from './memory';

export interface ParseOnlyResult {
  ms: number;
  cpuMs: number;
  files: number;
  statements: number;
}

/** The floor a full parser cannot beat: read every source and `ts.createSourceFile` it, nothing else. */
export function runParseOnly(manifest: CorpusManifest): ParseOnlyResult {
  const stop = startClock();
  let statements = 0;
  for (const relative of manifest.sourceFiles) {
    const file = `${manifest.root}/${relative}`;
    const text = fs.readFileSync(file, 'utf8');
    const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
    // Touch the result so the parse cannot be skipped as dead code.
    statements += sourceFile.statements.length;
  }
  const { wallMs, cpuMs } = stop();
  return { ms: wallMs, cpuMs, files: manifest.sourceFiles.length, statements };
}
