import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { findDeepNesting, flattenDeepNesting, maxJsonNesting } from '../util/jsonNesting';
import { globRefusal } from '../util/safeGlob';
import { positionLocator } from '../util/textLines';
import type { ConfigProblem, CustomPattern, FlagLensConfig, KeyTransform } from './model';
import { parseSourcesSection } from '../sources/sourceConfig';

const transforms: readonly KeyTransform[] = ['camelToKebab', 'camelToSnake', 'none'];
/** The keys the parser accepts; the JSON schema is tested against these, not against a copy. */
export const patternKeys: ReadonlySet<string> = new Set(['function', 'method', 'receiver', 'property', 'keyArg', 'keyProperty', 'transform', 'stripPrefix', 'valuePath', 'negate']);
export const topLevelKeys: ReadonlySet<string> = new Set(['$schema', 'patterns', 'exclude', 'sources', 'stale', 'typeChecker']);
const identifierPath = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

class ProblemSink {
  readonly problems: ConfigProblem[] = [];
  readonly positionOf: (offset: number) => { line: number; character: number };
  constructor(text: string, private readonly file: string) {
    this.positionOf = positionLocator(text);
  }
  add(node: Node | undefined, message: string, severity?: 'warning'): void {
    this.addAt(node?.offset ?? 0, message, severity);
  }
  addAt(offset: number, message: string, severity?: 'warning'): void {
    const { line, character } = this.positionOf(offset);
    this.problems.push({ file: this.file, line, character, message, ...(severity ? { severity } : {}) });
  }
}

/** jsonc-parser builds null-prototype objects; consumers expect plain ones. */
function plainValue(node: Node): unknown {
  return JSON.parse(JSON.stringify(getNodeValue(node))) as unknown;
}

function propertyNode(object: Node, name: string): Node | undefined {
  return findNodeAtLocation(object, [name]);
}

function readPattern(node: Node, index: number, sink: ProblemSink): CustomPattern | undefined {
  const where = `patterns[${index}]`;
  if (node.type !== 'object') {
    sink.add(node, `${where} must be an object such as {"function": "useUiFlag"}.`);
    return undefined;
  }
  let ok = true;
  for (const property of node.children ?? []) {
    const name = property.children?.[0]?.value as string | undefined;
    if (name !== undefined && !patternKeys.has(name)) {
      sink.add(property.children?.[0], `${where}: unknown property '${name}' (expected one of ${[...patternKeys].join(', ')}).`);
    }
  }
  const pattern: CustomPattern = { keyArg: 0, transform: 'none' };
  const stringField = (name: 'function' | 'method' | 'receiver' | 'property' | 'keyProperty' | 'stripPrefix' | 'valuePath', mustBePath: boolean) => {
    const field = propertyNode(node, name);
    if (!field) return;
    if (field.type !== 'string' || (field.value as string).trim() === '') {
      sink.add(field, `${where}.${name} must be a non-empty string.`);
      ok = false;
      return;
    }
    const value = (field.value as string).trim();
    if (mustBePath && !identifierPath.test(value)) {
      sink.add(field, `${where}.${name} '${value}' must be an identifier or a dotted path like '${name === 'keyProperty' ? 'options.flag' : 'config.featureToggles'}'.`);
      ok = false;
      return;
    }
    pattern[name] = value;
  };
  stringField('function', true);
  stringField('method', true);
  stringField('receiver', true);
  stringField('property', true);
  stringField('keyProperty', true);
  stringField('stripPrefix', false);
  stringField('valuePath', true);
  const keyArg = propertyNode(node, 'keyArg');
  if (keyArg) {
    if (keyArg.type !== 'number' || !Number.isInteger(keyArg.value) || (keyArg.value as number) < 0 || (keyArg.value as number) > 20) {
      sink.add(keyArg, `${where}.keyArg must be an argument index (an integer from 0 to 20).`);
      ok = false;
    } else pattern.keyArg = keyArg.value as number;
  }
  const transform = propertyNode(node, 'transform');
  if (transform) {
    if (transform.type !== 'string' || !transforms.includes(transform.value as KeyTransform)) {
      sink.add(transform, `${where}.transform must be one of ${transforms.join(', ')}.`);
      ok = false;
    } else pattern.transform = transform.value as KeyTransform;
  }
  const negate = propertyNode(node, 'negate');
  if (negate) {
    if (negate.type !== 'boolean') {
      sink.add(negate, `${where}.negate must be true or false.`);
      ok = false;
    } else pattern.negate = negate.value as boolean;
  }
  const shapes = [pattern.function, pattern.method, pattern.property].filter((v) => v !== undefined).length;
  if (ok && shapes !== 1) {
    sink.add(node, `${where} needs exactly one of "function", "method" or "property".`);
    ok = false;
  }
  if (ok && pattern.receiver !== undefined && pattern.method === undefined) {
    sink.add(propertyNode(node, 'receiver'), `${where}.receiver only applies together with "method".`);
    ok = false;
  }
  if (ok && pattern.property !== undefined && keyArg) {
    sink.add(keyArg, `${where}.keyArg does not apply to a "property" pattern (the key is the next member name).`);
    ok = false;
  }
  if (ok && pattern.property !== undefined && pattern.keyProperty !== undefined) {
    sink.add(propertyNode(node, 'keyProperty'), `${where}.keyProperty does not apply to a "property" pattern (it names a property of the argument at keyArg).`);
    ok = false;
  }
  return ok ? pattern : undefined;
}

/** Every custom pattern is a name searched for in every file. */
export const maxPatterns = 500;

/** More globs than any real config has; each one costs a compile and a test per path. */
export const maxExcludeGlobs = 1000;
/** No real path pattern is this long; a longer one only makes the compiled matcher too large to build. */
const maxGlobLength = 1000;

function readExclude(node: Node, sink: ProblemSink): string[] {
  if (node.type !== 'array') {
    sink.add(node, 'exclude must be an array of glob strings.');
    return [];
  }
  const out: string[] = [];
  const entries = node.children ?? [];
  for (const [i, entry] of entries.entries()) {
    if (out.length === maxExcludeGlobs) {
      sink.add(entry, `exclude has ${entries.length} entries; only the first ${maxExcludeGlobs} globs are used.`, 'warning');
      break;
    }
    if (entry.type !== 'string' || (entry.value as string).trim() === '') sink.add(entry, `exclude[${i}] must be a non-empty glob string.`);
    else if ((entry.value as string).length > maxGlobLength) sink.add(entry, `exclude[${i}] is longer than ${maxGlobLength} characters; it is ignored.`, 'warning');
    else {
      // Checked here too, so the warning points at the entry instead of only reaching the log.
      const refused = globRefusal((entry.value as string).trim());
      if (refused) sink.add(entry, `exclude[${i}] is ignored: ${refused}`, 'warning');
      else out.push((entry.value as string).trim());
    }
  }
  return out;
}

/** Parses `.flaglens.json` text (JSON with comments); never throws. */
export function parseConfigText(text: string, file: string): { config: FlagLensConfig; problems: ConfigProblem[] } {
  const sink = new ProblemSink(text, file);
  if (text.trim() === '') {
    sink.add(undefined, 'The config file is empty; expected an object.');
    return { config: { file, patterns: [], exclude: [] }, problems: sink.problems };
  }
  // Deep nesting is found before parsing (every JSON walker recurses per level) and cut out, so the
  // rest of the file still counts; the top-level setting that holds it is dropped with a problem.
  const deep = findDeepNesting(text);
  const errors: ParseError[] = [];
  const root = parseTree(flattenDeepNesting(text, deep), errors, { allowTrailingComma: true, disallowComments: false });
  for (const error of errors) {
    const { line, character } = sink.positionOf(error.offset);
    sink.problems.push({ file, line, character, message: `JSON syntax error: ${printParseErrorCode(error.error)}.` });
  }
  const config: FlagLensConfig = { file, patterns: [], exclude: [] };
  if (!root) {
    if (errors.length === 0) sink.add(undefined, 'The config file is empty; expected an object.');
    return { config, problems: sink.problems };
  }
  if (root.type !== 'object') {
    sink.add(root, 'The config must be a JSON object.');
    return { config, problems: sink.problems };
  }
  const tooDeep = new Set<string>();
  for (const region of deep) {
    const holder = (root.children ?? []).find((p) => p.offset <= region.offset && region.offset < p.offset + p.length);
    const name = holder?.children?.[0]?.value as string | undefined;
    if (name !== undefined) tooDeep.add(name);
    sink.addAt(region.offset, `Nested deeper than ${maxJsonNesting} levels${name === undefined ? '' : `; '${name}' is ignored`}.`);
  }
  for (const property of root.children ?? []) {
    const name = property.children?.[0]?.value as string | undefined;
    if (name !== undefined && !topLevelKeys.has(name)) sink.add(property.children?.[0], `Unknown top-level property '${name}'.`);
  }
  const setting = (name: string): Node | undefined => (tooDeep.has(name) ? undefined : propertyNode(root, name));
  const patterns = setting('patterns');
  if (patterns) {
    if (patterns.type !== 'array') sink.add(patterns, 'patterns must be an array.');
    else
      for (const [i, entry] of (patterns.children ?? []).entries()) {
        if (i === maxPatterns) {
          sink.add(entry, `patterns has ${patterns.children!.length} entries; only the first ${maxPatterns} are used.`, 'warning');
          break;
        }
        const pattern = readPattern(entry, i, sink);
        if (pattern) config.patterns.push(pattern);
      }
  }
  const exclude = setting('exclude');
  if (exclude) config.exclude = readExclude(exclude, sink);
  const sources = setting('sources');
  if (sources) {
    // Typed once here; what a source still needs (a URL, a project) is checked when it starts.
    const parsed = parseSourcesSection(plainValue(sources), { file, text });
    config.sources = parsed.declared;
    sink.problems.push(...parsed.problems);
  }
  const stale = setting('stale');
  if (stale) config.stale = plainValue(stale);
  const typeChecker = setting('typeChecker');
  if (typeChecker) {
    if (typeChecker.type === 'boolean') config.typeChecker = typeChecker.value as boolean;
    else sink.add(typeChecker, 'typeChecker must be true or false.');
  }
  return { config, problems: sink.problems };
}
