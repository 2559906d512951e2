/**
 * A module's imports and exports as its text shows them, without parsing: enough to follow a name
 * through barrels (`export * from`, `export { x } from`) to the file that declares it. Everything
 * here errs on the side of more: a clause in a comment adds an edge, a form not understood marks
 * the module as exporting anything.
 */

/** One import: named bindings (`imported` as `local`), or `all` for a namespace, `require()` or `import()`. */
export interface ImportClause {
  specifier: string;
  names: readonly { imported: string; local: string }[] | 'all';
}

export interface ModuleFacts {
  imports: readonly ImportClause[];
  /** `export { a as b } from 'x'` (b → x, a) and `export * as n from 'x'` (n → x, '*'). */
  reexports: ReadonlyMap<string, { specifier: string; imported: string }>;
  /** `export * from 'x'` */
  stars: readonly string[];
  /** Exported name → local name, for declarations (`export function f`) and `export { a as b }` lists. */
  locals: ReadonlyMap<string, string>;
  /** Exported names declared only as interfaces or type aliases: no value can come from them. */
  typeOnly: ReadonlySet<string>;
  /** CommonJS exports, `export =`, or a declaration form not read here: any name may be exported. */
  anyExport: boolean;
}

function isIdentifierChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36 || code > 127;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

function skipSpaces(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

function identifierAt(text: string, at: number): string {
  let end = at;
  while (end < text.length && isIdentifierChar(text.charCodeAt(end))) end++;
  return text.slice(at, end);
}

function wordBoundaryAt(text: string, at: number, length: number): boolean {
  return (at === 0 || !isIdentifierChar(text.charCodeAt(at - 1))) && !isIdentifierChar(text.charCodeAt(at + length));
}

/** The quoted string starting at `at` after spaces, with the offset after its closing quote. */
function quotedAt(text: string, at: number): { value: string; end: number } | undefined {
  const start = skipSpaces(text, at);
  const q = text[start];
  if (q !== "'" && q !== '"') return undefined;
  const close = text.indexOf(q, start + 1);
  if (close < 0 || close - start > 300) return undefined;
  const value = text.slice(start + 1, close);
  return value.includes('\n') ? undefined : { value, end: close + 1 };
}

/** `a, b as c, type d, default as e` → pairs of (external, internal) names. */
function bindingList(list: string): { outer: string; inner: string }[] {
  const out: { outer: string; inner: string }[] = [];
  for (const raw of list.split(',')) {
    const part = raw.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').trim().replace(/^type\s+/, '');
    if (!part) continue;
    const [first, second] = part.split(/\s+as\s+/);
    const a = first!.trim().replace(/^['"]|['"]$/g, '');
    const b = (second ?? first!).trim().replace(/^['"]|['"]$/g, '');
    if (a && b) out.push({ outer: a, inner: b });
  }
  return out;
}

const declarationKeywords = new Set(['function', 'class', 'interface', 'type', 'enum', 'namespace', 'module', 'const', 'let', 'var']);
const modifierKeywords = new Set(['declare', 'abstract', 'async', 'default']);

/** What follows `export` at `at` when it is not a `from` clause: a declaration or a local list. */
function readLocalExport(text: string, at: number, locals: Map<string, string>, types: Set<string>, values: Set<string>): 'ok' | 'unknown' {
  let i = skipSpaces(text, at);
  // `export type { A }` exports names like a list does (a class exported as a type still types a field).
  if (text.startsWith('type', i) && wordBoundaryAt(text, i, 4) && text.charCodeAt(skipSpaces(text, i + 4)) === 123) i = skipSpaces(text, i + 4);
  const c = text.charCodeAt(i);
  if (c === 123 /* { */) {
    const close = text.indexOf('}', i);
    if (close < 0) return 'unknown';
    // `export { a } from 'x'` is a re-export, read with the from clauses.
    if (text.startsWith('from', skipSpaces(text, close + 1))) return 'ok';
    for (const { outer, inner } of bindingList(text.slice(i + 1, close))) {
      locals.set(inner, outer);
      values.add(inner);
    }
    return 'ok';
  }
  if (c === 42 /* * */) return 'ok';
  if (c === 61 /* = */) return 'unknown';
  let word = identifierAt(text, i);
  if (word === 'import') {
    // `export import N = …`
    const name = identifierAt(text, skipSpaces(text, i + word.length));
    if (!name) return 'unknown';
    locals.set(name, name);
    return 'ok';
  }
  while (modifierKeywords.has(word)) {
    if (word === 'default') {
      // `export default Foo;` exports the local Foo; `export default function Foo` declares it.
      const next = skipSpaces(text, i + word.length);
      let local = identifierAt(text, next);
      if (local === 'function' || local === 'class' || local === 'async' || local === 'abstract') {
        let at = skipSpaces(text, next + local.length);
        if (local === 'async' || local === 'abstract') at = skipSpaces(text, at + identifierAt(text, at).length);
        if (text.charCodeAt(at) === 42 /* * */) at = skipSpaces(text, at + 1);
        local = identifierAt(text, at) || 'default';
      }
      // Only a bare name is a local (`export default memo(Foo)` is an expression).
      const after = text.charCodeAt(skipSpaces(text, next + local.length));
      const bare = local !== '' && !isReservedWord(local) && (Number.isNaN(after) || after === 59 || after === 10 || after === 13 || after === 125);
      const declared = text.startsWith(local, next) ? false : local !== 'default';
      locals.set('default', bare || declared ? local : 'default');
      return 'ok';
    }
    i = skipSpaces(text, i + word.length);
    word = identifierAt(text, i);
  }
  if (!declarationKeywords.has(word)) return 'unknown';
  i = skipSpaces(text, i + word.length);
  if (word === 'const' && text.startsWith('enum', i) && wordBoundaryAt(text, i, 4)) i = skipSpaces(text, i + 4);
  if (text.charCodeAt(i) === 42 /* function* */) i = skipSpaces(text, i + 1);
  const name = identifierAt(text, i);
  if (!name) return 'unknown';
  locals.set(name, name);
  (word === 'interface' || word === 'type' ? types : values).add(name);
  // `export const a = 1, b = 2` declares more than the first name: not read here.
  if ((word === 'const' || word === 'let' || word === 'var') && !endsAtFirstDeclarator(text, i + name.length)) return 'unknown';
  return 'ok';
}

/**
 * Whether a `const` statement ends after its first declarator: no comma outside brackets before the
 * statement ends (`;`, or a line break at depth 0 where the next line does not continue it).
 */
function endsAtFirstDeclarator(text: string, at: number): boolean {
  let depth = 0;
  for (let i = at; i < text.length && i < at + 20000; i++) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const end = text.indexOf('\n', i);
      if (end < 0) return true;
      i = end - 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return false;
      i = end + 1;
    } else if (c === 10 /* \n */ && depth <= 0) {
      // Without semicolons a line break ends the statement unless the next line continues it.
      const next = text.charCodeAt(skipSpaces(text, i));
      if (isIdentifierChar(next) || next === 125 /* } */) return true;
    } else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === 39 || c === 34 || c === 96) {
      // Skip strings and templates (a comma inside one is not a declarator).
      const close = text.indexOf(String.fromCharCode(c), i + 1);
      if (close < 0) return false;
      i = close;
    } else if (depth <= 0 && c === 59 /* ; */) return true;
    else if (depth <= 0 && c === 44 /* , */) return false;
    if (depth < 0) return true;
  }
  // The end of the file ends the statement; a very long one is not read to its end.
  return depth <= 0 && text.length <= at + 20000;
}

/**
 * Whether the keyword at `at` starts a statement: a line start, or after `;`, `{` or `}`, and
 * followed by a space, `{` or `*` (not `export-import` in a path, not `exports.x`).
 */
function startsStatement(text: string, at: number, length: number): boolean {
  const next = text.charCodeAt(at + length);
  if (!(isSpace(next) || next === 123 || next === 42)) return false;
  let i = at - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  if (i < 0) return true;
  const c = text.charCodeAt(i);
  return c === 10 || c === 13 || c === 59 || c === 123 || c === 125 || c === 47;
}

/** The `import`/`export` keyword that starts the clause ending in `from` at `at` (not one inside a path string), or -1. */
function clauseStart(text: string, at: number): number {
  // Searched in the 4,000 characters before `at` only: `lastIndexOf` over the whole text read back to
  // the file's start for every `from` of a file without the keywords.
  const from = Math.max(0, at - 4000);
  const window = text.slice(from, at);
  let limit = window.length;
  while (limit > 0) {
    const start = Math.max(window.lastIndexOf('import', limit - 1), window.lastIndexOf('export', limit - 1));
    if (start < 0) return -1;
    if (startsStatement(text, from + start, 6)) return from + start;
    limit = start;
  }
  return -1;
}

/**
 * Whether a `;` outside comments and strings lies between `start` and `end`, or `end` is inside a
 * comment or a string: then the keyword at `start` does not begin a clause that ends there
 * (`import {\n a, // a; b\n} from 'x'` is one clause).
 */
export function semicolonBetween(text: string, start: number, end: number): boolean {
  // Looked for between the two only: `lastIndexOf` from `end` read back to the file's last `;` before
  // `start`, quadratic on code written without semicolons (800 KB of imports took 5.4 s).
  if (!text.slice(start + 1, end + 1).includes(';')) return false;
  // Comments are skipped, and so are strings (a `//` in one is no comment). A `from` inside either ends no clause.
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 59 /* ; */) return true;
    if (c === 39 || c === 34 || c === 96) {
      const close = text.indexOf(text[i]!, i + 1);
      if (close < 0 || close >= end) return true;
      i = close;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const newline = text.indexOf('\n', i);
      if (newline < 0 || newline >= end) return true;
      i = newline;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close >= end) return true;
      i = close + 1;
    }
  }
  return false;
}

function isReservedWord(word: string): boolean {
  return word === 'new' || word === 'function' || word === 'class' || word === 'async' || word === 'await' || word === 'typeof' || word === 'void';
}

const statementModifiers = new Set(['export', 'default', 'async', 'declare', 'abstract']);

/** Whether the declaration keyword at `at` starts a statement, modifiers (`export default async`) allowed before it. */
function declarationStart(text: string, at: number): boolean {
  let i = at - 1;
  for (;;) {
    while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
    if (i < 0) return true;
    if (!isIdentifierChar(text.charCodeAt(i))) break;
    let start = i;
    while (start > 0 && isIdentifierChar(text.charCodeAt(start - 1))) start--;
    if (!statementModifiers.has(text.slice(start, i + 1))) return false;
    i = start - 1;
  }
  const c = text.charCodeAt(i);
  return c === 10 || c === 13 || c === 59 || c === 123 || c === 125;
}

/** Skips a bracketed group starting at `at` (strings inside skipped); the offset after its close, or -1. */
function skipGroup(text: string, at: number, limit: number): number {
  let depth = 0;
  for (let i = at; i < text.length && i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 39 || c === 34 || c === 96) {
      const close = text.indexOf(String.fromCharCode(c), i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (c === 40 || c === 91 || c === 123 || c === 60) depth++;
    else if (c === 41 || c === 93 || c === 125 || (c === 62 && text.charCodeAt(i - 1) !== 61)) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Whether the initializer after a declared name (`: Type = …`) is an arrow function or a function expression. */
function initializerIsFunction(text: string, at: number): boolean {
  const limit = at + 4000;
  let i = skipSpaces(text, at);
  if (text.charCodeAt(i) === 58 /* : */) {
    // The type annotation runs to the `=` that is not part of `=>`, outside brackets.
    let depth = 0;
    for (i++; i < limit && i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 40 || c === 91 || c === 123 || c === 60) depth++;
      else if (c === 41 || c === 93 || c === 125 || (c === 62 && text.charCodeAt(i - 1) !== 61)) depth--;
      else if (c === 61 && depth === 0 && text.charCodeAt(i + 1) !== 62 && text.charCodeAt(i + 1) !== 61) break;
      else if (c === 59 && depth === 0) return false;
    }
  }
  if (text.charCodeAt(i) !== 61 /* = */) return false;
  i = skipSpaces(text, i + 1);
  if (text.startsWith('async', i) && !isIdentifierChar(text.charCodeAt(i + 5))) i = skipSpaces(text, i + 5);
  if (text.startsWith('function', i) && !isIdentifierChar(text.charCodeAt(i + 8))) return true;
  if (text.charCodeAt(i) === 60 /* <T>( */) {
    i = skipGroup(text, i, limit);
    if (i < 0) return false;
    i = skipSpaces(text, i);
  }
  if (text.charCodeAt(i) === 40 /* ( */) {
    i = skipGroup(text, i, limit);
    if (i < 0) return false;
    i = skipSpaces(text, i);
    if (text.charCodeAt(i) === 58 /* : ReturnType */) {
      const arrow = text.indexOf('=>', i);
      const stop = text.slice(i, arrow < 0 ? i + 1 : arrow).search(/[;{}=]/);
      return arrow >= 0 && arrow - i < 1000 && stop < 0;
    }
    return text.startsWith('=>', i);
  }
  const param = identifierAt(text, i);
  return param !== '' && text.startsWith('=>', skipSpaces(text, i + param.length));
}

/**
 * Local names declared only as functions or classes (`function f`, `class C`, `const f = (…) =>`):
 * their value is that function, never an alias of something imported. Read apart from the module's
 * facts: only files a JSX tag leads to are asked.
 */
export function functionNames(text: string): Set<string> {
  const functions = new Set<string>();
  const others = new Set<string>();
  for (const keyword of ['function', 'class']) {
    for (let at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + keyword.length)) {
      if (!wordBoundaryAt(text, at, keyword.length) || !declarationStart(text, at)) continue;
      let i = skipSpaces(text, at + keyword.length);
      if (text.charCodeAt(i) === 42 /* * */) i = skipSpaces(text, i + 1);
      const name = identifierAt(text, i);
      if (name) functions.add(name);
    }
  }
  for (const keyword of ['const', 'let', 'var']) {
    for (let at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + keyword.length)) {
      if (!wordBoundaryAt(text, at, keyword.length) || !declarationStart(text, at)) continue;
      const i = skipSpaces(text, at + keyword.length);
      const name = identifierAt(text, i);
      if (!name) continue;
      (initializerIsFunction(text, i + name.length) ? functions : others).add(name);
    }
  }
  for (const name of others) functions.delete(name);
  return functions;
}

/** `exports.name =` anywhere (CommonJS): found by searching the word, not by a regular expression over the whole text. */
function commonJsExport(text: string): boolean {
  for (let at = text.indexOf('exports'); at >= 0; at = text.indexOf('exports', at + 7)) {
    if (!wordBoundaryAt(text, at, 7)) continue;
    let i = skipSpaces(text, at + 7);
    if (text.charCodeAt(i) !== 46 /* . */) continue;
    i = skipSpaces(text, i + 1);
    const name = identifierAt(text, i);
    if (name && text.charCodeAt(skipSpaces(text, i + name.length)) === 61 /* = */) return true;
  }
  return false;
}

/** Reads a module's import and export clauses from its text. */
export function moduleFacts(text: string): ModuleFacts {
  const imports: ImportClause[] = [];
  const reexports = new Map<string, { specifier: string; imported: string }>();
  const stars: string[] = [];
  const locals = new Map<string, string>();
  const types = new Set<string>();
  const values = new Set<string>();
  let anyExport = false;

  for (let at = text.indexOf('from'); at >= 0; at = text.indexOf('from', at + 4)) {
    if (!wordBoundaryAt(text, at, 4)) continue;
    const quoted = quotedAt(text, at + 4);
    if (!quoted) continue;
    const start = clauseStart(text, at);
    if (start < 0 || semicolonBetween(text, start, at)) continue;
    const isExport = text.startsWith('export', start);
    const body = text.slice(start + 6, at).trim().replace(/^type\s+(?=[{*\w$])/, '');
    const specifier = quoted.value;
    if (isExport) {
      if (body.startsWith('*')) {
        const ns = /^\*\s*as\s+([\w$]+)/.exec(body);
        if (ns) reexports.set(ns[1]!, { specifier, imported: '*' });
        else stars.push(specifier);
      } else if (body.startsWith('{')) {
        for (const { outer, inner } of bindingList(body.slice(1, body.lastIndexOf('}')))) reexports.set(inner, { specifier, imported: outer });
      }
      continue;
    }
    if (body.includes('*')) {
      imports.push({ specifier, names: 'all' });
      continue;
    }
    const names: { imported: string; local: string }[] = [];
    const open = body.indexOf('{');
    const head = (open < 0 ? body : body.slice(0, open)).replace(/,\s*$/, '').trim();
    if (/^[\w$]+$/.test(head)) names.push({ imported: 'default', local: head });
    if (open >= 0) for (const { outer, inner } of bindingList(body.slice(open + 1, body.lastIndexOf('}')))) names.push({ imported: outer, local: inner });
    imports.push({ specifier, names });
  }

  // `require('x')`, `import('x')`, `import x = require('x')`: the whole module.
  for (const keyword of ['require', 'import']) {
    for (let at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + keyword.length)) {
      if (!wordBoundaryAt(text, at, keyword.length)) continue;
      const open = skipSpaces(text, at + keyword.length);
      if (text.charCodeAt(open) !== 40 /* ( */) continue;
      const quoted = quotedAt(text, open + 1);
      if (quoted) imports.push({ specifier: quoted.value, names: 'all' });
    }
  }

  for (let at = text.indexOf('export'); at >= 0; at = text.indexOf('export', at + 6)) {
    if (!startsStatement(text, at, 6)) continue;
    if (readLocalExport(text, at + 6, locals, types, values) === 'unknown') anyExport = true;
  }
  if (!anyExport && (text.includes('module.exports') || commonJsExport(text))) anyExport = true;
  // An interface merged with a class or function of the same name is a value too.
  for (const name of values) types.delete(name);
  return { imports, reexports, stars, locals, typeOnly: types, anyExport };
}
