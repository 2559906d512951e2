import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { applyEdits, findNodeAtLocation, modify, parseTree, type ParseError } from 'jsonc-parser';
import { FlagLensError } from '../../errors';

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
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !root) {
    throw new FlagLensError('parse', `${file} has JSON errors; fix them before toggling '${key}'.`, { file });
  }
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
  const edits = modify(text, ['flags', key, 'state'], wanted, {
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
 * Writes through a temp file in the same folder and a rename, so watchers and editors never see a
 * half-written file, and keeps the original's permissions.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  let mode: number | undefined;
  try {
    mode = (await fs.stat(file)).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  try {
    await fs.writeFile(temp, text, { encoding: 'utf8', mode });
    if (mode !== undefined) await fs.chmod(temp, mode);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw new FlagLensError('unsupported', `Cannot write ${file}: ${(error as Error).message}`, { cause: error, file });
  }
}
