import * as fs from 'node:fs';
import type { FileSystemHost, RuntimeDirEntry } from 'ts-morph';
import { describeError } from '../errors';
import { readTextFileSync } from '../util/textFiles';
import { toPosixPath } from '../util/paths';

/** Larger than any real declaration file (lib.dom.d.ts is about 1 MB); beyond it a file only costs memory. */
export const maxCompilerFileBytes = 16 * 1024 * 1024;

function readForCompiler(filePath: string): string {
  try {
    return readTextFileSync(filePath, { maxBytes: maxCompilerFileBytes });
  } catch (error) {
    // The system's own error when there is one (ENOENT, EACCES: ts-morph and the skip list read its code);
    // otherwise ENOENT, which ts-morph takes as "no such file": what a file the compiler must not read becomes.
    const cause = (error as { cause?: unknown }).cause;
    if (typeof (cause as { code?: unknown } | undefined)?.code === 'string') throw cause;
    throw Object.assign(new Error(describeError(error)), { code: 'ENOENT' });
  }
}

/**
 * The real file system as ts-morph sees it, except that editor buffers (overlays) replace the
 * disk text of their files. ts-morph then parses an unsaved buffer exactly once, and never the
 * stale disk copy first. The index never writes through ts-morph, so writes are refused.
 */
export class OverlayFileSystem implements FileSystemHost {
  readonly overlays = new Map<string, string>();

  isCaseSensitive(): boolean {
    return process.platform !== 'win32' && process.platform !== 'darwin';
  }

  // Files the compiler pulls in lazily (imports, a tsconfig's `extends`, lib files) are decoded as tsc
  // decodes them (UTF-16, BOM), and a FIFO, device or huge file is never read.
  readFileSync(filePath: string, _encoding: BufferEncoding = 'utf8'): string {
    return this.overlays.get(filePath) ?? readForCompiler(filePath);
  }

  async readFile(filePath: string, _encoding: BufferEncoding = 'utf8'): Promise<string> {
    return this.overlays.get(filePath) ?? readForCompiler(filePath);
  }

  fileExistsSync(filePath: string): boolean {
    if (this.overlays.has(filePath)) return true;
    try {
      const stat = fs.statSync(filePath);
      return stat.isFile() && stat.size <= maxCompilerFileBytes;
    } catch {
      return false;
    }
  }

  async fileExists(filePath: string): Promise<boolean> {
    return this.fileExistsSync(filePath);
  }

  directoryExistsSync(dirPath: string): boolean {
    try {
      return fs.statSync(dirPath).isDirectory();
    } catch {
      return false;
    }
  }

  async directoryExists(dirPath: string): Promise<boolean> {
    return this.directoryExistsSync(dirPath);
  }

  readDirSync(dirPath: string): RuntimeDirEntry[] {
    return fs.readdirSync(dirPath, { withFileTypes: true }).map((entry) => ({
      name: entry.name,
      isFile: entry.isFile(),
      isDirectory: entry.isDirectory(),
      isSymlink: entry.isSymbolicLink(),
    }));
  }

  realpathSync(filePath: string): string {
    try {
      return fs.realpathSync(filePath);
    } catch {
      return filePath;
    }
  }

  getCurrentDirectory(): string {
    return toPosixPath(process.cwd());
  }

  globSync(): string[] {
    return [];
  }

  async glob(): Promise<string[]> {
    return [];
  }

  private refuse(): never {
    throw new Error('The reference index never writes files through ts-morph.');
  }

  deleteSync(): void {
    this.refuse();
  }
  async delete(): Promise<void> {
    this.refuse();
  }
  writeFileSync(): void {
    this.refuse();
  }
  async writeFile(): Promise<void> {
    this.refuse();
  }
  mkdirSync(): void {
    this.refuse();
  }
  async mkdir(): Promise<void> {
    this.refuse();
  }
  moveSync(): void {
    this.refuse();
  }
  async move(): Promise<void> {
    this.refuse();
  }
  copySync(): void {
    this.refuse();
  }
  async copy(): Promise<void> {
    this.refuse();
  }
}
