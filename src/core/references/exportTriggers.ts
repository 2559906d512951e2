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
  /**
   * The name is only the hint for a default export (`defaultExportName`): a file that imports
   * nothing by default from a module of that name (`import type { Row } from '../types'`) cannot
   * use it. Without this, every importer of any `…/types` folder became a candidate.
   */
  defaultHint?: boolean;
  /**
   * For a default hint: the file whose default it is. A default imported from a specifier that
   * names no file by its text (`import C from '..'`) counts when the specifier leads to one of these.
   */
  origin?: string;
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
  /** Any file that may import a default under these names (see `mayImportDefault`) can. */
  private readonly hints = new Set<string>();
  /** Only importers that name one of the members (or may hand the value on) can. */
  private readonly guarded = new Map<string, Set<string>>();
  /** Files whose defaults the hints stand for (see ExportTrigger.origin). */
  private readonly origins = new Set<string>();
  /** A hint came without its file: a default imported from `.` or `..` may be any. */
  private originless = false;

  constructor(triggers: Iterable<ExportTrigger> = []) {
    this.add(triggers);
  }

  get size(): number {
    return this.open.size + this.hints.size + this.guarded.size;
  }

  /** Adds triggers; returns what is new: names not known before, names now open, members not named before. */
  add(triggers: Iterable<ExportTrigger>): ExportTrigger[] {
    const added: ExportTrigger[] = [];
    for (const { name, members, defaultHint, origin } of triggers) {
      if (!name) continue;
      if (members === undefined && defaultHint) {
        // A file's default met for the first time under a name known already: its `.` and `..` importers are new.
        const freshOrigin = origin !== undefined && !this.origins.has(origin);
        if (origin !== undefined) this.origins.add(origin);
        else this.originless = true;
        if (this.open.has(name) || this.hints.has(name)) {
          if (freshOrigin) added.push({ name, defaultHint, origin });
          continue;
        }
        this.hints.add(name);
        added.push(origin === undefined ? { name, defaultHint } : { name, defaultHint, origin });
        continue;
      }
      if (this.open.has(name)) continue;
      if (members === undefined) {
        this.hints.delete(name);
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
  test(signature: string, text: () => string | undefined, resolve?: (specifier: string) => string | undefined): boolean {
    // A name is imported in a clause's head or read from a namespace, never in the path a clause
    // imports from: `export let app` made every file importing '@/app/…' a candidate (review r21).
    let names: string | undefined;
    const named = (name: string): boolean => containsWord(signature, name) && containsWord((names ??= withoutClauseSpecifiers(signature)), name);
    for (const name of this.open) if (named(name)) return true;
    if (this.hints.size > 0 && this.importsHintedDefaultByPath(signature, resolve)) return true;
    for (const name of this.hints) if (mayImportDefaultAs(signature, name)) return true;
    let content: string | undefined;
    for (const [name, members] of this.guarded) {
      if (!named(name)) continue;
      content ??= text();
      if (content === undefined || mayExport(content)) return true;
      for (const m of members) if (containsWord(content, m)) return true;
    }
    return false;
  }

  /**
   * Whether a default-importing clause whose specifier names no file by its text leads to a file
   * whose default is hinted. Resolved where the caller can (every `import C from '..'` of a large
   * repository was parsed once any default led to flags); otherwise, or for a hint without its
   * file, any such clause counts.
   */
  private importsHintedDefaultByPath(signature: string, resolve: ((specifier: string) => string | undefined) | undefined): boolean {
    const specifiers = unnamedDefaultSpecifiers(signature);
    if (specifiers.length === 0) return false;
    if (!resolve || this.originless) return true;
    return specifiers.some((specifier) => {
      const file = resolve(specifier);
      return file !== undefined && this.origins.has(file);
    });
  }
}

/**
 * The signature with the module specifiers of its `… from '…'` clauses emptied. `export * from`
 * keeps its path (it names no name: a barrel re-exporting `./app` hands on `app`), and so do
 * `require('…')` and `import('…')` (`require('./app').app` names nothing else).
 */
function withoutClauseSpecifiers(signature: string): string {
  return signature.replace(/(?<!\bexport\s*(?:type\s*)?\*\s*(?:as\s+[\w$]+\s*)?)\bfrom(\s*)(['"])[^'"\n]*\2/g, 'from$1$2$2');
}

/** Any export at all, in either module system; the word in a comment counts too (more files looked at, none missed). */
function mayExport(text: string): boolean {
  return /\bexports?\b/.test(text);
}

/** The end of a clause of a signature: `from` and its module specifier. */
const fromPattern = /\bfrom\s*(['"])([^'"\n]*)\1/g;
const keywordPattern = /\b(?:import|export)\b/g;

/**
 * Whether a file with this import signature may import, under `name`, the default of a module whose
 * file name gives that hint: a default binding, a namespace or `default` in braces from a specifier
 * that has the name as a word (or names no file by its text, as `..` does), or a default bound to
 * that very name. Errs on yes: a clause of a shape not recognized here, and the signature's other
 * parts (requires, dynamic imports, namespace members) that mention the name, count. Linear in the
 * signature (see clausesOf).
 */
export function mayImportDefault(signature: string, name: string): boolean {
  return mayImportDefaultAs(signature, name) || unnamedDefaultSpecifiers(signature).length > 0;
}

function mayImportDefaultAs(signature: string, name: string): boolean {
  if (!containsWord(signature, name)) return false;
  let rest = '';
  for (const clause of clausesOf(signature, (text) => (rest += text))) {
    if (!containsWord(clause.text, name)) continue;
    const reading = defaultImportOf(clause.word, clause.head);
    if (reading === 'unknown') return true;
    if (reading.binding === name) return true;
    // The name anywhere in the specifier: a `paths` alias (`@types`, `~/flags`) or a package names it its own way.
    if (reading.capable && (specifierNames(clause.specifier, name) || namesNoFile(clause.specifier))) return true;
  }
  // A package specifier is a hint whole (`@acme/ui` for the package's entry): in a require or an import(), only as the whole string.
  return name.includes('/') ? ["'", '"', '`'].some((quote) => rest.includes(`${quote}${name}${quote}`)) : containsWord(rest, name);
}

/**
 * Whether a specifier names a hint: as a word of it (`~/types`, `@flags`), or exactly, for a hint that
 * is a package specifier with a slash (`@acme/ui` must not match `@acme/ui/button`).
 */
function specifierNames(specifier: string, name: string): boolean {
  return name.includes('/') ? specifier === name : containsWord(specifier, name);
}

/**
 * The specifiers naming no file by their text (`import C from '.'`, `'..'`, `'../index'`) of the
 * clauses that can bring in a default: any default-export hint may be what one gets. Asked once per
 * signature, not per hint (a signature of 20,000 clauses and 200 hints took seconds).
 */
function unnamedDefaultSpecifiers(signature: string): string[] {
  if (!unnamedSpecifier.test(signature)) return [];
  const out: string[] = [];
  for (const clause of clausesOf(signature)) {
    if (!namesNoFile(clause.specifier)) continue;
    const reading = defaultImportOf(clause.word, clause.head);
    if (reading === 'unknown' || reading.capable) out.push(clause.specifier);
  }
  return out;
}

interface SignatureClause {
  /** From its keyword to the end of its specifier's quote. */
  text: string;
  word: 'import' | 'export';
  /** Between the keyword and `from`, without a leading `type`. */
  head: string;
  specifier: string;
}

/**
 * The `… from '…'` clauses of a signature, in order; `between` gets the rest of the text (a line
 * break where a clause starts). A clause starts at the first keyword after the one before it (a
 * later one may sit in a comment inside it), searched in that stretch only: the stretches do not
 * overlap, so the signature is read once (a search from each keyword went quadratic on a file of
 * 16,000 dynamic imports, whose keywords have no `from`).
 */
function* clausesOf(signature: string, between?: (text: string) => void): Generator<SignatureClause> {
  let last = 0;
  const pattern = new RegExp(fromPattern.source, 'g');
  for (let m = pattern.exec(signature); m; m = pattern.exec(signature)) {
    const end = pattern.lastIndex;
    const stretch = signature.slice(last, m.index);
    keywordPattern.lastIndex = 0;
    const first = keywordPattern.exec(stretch);
    const keyword = first ? last + first.index : -1;
    if (keyword < 0) {
      between?.(signature.slice(last, end));
      last = end;
      continue;
    }
    between?.(`${signature.slice(last, keyword)}\n`);
    last = end;
    const word = signature.startsWith('import', keyword) ? 'import' : 'export';
    const head = signature.slice(keyword + word.length, m.index).trim().replace(/^type\s+(?=[\w${*])/, '');
    yield { text: signature.slice(keyword, end), word, head, specifier: m[2]! };
  }
  between?.(signature.slice(last));
}

/** What a clause's head brings in of a module's default: whether it can, and the local name of a default binding. */
function defaultImportOf(keyword: 'import' | 'export', head: string): { capable: boolean; binding?: string } | 'unknown' {
  const named = /^\{[^{}]*\}$/.exec(head);
  if (named) return { capable: /\bdefault\b/.test(head) };
  if (/^\*\s*as\s+[\w$]+$/.test(head)) return { capable: true };
  // `export * from` re-exports everything but the default.
  if (keyword === 'export' && head === '*') return { capable: false };
  const binding = keyword === 'import' ? /^([\w$]+)\s*(?:,\s*(?:\{[^{}]*\}|\*\s*as\s+[\w$]+))?$/.exec(head) : null;
  return binding ? { capable: true, binding: binding[1]! } : 'unknown';
}

/** A quote or slash, then `.` or `..` (and `/`, `/index`), then a quote: what every specifier naming no file by its text holds (see namesNoFile). */
const unnamedSpecifier = /['"/]\.\.?\/?(?:index(?:\.[cm]?[jt]sx?)?)?['"]/;

/** A specifier whose text does not say which file it names (`.`, `..`, `./sub/..`, `../index`): its folder's name is elsewhere. */
function namesNoFile(specifier: string): boolean {
  const segments = specifier.split('/').filter((s) => s.length > 0);
  let last = segments.pop() ?? '';
  if (/^index(?:\.[cm]?[jt]sx?)?$/.test(last)) last = segments.pop() ?? '';
  return last === '' || last === '.' || last === '..';
}
