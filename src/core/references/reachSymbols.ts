import { ts } from '../util/typescript';
import { containsWord } from './prefilter';
import type { Binding } from './scope';
import { fileOf, Symbols, type Target } from './symbols';
import type { Workspace } from './workspace';

/** Whether a type reference names this identifier (`client: LDClient`): a value question, not a key. */
function isTypeName(id: ts.Identifier): boolean {
  const parent = id.parent;
  return parent !== undefined && (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent) || ts.isExpressionWithTypeArguments(parent));
}

/** `export * from '…'` and `export * as n from '…'`: the modules a name may come from (spelled out by a text search). */
const starSpecifier = /\bexport\s*\*\s*(?:as\s+[\w$]+\s*)?from\s*(['"])([^'"\n]+)\1/g;
/** `export *`, or `export` then a comment (which may hide a `*`): every line that may be a star line. */
const maybeStar = /\bexport\s*(?:\*|\/[*/])/g;

function countMatches(regex: RegExp, text: string): number {
  regex.lastIndex = 0;
  let count = 0;
  while (regex.exec(text)) count++;
  return count;
}

/** Past this many modules behind one barrel the search parses as before. */
const maxStarClosure = 2000;

/**
 * Symbols that do not follow a value into a file that cannot carry flags (see FlagReach). Only the
 * value questions are cut short: what an imported function, class or type is, asked by the SDK
 * value classification. Keys are resolved as before, through any file: `identifier()` outside a type
 * position is the key resolver asking, and everything it asks is answered in full.
 */
export class ReachSymbols extends Symbols {
  /** Nesting of key lookups in progress: value questions asked inside them are answered in full. */
  private keyDepth = 0;
  /** Files not followed during the current analysis, when someone collects them. */
  pruned: Set<string> | undefined;

  constructor(
    private readonly workspace: Workspace,
    private readonly canCarryFlags: (file: string, name: string) => boolean,
  ) {
    super(workspace);
  }

  override identifier(id: ts.Identifier): Target | undefined {
    if (isTypeName(id)) return super.identifier(id);
    this.keyDepth++;
    try {
      return super.identifier(id);
    } finally {
      this.keyDepth--;
    }
  }

  override exportOf(file: string, name: string, hops = 0, seen?: Set<string>): Target | undefined {
    if (!this.workspace.mayExport(file, name)) {
      // Still a dependency: an edit that adds the export must redo this analysis.
      this.workspace.touch([file]);
      return undefined;
    }
    // A barrel not parsed yet whose `export *` lines lead only to modules whose texts never name it.
    const searched = this.workspace.isLoaded(file) ? undefined : this.starClosureWithout(file, name);
    if (searched) {
      this.workspace.touch(searched);
      return undefined;
    }
    return super.exportOf(file, name, hops, seen);
  }

  /**
   * `file` and every module its `export *` lines lead to, when none of their texts names `name` nor
   * exports by CommonJS or `export =`: no syntax can export a name its text never spells, so the search through
   * them ends without parsing any. Undefined when one may (or cannot be read, or leads outside).
   */
  private starClosureWithout(file: string, name: string): string[] | undefined {
    const out = [file];
    const seen = new Set(out);
    for (let i = 0; i < out.length; i++) {
      if (out.length > maxStarClosure) return undefined;
      const text = this.workspace.textOf(out[i]!);
      if (text === undefined || containsWord(text, name) || /\bexports\b|\bexport\s*=/.test(text)) return undefined;
      // Every line that may be a star line must be one the strict pattern read (a comment inside it, a quote in its path: the search parses as before).
      if (countMatches(maybeStar, text) !== countMatches(starSpecifier, text)) return undefined;
      starSpecifier.lastIndex = 0;
      for (let m = starSpecifier.exec(text); m; m = starSpecifier.exec(text)) {
        const resolved = this.workspace.resolve(out[i]!, m[2]!);
        if (resolved?.kind !== 'file') return undefined;
        if (seen.has(resolved.file)) continue;
        seen.add(resolved.file);
        out.push(resolved.file);
      }
    }
    return out;
  }

  /**
   * A declared type is no value: an imported variable typed `Ctx`, or a function declared to return
   * it, leads to a client whatever FlagReach says of the file's values (it answers for values only).
   */
  override declaredBinding(binding: Binding): Target | undefined {
    this.keyDepth++;
    try {
      return super.binding(binding, 0);
    } finally {
      this.keyDepth--;
    }
  }

  override binding(binding: Binding, hops: number): Target | undefined {
    // hops 0 from outside Symbols is the value classification following an import.
    if (hops === 0 && this.keyDepth === 0 && binding.kind === 'import') {
      const resolved = this.workspace.resolve(fileOf(binding.decl), binding.specifier);
      if (resolved?.kind === 'file' && !this.canCarryFlags(resolved.file, binding.importName)) {
        // A dependency all the same: if that file starts to reach flags, this analysis is redone.
        this.workspace.touch([resolved.file]);
        this.pruned?.add(resolved.file);
        return undefined;
      }
    }
    return super.binding(binding, hops);
  }
}
