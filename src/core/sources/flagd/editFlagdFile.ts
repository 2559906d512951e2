import { applyEdits, findNodeAtLocation, modify, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { FlagLensError } from '../../errors';
import { findDeepNesting, flattenDeepNesting } from '../../util/jsonNesting';
import { locator } from './jsonLocations';

/**
 * Toggling a flagd flag flips its `state` between "ENABLED" and "DISABLED" — for every kind of flag,
 * boolean or not. That is what on/off means in flagd (a disabled flag is treated as absent and the
 * caller's code default is used), it is what the model's `on` reads back, and it never loses
 * information: `defaultVariant` and `targeting` stay exactly as the author wrote them, so turning a
 * flag back on restores its rollout. Only the one string value changes in the file; formatting, key
 * order and everything else survive byte for byte.
 */
export function setFlagState(text: string, key: string, on: boolean, file = 'flag file'): string {
  const errors: ParseError[] = [];
  // A flag nested thousands deep elsewhere in the file must not overflow the parser's stack; blanking
  // it keeps every offset, so positions found in `shallow` are positions in `text`.
  const deep = findDeepNesting(text);
  const shallow = deep.length > 0 ? flattenDeepNesting(text, deep) : text;
  const root = parseTree(shallow, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !root) {
    throw new FlagLensError('parse', `${file} has JSON errors; fix them before toggling '${key}'.`, { file });
  }
  refuseDuplicates(root, text, key, file);
  const flagNode = findNodeAtLocation(root, ['flags', key]);
  if (!flagNode || flagNode.type !== 'object') {
    throw new FlagLensError('notFound', `Flag '${key}' is not defined in ${file}.`, { file });
  }
  const wanted = on ? 'ENABLED' : 'DISABLED';
  const stateNode = findNodeAtLocation(root, ['flags', key, 'state']);
  if (stateNode?.value === wanted) return text;
  if (stateNode) {
    // Replace just the value token; `modify` would re-parse the whole (possibly huge) file for the same edit.
    return `${text.slice(0, stateNode.offset)}${JSON.stringify(wanted)}${text.slice(stateNode.offset + stateNode.length)}`;
  }
  const edits = modify(shallow, ['flags', key, 'state'], wanted, {
    formattingOptions: detectFormatting(text),
  });
  return applyEdits(text, edits);
}

/** Only used when `state` is missing and has to be inserted: match the file's indentation and line ends. */
function detectFormatting(text: string): { insertSpaces: boolean; tabSize: number; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

/**
 * A key written twice is ambiguous: JSON.parse (and flagd) use the last one, a JSON path lookup
 * finds the first. Editing one of them could report success while the flag stays as it was.
 */
function refuseDuplicates(root: Node, text: string, key: string, file: string): void {
  let node: Node | undefined = root;
  for (const name of ['flags', key, 'state']) {
    if (node?.type !== 'object') return;
    const matches: Node[] = (node.children ?? []).filter((property) => property.children?.[0]?.value === name);
    if (matches.length > 1) {
      const at = locator(file, text);
      const lines = matches.map((property) => (at(property.offset, '').line ?? 0) + 1);
      const what = name === key ? `Flag '${key}' is defined` : `"${name}"${name === 'state' ? ` of flag '${key}'` : ''} is written`;
      throw new FlagLensError('usage', `${what} ${matches.length} times in ${file} (lines ${lines.join(' and ')}); remove the duplicate before toggling.`, { file, line: lines[0]! - 1 });
    }
    node = matches[0]?.children?.[1];
  }
}
