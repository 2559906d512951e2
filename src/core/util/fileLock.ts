import { randomBytes } from 'node:crypto';
import { promises as fs, type Stats } from 'node:fs';
import * as os from 'node:os';
import { FlagLensError, throwIfAborted } from '../errors';
import { FileSkippedError, readTextFile } from './textFiles';

export interface FileLockOptions {
  /** How long to wait for another holder; default 10 s. */
  timeoutMs?: number;
  /** A lock older than this is taken over (its holder hung or died); default 30 s. */
  staleMs?: number;
  signal?: AbortSignal;
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

/**
 * Runs `work` while holding `<file>.flaglens.lock` (created with O_EXCL), so two Flag Lens processes
 * never read-modify-write the same file at once. Waiting is bounded; a lock whose holder is gone
 * (dead pid on this host, or older than `staleMs`) is taken over.
 */
export async function withFileLock<T>(file: string, work: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lock = `${file}.flaglens.lock`;
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), token: randomBytes(8).toString('hex') };
  await acquire(lock, owner, options);
  try {
    return await work();
  } finally {
    await release(lock, owner);
  }
}

async function acquire(lock: string, owner: LockOwner, options: FileLockOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    throwIfAborted(options.signal);
    try {
      const handle = await fs.open(lock, 'wx', 0o644);
      try {
        await handle.writeFile(JSON.stringify(owner));
      } finally {
        await handle.close();
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new FlagLensError('unsupported', `Cannot lock ${lock} (${(error as NodeJS.ErrnoException).code ?? 'I/O error'}); nothing was written.`, { cause: error });
      }
    }
    const holder = await readHolder(lock);
    if (holder && (await isStale(lock, holder, staleMs))) {
      // Only remove the lock we judged stale, not one another process has just created.
      const again = await readHolder(lock);
      if (again?.token === holder.token) await fs.rm(lock, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder ? ` by process ${holder.pid}${holder.host === owner.host ? '' : ` on ${holder.host}`}` : '';
      throw new FlagLensError('timeout', `${lock.replace(/\.flaglens\.lock$/, '')} is locked${who}; nothing was written. Try again, or delete ${lock} if no Flag Lens is running.`);
    }
    // Jitter, so waiting processes do not retry in lock step.
    await delay(10 + Math.floor(Math.random() * 40));
  }
}

async function readHolder(lock: string): Promise<LockOwner | undefined> {
  // A lock is a small regular file this module created. Anything else in its place (a FIFO blocks
  // a read forever, a link to /dev/zero never ends, a directory cannot be removed as a lock) was not
  // made by Flag Lens: it is reported, never waited on, read or taken over.
  const link = await fs.lstat(lock).catch(() => undefined);
  if (!link) return undefined;
  if (!link.isFile()) throw notALock(lock, link);
  try {
    const parsed = JSON.parse(await readTextFile(lock, { maxBytes: maxLockBytes })) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.token === 'string' && typeof parsed.host === 'string') return parsed as LockOwner;
  } catch (error) {
    // Swapped for a FIFO or device between the lstat and the open: the same refusal.
    if (error instanceof FileSkippedError && error.skipReason === 'notRegular') throw notALock(lock, undefined);
    // Otherwise half-written by its creator, too large or unreadable: judged by age alone.
  }
  const stat = await fs.lstat(lock).catch(() => undefined);
  return stat ? { pid: 0, host: '', token: `mtime:${stat.mtimeMs}` } : undefined;
}

/** Our own lock is under 200 bytes of JSON; a larger one is not read. */
const maxLockBytes = 4096;

function notALock(lock: string, stat: Stats | undefined): FlagLensError {
  return new FlagLensError('unsupported', `${lock} is not a lock file Flag Lens made (${stat ? kindOf(stat) : 'not a regular file'}); remove it and try again. Nothing was written.`, { file: lock });
}

function kindOf(stat: Stats): string {
  if (stat.isSymbolicLink()) return 'symbolic link';
  if (stat.isFIFO()) return 'FIFO';
  if (stat.isDirectory()) return 'directory';
  if (stat.isSocket()) return 'socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'device';
  return 'special file';
}

async function isStale(lock: string, holder: LockOwner, staleMs: number): Promise<boolean> {
  const stat = await fs.stat(lock).catch(() => undefined);
  if (!stat) return false;
  if (Date.now() - stat.mtimeMs > staleMs) return true;
  if (holder.pid > 0 && holder.host === os.hostname()) {
    try {
      process.kill(holder.pid, 0);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }
  return false;
}

async function release(lock: string, owner: LockOwner): Promise<void> {
  // Replaced by something that is not our lock while we worked: not ours to remove.
  const holder = await readHolder(lock).catch(() => undefined);
  if (holder?.token === owner.token) await fs.rm(lock, { force: true });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
