import { applyEdits, findNodeAtLocation, getNodeValue, modify, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { FlagLensError } from '../../errors';
import { findDeepNesting, flattenDeepNesting } from '../../util/jsonNesting';
import { checkPercent, noReleasePairMessage, releasePair, weightsFor, type ReleasePair } from '../rollout';
import { locator } from './jsonLocations';

/**
 * Ramping a flagd flag edits the weights of its `fractional` split in place: the top-level one, or
 * the one everyone else falls through to at the end of an `if` chain. Only a split between the
 * flag's on and off variants is changed (bucket order, the bucketing expression and the author's
 * weight scale kept: 25/75 → 40/60, 1/3 → 2/3 when it fits); a flag without targeting gets a new
 * two-bucket split. Anything else — three buckets, a split of other variants, rules with no split
 * for everyone else — is refused with the reason, never rewritten.
 */
export function setFlagRollout(text: string, key: string, percent: number, file = 'flag file'): string {
  const wanted = checkPercent(percent);
  const { root, shallow, pair } = readFlag(text, key, file, 'change the rollout of');
  const targeting = findNodeAtLocation(root, ['flags', key, 'targeting']);
  if (!targeting || targeting.type === 'null' || (targeting.type === 'object' && (targeting.children ?? []).length === 0)) {
    const weights = weightsFor(wanted, 100);
    const value = `{ "fractional": [[${JSON.stringify(pair.on)}, ${weights.on}], [${JSON.stringify(pair.off)}, ${weights.off}]] }`;
    if (targeting) return `${text.slice(0, targeting.offset)}${value}${text.slice(targeting.offset + targeting.length)}`;
    return insertProperty(text, shallow, root, ['flags', key], 'targeting', value);
  }
  const fractional = fallthroughFractional(targeting);
  if (!fractional) {
    throw new FlagLensError('unsupported', `'${key}' in ${file} has targeting rules without a percentage split for everyone else; edit its targeting by hand.`, { file, ...lineOf(text, file, targeting) });
  }
  const buckets = (fractional.children ?? []).filter((child) => child.type === 'array');
  const names = buckets.map((bucket) => bucket.children?.[0]?.value as unknown);
  const onlyPair = buckets.length === 2 && names.includes(pair.on) && names.includes(pair.off);
  if (!onlyPair) {
    const shown = names.map((name) => (typeof name === 'string' ? `'${name}'` : JSON.stringify(name) ?? '?')).join(', ');
    throw new FlagLensError(
      'unsupported',
      `'${key}' in ${file} splits into ${buckets.length} bucket${buckets.length === 1 ? '' : 's'} (${shown}); Flag Lens only changes a split between '${pair.on}' and '${pair.off}'. Edit the weights by hand.`,
      { file, ...lineOf(text, file, fractional) },
    );
  }
  const current = buckets.map((bucket) => weightOf(bucket));
  const sum = current.every((w) => w !== undefined && Number.isSafeInteger(w) && w >= 0) ? current.reduce<number>((a, w) => a + w!, 0) : 0;
  const weights = weightsFor(wanted, sum > 0 ? sum : 100);
  // Last bucket first, so earlier offsets stay valid.
  let next = text;
  for (const bucket of [...buckets].reverse()) {
    const weight = bucket.children![0]!.value === pair.on ? weights.on : weights.off;
    const weightNode = bucket.children?.[1];
    if (weightNode) next = `${next.slice(0, weightNode.offset)}${weight}${next.slice(weightNode.offset + weightNode.length)}`;
    else {
      // `["on"]` weighs 1; the weight goes right after the variant name.
      const end = bucket.children![0]!.offset + bucket.children![0]!.length;
      next = `${next.slice(0, end)}, ${weight}${next.slice(end)}`;
    }
  }
  return next;
}

/**
 * Un-releasing a flagd flag makes it serve its off variant to everyone: `defaultVariant` becomes the
 * off variant, `targeting` is removed (git keeps it; flagd has no "rules but nobody" form) and a
 * DISABLED flag is enabled — in flagd, disabled means "use the code's default", not "off".
 */
export function unreleaseFlag(text: string, key: string, file = 'flag file'): string {
  let next = text;
  const steps: ((root: Node, shallow: string, pair: ReleasePair) => string | undefined)[] = [
    (root, shallow) => (findNodeAtLocation(root, ['flags', key, 'targeting']) ? applyEdits(next, modify(shallow, ['flags', key, 'targeting'], undefined, {})) : undefined),
    (root, shallow, pair) => replaceOrInsert(next, shallow, root, ['flags', key, 'defaultVariant'], pair.off),
    (root, shallow) => replaceOrInsert(next, shallow, root, ['flags', key, 'state'], 'ENABLED'),
  ];
  for (const step of steps) {
    const { root, shallow, pair } = readFlag(next, key, file, 'un-release');
    next = step(root, shallow, pair) ?? next;
  }
  return next;
}

function replaceOrInsert(text: string, shallow: string, root: Node, path: string[], value: string): string | undefined {
  const node = findNodeAtLocation(root, path);
  if (node?.value === value) return undefined;
  if (node) return `${text.slice(0, node.offset)}${JSON.stringify(value)}${text.slice(node.offset + node.length)}`;
  return insertProperty(text, shallow, root, path.slice(0, -1), path[path.length - 1]!, JSON.stringify(value));
}

/**
 * Adds a property after the object's last one, on its own line with that one's indentation.
 * jsonc-parser's `modify` would re-format the neighbouring property (a one-line `metadata` becomes
 * five lines), and the author's layout is not ours to change.
 */
function insertProperty(text: string, shallow: string, root: Node, objectPath: string[], name: string, valueText: string): string {
  const object = findNodeAtLocation(root, objectPath);
  const last = object?.children?.[object.children.length - 1];
  if (!last) return applyEdits(text, modify(shallow, [...objectPath, name], JSON.parse(valueText) as unknown, { formattingOptions: detectFormatting(text) }));
  const lineStart = text.lastIndexOf('\n', last.offset) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, last.offset))![0];
  const sameLine = text.slice(lineStart, last.offset).trim() !== '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const separator = sameLine ? ' ' : `${eol}${indent}`;
  const end = last.offset + last.length;
  return `${text.slice(0, end)},${separator}${JSON.stringify(name)}: ${valueText}${text.slice(end)}`;
}

function readFlag(text: string, key: string, file: string, what: string): { root: Node; shallow: string; pair: ReleasePair } {
  const errors: ParseError[] = [];
  // As for toggles: a flag nested thousands deep elsewhere must not overflow the parser; offsets are kept.
  const deep = findDeepNesting(text);
  const shallow = deep.length > 0 ? flattenDeepNesting(text, deep) : text;
  const root = parseTree(shallow, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !root) throw new FlagLensError('parse', `${file} has JSON errors; fix them before you ${what} '${key}'.`, { file });
  refuseDuplicates(root, text, key, file);
  const flag = findNodeAtLocation(root, ['flags', key]);
  if (!flag || flag.type !== 'object') throw new FlagLensError('notFound', `Flag '${key}' is not defined in ${file}.`, { file });
  const variantsNode = findNodeAtLocation(root, ['flags', key, 'variants']);
  const variants: unknown = variantsNode ? getNodeValue(variantsNode) : undefined;
  const variations = variants && typeof variants === 'object' && !Array.isArray(variants) ? Object.entries(variants).map(([name, value]) => ({ name, value: value as unknown })) : [];
  const pair = releasePair(variations);
  if (!pair) throw new FlagLensError('unsupported', `${noReleasePairMessage(key, variations)} (${file})`, { file, ...lineOf(text, file, flag) });
  return { root, shallow, pair };
}

/** The split everyone (else) gets: `{"fractional": …}` itself, or the last `else` of an `if` chain, through nested chains. */
function fallthroughFractional(node: Node): Node | undefined {
  if (node.type !== 'object') return undefined;
  const properties = node.children ?? [];
  if (properties.length !== 1) return undefined;
  const [name, value] = properties[0]!.children ?? [];
  if (!value) return undefined;
  if (name?.value === 'fractional' && value.type === 'array') return value;
  if (name?.value === 'if' && value.type === 'array') {
    const args = value.children ?? [];
    if (args.length % 2 === 1 && args.length >= 3) return fallthroughFractional(args[args.length - 1]!);
  }
  return undefined;
}

function weightOf(bucket: Node): number | undefined {
  const node = bucket.children?.[1];
  if (!node) return 1;
  return node.type === 'number' && typeof node.value === 'number' ? node.value : undefined;
}

function lineOf(text: string, file: string, node: Node): { line?: number } {
  return { line: locator(file, text)(node.offset, '').line };
}

/** Only used when a property has to be inserted: match the file's indentation and line ends. */
function detectFormatting(text: string): { insertSpaces: boolean; tabSize: number; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

/** A flag or one of the properties edited here written twice is ambiguous (flagd uses the last one): refuse. */
function refuseDuplicates(root: Node, text: string, key: string, file: string): void {
  const flags = (root.children ?? []).filter((p) => p.children?.[0]?.value === 'flags');
  const check = (parent: Node | undefined, names: string[]): void => {
    if (parent?.type !== 'object') return;
    for (const name of names) {
      const matches = (parent.children ?? []).filter((property) => property.children?.[0]?.value === name);
      if (matches.length > 1) {
        const at = locator(file, text);
        const lines = matches.map((property) => (at(property.offset, '').line ?? 0) + 1);
        const what = name === key ? `Flag '${key}' is defined` : `"${name}" of flag '${key}' is written`;
        throw new FlagLensError('usage', `${what} ${matches.length} times in ${file} (lines ${lines.join(' and ')}); remove the duplicate first.`, { file, line: lines[0]! - 1 });
      }
    }
  };
  check(flags[0]?.children?.[1], [key]);
  check(findNodeAtLocation(root, ['flags', key]), ['state', 'defaultVariant', 'targeting', 'variants']);
}
