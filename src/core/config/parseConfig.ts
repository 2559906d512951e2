import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { ConfigProblem, CustomPattern, FlagLensConfig, KeyTransform } from './model';

const transforms: readonly KeyTransform[] = ['camelToKebab', 'camelToSnake', 'none'];
const patternKeys = new Set(['function', 'method', 'receiver', 'property', 'keyArg', 'transform', 'stripPrefix', 'valuePath', 'negate']);
const topLevelKeys = new Set(['$schema', 'patterns', 'exclude', 'sources', 'stale']);
const identifierPath = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** Turns offsets into 0-based line/character without keeping a line table around. */
function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

class ProblemSink {
  readonly problems: ConfigProblem[] = [];
  constructor(private readonly text: string, private readonly file: string) {}
  add(node: Node | undefined, message: string): void {
    const { line, character } = positionOf(this.text, node?.offset ?? 0);
    this.problems.push({ file: this.file, line, character, message });
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
  const stringField = (name: 'function' | 'method' | 'receiver' | 'property' | 'stripPrefix' | 'valuePath', mustBePath: boolean) => {
    const field = propertyNode(node, name);
    if (!field) return;
    if (field.type !== 'string' || (field.value as string).trim() === '') {
      sink.add(field, `${where}.${name} must be a non-empty string.`);
      ok = false;
      return;
    }
    const value = (field.value as string).trim();
    if (mustBePath && !identifierPath.test(value)) {
      sink.add(field, `${where}.${name} '${value}' must be an identifier or a dotted path like 'config.featureToggles'.`);
      ok = false;
      return;
    }
    pattern[name] = value;
  };
  stringField('function', true);
  stringField('method', true);
  stringField('receiver', true);
  stringField('property', true);
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
  return ok ? pattern : undefined;
}

function readExclude(node: Node, sink: ProblemSink): string[] {
  if (node.type !== 'array') {
    sink.add(node, 'exclude must be an array of glob strings.');
    return [];
  }
  const out: string[] = [];
  (node.children ?? []).forEach((entry, i) => {
    if (entry.type !== 'string' || (entry.value as string).trim() === '') sink.add(entry, `exclude[${i}] must be a non-empty glob string.`);
    else out.push((entry.value as string).trim());
  });
  return out;
}

/** Parses `.flaglens.json` text (JSON with comments); never throws. */
export function parseConfigText(text: string, file: string): { config: FlagLensConfig; problems: ConfigProblem[] } {
  const sink = new ProblemSink(text, file);
  if (text.trim() === '') {
    sink.add(undefined, 'The config file is empty; expected an object.');
    return { config: { file, patterns: [], exclude: [] }, problems: sink.problems };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const error of errors) {
    const { line, character } = positionOf(text, error.offset);
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
  for (const property of root.children ?? []) {
    const name = property.children?.[0]?.value as string | undefined;
    if (name !== undefined && !topLevelKeys.has(name)) sink.add(property.children?.[0], `Unknown top-level property '${name}'.`);
  }
  const patterns = propertyNode(root, 'patterns');
  if (patterns) {
    if (patterns.type !== 'array') sink.add(patterns, 'patterns must be an array.');
    else
      (patterns.children ?? []).forEach((entry, i) => {
        const pattern = readPattern(entry, i, sink);
        if (pattern) config.patterns.push(pattern);
      });
  }
  const exclude = propertyNode(root, 'exclude');
  if (exclude) config.exclude = readExclude(exclude, sink);
  const sources = propertyNode(root, 'sources');
  if (sources) config.sources = plainValue(sources);
  const stale = propertyNode(root, 'stale');
  if (stale) config.stale = plainValue(stale);
  return { config, problems: sink.problems };
}
