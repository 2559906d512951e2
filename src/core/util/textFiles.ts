import { closeSync, constants, fstatSync, openSync, readSync, promises as fs } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { FlagLensError } from '../errors';

/**
 * Reading a file that a workspace names is reading untrusted input: it may be a FIFO (a plain open
 * blocks forever), a device (endless bytes), a socket, or a text in UTF-16 that `tsc` reads and a
 * naive `readFile(…, 'utf8')` turns into garbage. Every workspace file goes through here.
 */

export interface ReadTextOptions {
  /** Refuse files larger than this many bytes (the file is not read at all). */
  maxBytes?: number;
  signal?: AbortSignal;
}

/** Why a file was not read, for "skipped" lists and one-line messages. */
export type SkipReason = 'notRegular' | 'tooLarge' | 'unreadable';

export class FileSkippedError extends FlagLensError {
  constructor(
    file: string,
    readonly skipReason: SkipReason,
    /** The message without the file name, for lists that show the file already. */
    readonly detail: string,
    cause?: unknown,
  ) {
    super('unsupported', `${file}: ${detail}`, { file, cause });
  }
}

// O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer; on a regular file it changes nothing.
const openFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export async function readTextFile(file: string, options: ReadTextOptions = {}): Promise<string> {
  if (options.signal?.aborted) throw new FlagLensError('cancelled', 'The operation was cancelled.');
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, openFlags);
  } catch (error) {
    throw openFailure(file, error);
  }
  try {
    const stat = await handle.stat();
    checkStat(file, stat, options.maxBytes);
    const buffer = await handle.readFile({ signal: options.signal });
    return decodeText(buffer);
  } catch (error) {
    if (error instanceof FlagLensError) throw error;
    if ((error as { name?: string }).name === 'AbortError') throw new FlagLensError('cancelled', 'The operation was cancelled.');
    throw new FileSkippedError(file, 'unreadable', `cannot be read (${errorCode(error) ?? 'I/O error'}).`, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

export function readTextFileSync(file: string, options: Omit<ReadTextOptions, 'signal'> = {}): string {
  return decodeText(readFileBytesSync(file, { ...options, into: decodedAtOnce }));
}

/**
 * Memory one reader reuses for file after file: reading the 6,000 scripts of a monorepo into new
 * buffers allocated 14 MB outside V8's heap, which made the collector run more often, for bytes
 * that are decoded into a string at once.
 */
export class ReadBuffer {
  private bytes = Buffer.allocUnsafe(64 * 1024);

  /** At least `size` bytes: kept for the next file up to 1 MiB, a buffer of its own beyond. */
  reserve(size: number): Buffer {
    if (size <= this.bytes.length) return this.bytes;
    if (size > maxReusedBytes) return Buffer.allocUnsafe(size);
    this.bytes = Buffer.allocUnsafe(Math.min(maxReusedBytes, Math.max(size, this.bytes.length * 2)));
    return this.bytes;
  }
}

const maxReusedBytes = 1024 * 1024;
/** For readers that decode at once (readTextFileSync): JavaScript runs one of them at a time. */
const decodedAtOnce = new ReadBuffer();

/**
 * The raw bytes (for callers that only scan them), with the same refusals as `readTextFile`. With
 * `into`, they are a view of its memory, valid until its next read.
 */
export function readFileBytesSync(file: string, options: Omit<ReadTextOptions, 'signal'> & { into?: ReadBuffer } = {}): Buffer {
  let fd: number;
  try {
    fd = openSync(file, openFlags);
  } catch (error) {
    throw openFailure(file, error);
  }
  try {
    const stat = fstatSync(fd);
    checkStat(file, stat, options.maxBytes);
    const buffer = options.into ? options.into.reserve(stat.size).subarray(0, stat.size) : Buffer.allocUnsafe(stat.size);
    let offset = 0;
    while (offset < buffer.length) {
      const read = readSync(fd, buffer, offset, buffer.length - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return offset === buffer.length ? buffer : buffer.subarray(0, offset);
  } catch (error) {
    if (error instanceof FlagLensError) throw error;
    throw new FileSkippedError(file, 'unreadable', `cannot be read (${errorCode(error) ?? 'I/O error'}).`, error);
  } finally {
    closeSync(fd);
  }
}

/** How `decodeText` will read these bytes: UTF-16 only with its BOM, as TypeScript decides. */
export function textEncodingOf(buffer: Buffer): 'utf8' | 'utf16le' | 'utf16be' {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return 'utf16le';
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) return 'utf16be';
  return 'utf8';
}

/**
 * Text as TypeScript reads it: a UTF-8 BOM is dropped, UTF-16 with a BOM (either byte order) is
 * decoded, anything else is UTF-8.
 */
export function decodeText(buffer: Buffer): string {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return new StringDecoder('utf16le').end(buffer.subarray(2));
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2, 2 + ((buffer.length - 2) & ~1)));
    swapped.swap16();
    return new StringDecoder('utf16le').end(swapped);
  }
  if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return buffer.toString('utf8', 3);
  return buffer.toString('utf8');
}

function checkStat(file: string, stat: { isFile(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isDirectory(): boolean; size: number }, maxBytes: number | undefined): void {
  if (!stat.isFile()) throw new FileSkippedError(file, 'notRegular', `is not a regular file (${fileKind(stat)}); skipped.`);
  if (maxBytes !== undefined && stat.size > maxBytes) {
    throw new FileSkippedError(file, 'tooLarge', `is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit; skipped.`);
  }
}

function openFailure(file: string, error: unknown): FlagLensError {
  const code = errorCode(error);
  // A socket cannot be opened at all; it is still "not a regular file" to the person reading the message.
  if (code === 'ENXIO' || code === 'EOPNOTSUPP') return new FileSkippedError(file, 'notRegular', 'is not a regular file (socket); skipped.', error);
  if (code === 'ENOENT') return new FlagLensError('notFound', `${file} does not exist.`, { file, cause: error });
  if (code === 'EISDIR') return new FileSkippedError(file, 'notRegular', 'is not a regular file (directory); skipped.', error);
  return new FileSkippedError(file, 'unreadable', `cannot be read (${code ?? 'I/O error'}).`, error);
}

function fileKind(stat: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isDirectory(): boolean }): string {
  if (stat.isFIFO()) return 'FIFO';
  if (stat.isSocket()) return 'socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'device';
  if (stat.isDirectory()) return 'directory';
  return 'special file';
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}
