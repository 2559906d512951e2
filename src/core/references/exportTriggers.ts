import * as path from 'node:path';
import { containsWord } from './prefilter';

/**
 * An exported name whose value carries flags: files that import it can matter. With `members`, the
 * value reaches flags only through those members of a class or its instances (a service whose
 * client field or client-returning method is the only way in): a file that never names one of
 * them evaluates no flag through it. It may still hand the value on (`export default new
 * Service()`) to a file that does; `handedOn` says whether that can happen without naming a
 * TypeScript `private` member, which no other file can read without naming it.
 */
export interface ExportTrigger {
  name: string;
  members?: readonly string[];
  handedOn?: boolean;
}

interface Guard {
  members: Set<string>;
  handedOn: boolean;
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
  /** Only importers that name one of the members (or hand the value on) can. */
  private readonly guarded = new Map<string, Guard>();

  constructor(triggers: Iterable<ExportTrigger> = []) {
    this.add(triggers);
  }

  get size(): number {
    return this.open.size + this.guarded.size;
  }

  /** Adds triggers; returns what is new: names not known before, names now open, members or hand-ons not known before. */
  add(triggers: Iterable<ExportTrigger>): ExportTrigger[] {
    const added: ExportTrigger[] = [];
    for (const { name, members, handedOn = false } of triggers) {
      if (!name || this.open.has(name)) continue;
      if (members === undefined) {
        this.guarded.delete(name);
        this.open.add(name);
        added.push({ name });
        continue;
      }
      let known = this.guarded.get(name);
      if (!known) this.guarded.set(name, (known = { members: new Set(), handedOn: false }));
      const fresh = members.filter((m) => !known.members.has(m));
      for (const m of fresh) known.members.add(m);
      if (handedOn && !known.handedOn) {
        known.handedOn = true;
        added.push({ name, members: [...known.members], handedOn });
      } else if (fresh.length > 0) added.push({ name, members: fresh, handedOn: known.handedOn });
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
    for (const [name, guard] of this.guarded) {
      if (!containsWord(signature, name)) continue;
      content ??= text();
      if (content === undefined || (guard.handedOn && mayExport(content))) return true;
      for (const m of guard.members) if (containsWord(content, m)) return true;
    }
    return false;
  }
}

/** Any export at all, in either module system; the word in a comment counts too (more files looked at, none missed). */
function mayExport(text: string): boolean {
  return /\bexports?\b/.test(text);
}
