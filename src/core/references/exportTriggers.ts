import * as path from 'node:path';
import { containsWord } from './prefilter';

/**
 * An exported name whose value carries flags: files that import it can matter. With `members`, the
 * value reaches flags only through those members of a class or its instances (a service whose
 * client field or client-returning method is the only way in): a file that never names one of
 * them evaluates no flag through it. It may still hand the value on (`export default new
 * Service()`, also a TypeScript-`private` member that a third file reads as `x['client']`), so a
 * file that exports anything is looked at all the same.
 */
export interface ExportTrigger {
  name: string;
  members?: readonly string[];
}

/** The name importers of a module's default export most likely give it: the module's file name (its folder's, for an index). */
export function defaultExportName(file: string): string {
  const base = path.posix.basename(file).replace(/\.[^.]+$/, '');
  return base === 'index' ? path.posix.basename(path.posix.dirname(file)) : base;
}

/** The exported names found to carry flags so far, and which importers each one makes candidates. */
export class ExportTriggers {
  /** Any importer of these can reach flags. */
  private readonly open = new Set<string>();
  /** Only importers that name one of the members (or may hand the value on) can. */
  private readonly guarded = new Map<string, Set<string>>();

  constructor(triggers: Iterable<ExportTrigger> = []) {
    this.add(triggers);
  }

  get size(): number {
    return this.open.size + this.guarded.size;
  }

  /** Adds triggers; returns what is new: names not known before, names now open, members not named before. */
  add(triggers: Iterable<ExportTrigger>): ExportTrigger[] {
    const added: ExportTrigger[] = [];
    for (const { name, members } of triggers) {
      if (!name || this.open.has(name)) continue;
      if (members === undefined) {
        this.guarded.delete(name);
        this.open.add(name);
        added.push({ name });
        continue;
      }
      let known = this.guarded.get(name);
      if (!known) this.guarded.set(name, (known = new Set()));
      const fresh = members.filter((m) => !known.has(m));
      for (const m of fresh) known.add(m);
      if (fresh.length > 0) added.push({ name, members: fresh });
    }
    return added;
  }

  /**
   * Whether a file with this import signature can use one of the names. `text` is asked for only
   * when a guarded name is imported; a file that cannot be read counts as using it.
   */
  test(signature: string, text: () => string | undefined): boolean {
    for (const name of this.open) if (containsWord(signature, name)) return true;
    let content: string | undefined;
    for (const [name, members] of this.guarded) {
      if (!containsWord(signature, name)) continue;
      content ??= text();
      if (content === undefined || mayExport(content)) return true;
      for (const m of members) if (containsWord(content, m)) return true;
    }
    return false;
  }
}

/** Any export at all, in either module system; the word in a comment counts too (more files looked at, none missed). */
function mayExport(text: string): boolean {
  return /\bexports?\b/.test(text);
}
