import * as fs from 'node:fs';
import type { ExpectedReference } from '../corpus/sourceWriter';
import type { CorpusManifest } from '../generateCorpus';

export interface BenchEdit {
  kind: 'changeKey' | 'addReference';
  /** Absolute path with forward slashes. */
  file: string;
  text: string;
  /** The key the index must now report, and on which 0-based line. */
  key: string;
  line: number;
}

const identifierChar = /[A-Za-z0-9_$]/;

/** Replaces `token` where it stands on its own (not inside a longer identifier). */
function replaceToken(line: string, token: string, replacement: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = line.indexOf(token, from);
    if (at < 0) return undefined;
    const before = line[at - 1];
    const after = line[at + token.length];
    const boundedBefore = before === undefined || !identifierChar.test(before) || !identifierChar.test(token[0] as string);
    const boundedAfter = after === undefined || !identifierChar.test(after) || !identifierChar.test(token[token.length - 1] as string);
    if (boundedBefore && boundedAfter) return line.slice(0, at) + replacement + line.slice(at + token.length);
    from = at + 1;
  }
}

function spell(key: string, form: ExpectedReference['keyForm']): string {
  if (form === 'camel') return key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return form === 'jsxString' ? `"${key}"` : `'${key}'`;
}

/**
 * `count` edits a developer would make in files that reference flags, alternating between
 * switching a reference to another key and adding a reference (the statement duplicated in its
 * own block, with another key). Each edit starts from the file as generated.
 */
export function planEdits(manifest: CorpusManifest, count: number): BenchEdit[] {
  const byFile = new Map<string, ExpectedReference[]>();
  for (const reference of manifest.expected) byFile.set(reference.file, [...(byFile.get(reference.file) ?? []), reference]);
  const files = [...byFile.keys()];
  const texts = new Map<string, string[]>();
  const edits: BenchEdit[] = [];
  for (let i = 0; edits.length < count && i < count * 4; i++) {
    const relative = files[i % files.length] as string;
    const references = byFile.get(relative) as ExpectedReference[];
    let lines = texts.get(relative);
    if (!lines) {
      lines = fs.readFileSync(`${manifest.root}/${relative}`, 'utf8').split('\n');
      texts.set(relative, lines);
    }
    const newKey = manifest.flags[(i * 7 + 3) % manifest.flags.length] as string;
    const wantAdd = i % 2 === 1;
    const candidates = wantAdd ? references.filter((r) => r.statement) : references;
    const reference = (candidates.length > 0 ? candidates : references)[Math.floor(i / files.length) % (candidates.length || references.length)] as ExpectedReference;
    if (reference.key === newKey) continue;
    const original = lines[reference.line] as string;
    const changed = replaceToken(original, reference.keyText, spell(newKey, reference.keyForm));
    if (changed === undefined) continue;
    const edited = [...lines];
    let line = reference.line;
    let kind: BenchEdit['kind'] = 'changeKey';
    if (wantAdd && reference.statement) {
      const indent = /^\s*/.exec(changed)?.[0] ?? '';
      edited.splice(reference.line + 1, 0, `${indent}{ ${changed.trim()} }`);
      line = reference.line + 1;
      kind = 'addReference';
    } else {
      edited[reference.line] = changed;
    }
    edits.push({ kind, file: `${manifest.root}/${relative}`, text: edited.join('\n'), key: newKey, line });
  }
  return edits;
}
