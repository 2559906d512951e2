import ignore, { type Ignore } from 'ignore';

/** What one .gitignore says about a path: the last rule that matched ignores it, re-includes it (`!`), or none did. */
export interface IgnoreVerdict {
  ignored: boolean;
  unignored: boolean;
}

/** One .gitignore's rules, asked about paths relative to its folder (forward slashes, no leading slash). */
export interface GitignoreMatcher {
  test(relative: string, isDir: boolean): IgnoreVerdict;
}

const noVerdict: IgnoreVerdict = { ignored: false, unignored: false };
const ignoredVerdict: IgnoreVerdict = { ignored: true, unignored: false };

/** A rule git matches against one name at any depth, written without wildcards but a leading `*`. */
interface NameRule {
  /** Lower case (the `ignore` package, like git on macOS and Windows, ignores case). */
  literal?: string;
  suffix?: string;
  prefix?: string;
  dirOnly: boolean;
}

/**
 * `node_modules`, `.DS_Store`, `*.log`, `npm-debug.log*`, `coverage/`: a name rule. Anything with a
 * slash inside, a wildcard other than one `*` at either end, an escape, a class or a leading space
 * is left to `ignore`.
 */
function nameRule(line: string): NameRule | undefined {
  // Trailing spaces go, as in git and `ignore`; a tab or other control character stays part of the rule.
  const trimmed = line.replace(/ +$/, '');
  if (!isPlainAscii(trimmed)) return undefined;
  const dirOnly = trimmed.endsWith('/');
  const body = (dirOnly ? trimmed.slice(0, -1) : trimmed).toLowerCase();
  if (body === '' || /[\s/\\?[\]!#]/.test(body.charAt(0)) || /[/\\?[\]]/.test(body)) return undefined;
  const star = body.indexOf('*');
  if (star < 0) return { literal: body, dirOnly };
  if (body.indexOf('*', star + 1) >= 0) return undefined;
  if (star === 0) return { suffix: body.slice(1), dirOnly };
  return star === body.length - 1 ? { prefix: body.slice(0, -1), dirOnly } : undefined;
}

/** Printable ASCII only: there lower-casing is exactly the case-insensitive match `ignore`'s regular expressions make. */
function isPlainAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/**
 * The literal start every path an anchored rule can match begins with (`frontend/build` for
 * `/frontend/build/`, `.idea/` for `.idea/*`), lower case; undefined for a rule that can match at
 * any depth, starts with a wildcard, or has an escape.
 */
function anchoredPrefix(line: string): string | undefined {
  let body = line.replace(/ +$/, '');
  if (body.endsWith('/')) body = body.slice(0, -1);
  if (body.includes('\\') || !body.includes('/')) return undefined;
  if (body.startsWith('/')) body = body.slice(1);
  const wildcard = body.search(/[*?[]/);
  const prefix = (wildcard < 0 ? body : body.slice(0, wildcard)).toLowerCase();
  return prefix === '' ? undefined : prefix;
}

/**
 * The compiled rules of one .gitignore. A walk asks about every file it meets, and `ignore` tests
 * each path against every rule (85 regular expressions per file for Unleash's root .gitignore: a
 * third of the walk). Without `!` rules order does not matter: a path is ignored when any rule
 * matches it or one of its folders. Name rules, most of any .gitignore, are then a set lookup and a
 * few prefix and suffix tests per path segment; a rule anchored to a folder (`frontend/build`) is
 * asked only about paths under it; `ignore` sees only what is left. A path a `!` rule may apply to
 * gets `ignore`'s own ordered test of every rule.
 */
export function compileGitignore(lines: readonly string[]): GitignoreMatcher {
  // `ignore` drops a byte order mark at the start of the file, and only there.
  const first = lines[0]?.startsWith('\uFEFF') ? [lines[0].slice(1), ...lines.slice(1)] : [...lines];
  const rules = first.filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const negations = rules.filter((line) => line.startsWith('!')).map((line) => anchoredPrefix(line.slice(1)));
  // Every rule in order: for paths a `!` rule may touch, and paths with characters outside printable ASCII.
  let ordered: Ignore | undefined;
  const orderedTest = (relative: string, isDir: boolean): IgnoreVerdict => (ordered ??= ignore().add(['', ...first])).test(isDir ? `${relative}/` : relative);
  if (negations.some((prefix) => prefix === undefined)) return { test: orderedTest };
  const negated = negations as string[];

  const names = new Set<string>();
  const dirNames = new Set<string>();
  const suffixes: string[] = [];
  const dirSuffixes: string[] = [];
  const prefixes: string[] = [];
  const dirPrefixes: string[] = [];
  const rest: string[] = [];
  const restPrefixes: string[] = [];
  let restAnywhere = false;
  for (const line of rules) {
    if (line.startsWith('!')) continue;
    const rule = nameRule(line);
    if (rule?.literal !== undefined) (rule.dirOnly ? dirNames : names).add(rule.literal);
    else if (rule?.suffix !== undefined) (rule.dirOnly ? dirSuffixes : suffixes).push(rule.suffix);
    else if (rule?.prefix !== undefined) (rule.dirOnly ? dirPrefixes : prefixes).push(rule.prefix);
    else {
      rest.push(line);
      const prefix = anchoredPrefix(line);
      if (prefix === undefined) restAnywhere = true;
      else restPrefixes.push(prefix);
    }
  }
  // A first element of '': `ignore` would strip a byte order mark from whichever line came first here.
  const others: Ignore | undefined = rest.length > 0 ? ignore().add(['', ...rest]) : undefined;
  const nameMatches = (name: string, isDir: boolean): boolean => {
    if (names.has(name) || (isDir && dirNames.has(name))) return true;
    for (const suffix of suffixes) if (name.endsWith(suffix)) return true;
    for (const prefix of prefixes) if (name.startsWith(prefix)) return true;
    if (!isDir) return false;
    for (const suffix of dirSuffixes) if (name.endsWith(suffix)) return true;
    for (const prefix of dirPrefixes) if (name.startsWith(prefix)) return true;
    return false;
  };
  return {
    test: (relative, isDir) => {
      if (!isPlainAscii(relative)) return orderedTest(relative, isDir);
      const lower = relative.toLowerCase();
      // A `!` rule can only apply to paths under its anchor (and their folders, which start the same).
      for (const prefix of negated) if (lower.startsWith(prefix)) return orderedTest(relative, isDir);
      // Every folder on the way counts, as in `ignore` (a file under an ignored folder is ignored).
      let start = 0;
      for (let slash = lower.indexOf('/'); slash >= 0; slash = lower.indexOf('/', start)) {
        if (nameMatches(lower.slice(start, slash), true)) return ignoredVerdict;
        start = slash + 1;
      }
      if (nameMatches(lower.slice(start), isDir)) return ignoredVerdict;
      if (!others || (!restAnywhere && !restPrefixes.some((prefix) => lower.startsWith(prefix)))) return noVerdict;
      return others.test(isDir ? `${relative}/` : relative);
    },
  };
}
