import { randomBytes } from 'node:crypto';
import { constants, promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { FlagLensError, throwIfAborted } from '../errors';
import { silentLogger, type Logger } from '../log';
import { decodeText, readFileBytesSync } from './textFiles';

/** One file of a transaction. */
export interface FileWrite {
  file: string;
  /** The new text, encoded the way the file is now (UTF-8, UTF-8 with BOM, UTF-16); null deletes the file. */
  text: string | null;
  /** The text the file must still hold (decoded like `readTextFile`); anything else refuses the whole transaction. */
  expected: string;
}

export interface AtomicWriteOptions {
  /** Every file (after following symlinks) must be inside this folder. */
  root?: string;
  signal?: AbortSignal;
  logger?: Logger;
}

/** The file changed between being read and being replaced; the caller may read it again and retry. */
export class ConcurrentChangeError extends FlagLensError {
  constructor(file: string) {
    super('usage', `${file} was changed by someone else while Flag Lens was writing it; nothing was written.`, { file });
  }
}

type Strategy = 'rename' | 'inPlace' | 'delete';

interface Planned {
  write: FileWrite;
  /** Where the bytes live: the symlink's target for rewrites, the name itself for deletions. */
  target: string;
  original: Buffer;
  stat: Stats;
  strategy: Strategy;
  content?: Buffer;
  temp?: string;
  /** Deletions: the original, moved aside until the transaction ends. */
  backup?: string;
  committed: boolean;
}

const isRoot = (): boolean => process.getuid?.() === 0;

/**
 * Writes a set of files all or nothing. Every file is checked first (still the expected text, a
 * regular file inside the root, writable, its folder writable), every new text is written to a temp
 * file beside its target, and only then are the temps renamed into place, each after checking once
 * more that nobody changed the file meanwhile. A failure rolls back what was already replaced or
 * deleted (the originals' bytes are kept until the end). Mode and owner are copied to the temp file;
 * a file with several hard links, or one we could not give back its owner, is rewritten in place so
 * the links and owner stay. A symlink is written through to its target, never replaced by a file.
 */
export async function writeFilesAtomically(writes: readonly FileWrite[], options: AtomicWriteOptions = {}): Promise<void> {
  const logger = options.logger ?? silentLogger;
  const realRoot = options.root === undefined ? undefined : await fs.realpath(options.root);
  const planned: Planned[] = [];
  for (const write of writes) planned.push(await plan(write, realRoot));
  const seen = new Map<string, string>();
  for (const p of planned) {
    const other = seen.get(p.target);
    if (other !== undefined) throw new FlagLensError('usage', `${other} and ${p.write.file} are the same file; nothing was written.`, { file: p.write.file });
    seen.set(p.target, p.write.file);
  }
  let current: Planned | undefined;
  let committing = false;
  try {
    for (const p of planned) await stage((current = p));
    throwIfAborted(options.signal);
    committing = true;
    transactionsCommitting++;
    for (const p of planned) await commit((current = p));
  } catch (error) {
    const failures = await rollBack(planned, logger);
    await removeTemps(planned);
    if (committing) transactionsCommitting--;
    if (failures.length === 0 && error instanceof FlagLensError) throw error;
    const file = current?.write.file ?? '';
    const what = error instanceof FlagLensError ? error.message.replace(/;? ?nothing was (written|changed)\.$/, '') : `Cannot write ${file} (${errorCode(error) ?? describe(error)})`;
    const outcome = failures.length === 0 ? 'nothing was changed' : `could not restore ${failures.join(', ')}`;
    throw new FlagLensError('unsupported', `${what}; ${outcome}.`, { cause: error, file });
  }
  transactionsCommitting--;
  for (const p of planned) {
    if (p.backup) await fs.rm(p.backup, { force: true }).catch((error: unknown) => logger.warn(`Could not remove ${p.backup}: ${describe(error)}`));
  }
}

let transactionsCommitting = 0;

/**
 * True while renames are being applied (or rolled back): a process that exits now leaves some files
 * replaced and others not, so a forced exit (a second Ctrl-C) waits for this to end.
 */
export function isCommittingWrites(): boolean {
  return transactionsCommitting > 0;
}

/** One file, with the same guarantees. */
export async function writeFileAtomically(file: string, text: string, expected: string, options: AtomicWriteOptions = {}): Promise<void> {
  await writeFilesAtomically([{ file, text, expected }], options);
}

async function plan(write: FileWrite, realRoot: string | undefined): Promise<Planned> {
  const { file } = write;
  const link = await fs.lstat(file).catch((error: unknown) => {
    throw new FlagLensError('notFound', `Cannot read ${file} (${errorCode(error) ?? describe(error)}); nothing was written.`, { cause: error, file });
  });
  const deleting = write.text === null;
  const target = deleting && link.isSymbolicLink() ? file : await fs.realpath(file);
  if (realRoot !== undefined) {
    const checked = deleting ? path.join(await fs.realpath(path.dirname(file)), path.basename(file)) : target;
    if (!isInside(realRoot, checked)) {
      throw new FlagLensError('unsupported', `${file} resolves to ${checked}, outside ${realRoot}; nothing was written.`, { file });
    }
  }
  let original: Buffer;
  try {
    original = readFileBytesSync(target);
  } catch (error) {
    throw new FlagLensError('unsupported', `Cannot write ${file}: ${describe(error)}; nothing was written.`, { cause: error, file });
  }
  if (decodeText(original) !== write.expected) throw new ConcurrentChangeError(file);
  const stat = await fs.stat(target);
  // A renamed temp file belongs to us: fine when the original is ours (or we are root and chown it back). No owners on Windows.
  const ownerKept = process.getuid === undefined || isRoot() || (stat.uid === process.getuid() && stat.gid === process.getgid?.());
  const strategy: Strategy = deleting ? 'delete' : stat.nlink > 1 || !ownerKept ? 'inPlace' : 'rename';
  const dir = path.dirname(target);
  await checkAccess(file, target, constants.W_OK, 'is not writable');
  if (strategy !== 'inPlace') await checkAccess(file, dir, constants.W_OK | constants.X_OK, `is in a folder that is not writable (${dir})`);
  const content = write.text === null ? undefined : encodeLike(original, write.text);
  return { write, target, original, stat, strategy, content, committed: false };
}

async function checkAccess(file: string, checked: string, mode: number, problem: string): Promise<void> {
  try {
    await fs.access(checked, mode);
  } catch (error) {
    throw new FlagLensError('unsupported', `Cannot write ${file}: it ${problem} (${errorCode(error) ?? 'no access'}); nothing was written.`, { cause: error, file });
  }
}

async function stage(p: Planned): Promise<void> {
  if (p.strategy !== 'rename' || !p.content) return;
  const temp = siblingName(p.target, 'tmp');
  const handle = await fs.open(temp, 'wx', p.stat.mode & 0o777);
  p.temp = temp;
  try {
    await handle.writeFile(p.content);
    await handle.sync();
    // chown first: it clears set-id bits, which the chmod then restores.
    if (isRoot() && (p.stat.uid !== 0 || p.stat.gid !== 0)) await handle.chown(p.stat.uid, p.stat.gid);
    await handle.chmod(p.stat.mode & 0o7777);
    if ((await handle.stat()).size !== p.content.length) throw new FlagLensError('unsupported', `Cannot write ${p.write.file}: the temporary copy is incomplete; nothing was written.`);
  } finally {
    await handle.close();
  }
}

async function commit(p: Planned): Promise<void> {
  // Compare-and-swap: the file must still hold what was read when the plan was made.
  let current: Buffer | undefined;
  try {
    current = readFileBytesSync(p.target);
  } catch {
    current = undefined;
  }
  if (!current?.equals(p.original)) throw new ConcurrentChangeError(p.write.file);
  if (p.strategy === 'rename') {
    await fs.rename(p.temp!, p.target);
    p.temp = undefined;
  } else if (p.strategy === 'inPlace') {
    p.committed = true;
    await writeInPlace(p.target, p.content!);
  } else {
    const backup = siblingName(p.write.file, 'bak');
    await fs.rename(p.write.file, backup);
    p.backup = backup;
  }
  p.committed = true;
}

async function writeInPlace(file: string, content: Buffer): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.write(content, 0, content.length, 0);
    await handle.truncate(content.length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Undoes committed steps, newest first; returns the files it could not restore. */
async function rollBack(planned: readonly Planned[], logger: Logger): Promise<string[]> {
  const failures: string[] = [];
  for (const p of [...planned].reverse()) {
    if (!p.committed) continue;
    try {
      if (p.strategy === 'delete') await fs.rename(p.backup!, p.write.file);
      else if (p.strategy === 'inPlace') await writeInPlace(p.target, p.original);
      else await restoreByRename(p);
      p.backup = undefined;
      p.committed = false;
    } catch (error) {
      logger.error(`Could not restore ${p.write.file}: ${describe(error)}`);
      failures.push(p.backup ? `${p.write.file} (its original is in ${p.backup})` : p.write.file);
    }
  }
  return failures;
}

async function restoreByRename(p: Planned): Promise<void> {
  const temp = siblingName(p.target, 'tmp');
  const handle = await fs.open(temp, 'wx', p.stat.mode & 0o777);
  try {
    await handle.writeFile(p.original);
    if (isRoot() && (p.stat.uid !== 0 || p.stat.gid !== 0)) await handle.chown(p.stat.uid, p.stat.gid);
    await handle.chmod(p.stat.mode & 0o7777);
  } finally {
    await handle.close();
  }
  await fs.rename(temp, p.target);
}

async function removeTemps(planned: readonly Planned[]): Promise<void> {
  for (const p of planned) {
    if (p.temp) await fs.rm(p.temp, { force: true }).catch(() => undefined);
    p.temp = undefined;
  }
}

/** Hidden, unique, in the same folder (so the rename is atomic), and recognisable as ours. */
function siblingName(file: string, suffix: 'tmp' | 'bak'): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.flaglens-${process.pid}-${randomBytes(4).toString('hex')}.${suffix}`);
}

/** Names `writeFilesAtomically` and the file lock leave beside a file while they work. */
export function isFlagLensWorkFile(name: string): boolean {
  return /\.flaglens-\d+-[0-9a-f]{8}\.(tmp|bak)$/.test(name) || name.endsWith('.flaglens.lock');
}

/** The new text in the original's encoding: a UTF-8 BOM or UTF-16 (either byte order) survives the rewrite. */
export function encodeLike(original: Buffer, text: string): Buffer {
  if (original.length >= 2 && original[0] === 0xff && original[1] === 0xfe) return Buffer.concat([original.subarray(0, 2), Buffer.from(text, 'utf16le')]);
  if (original.length >= 2 && original[0] === 0xfe && original[1] === 0xff) {
    const swapped = Buffer.from(text, 'utf16le');
    swapped.swap16();
    return Buffer.concat([original.subarray(0, 2), swapped]);
  }
  if (original.length >= 3 && original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf) return Buffer.concat([original.subarray(0, 3), Buffer.from(text, 'utf8')]);
  return Buffer.from(text, 'utf8');
}

export function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
}
