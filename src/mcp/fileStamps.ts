import { statSync } from 'node:fs';
import { throwIfAborted } from '../core/errors';
import type { Logger } from '../core/log';
import { discoverFiles } from '../core/references/discover';

/** What a file looked like when last seen: any change to its content changes one of these. */
type Stamp = string;

export interface FileChanges {
  /** New or modified files the index reads (scripts and text files), absolute, forward slashes. */
  changed: string[];
  removed: string[];
  /** A package.json / tsconfig changed, appeared or went: module resolution may differ, so the index is rebuilt. */
  projectFiles: boolean;
}

/**
 * The files the reference index reads, as the same walk finds them (`discoverFiles`: .gitignore,
 * the skip list, `exclude`), with a stamp each. Comparing two tells which files to hand the index
 * again, so a long-lived server answers from the folder as it is now.
 */
export class FileStamps {
  private constructor(
    private readonly files: ReadonlyMap<string, Stamp>,
    private readonly projectFiles: ReadonlyMap<string, Stamp>,
  ) {}

  static async take(options: { root: string; exclude: readonly string[]; maxFileBytes: number; logger: Logger; signal?: AbortSignal }): Promise<FileStamps> {
    const discovery = await discoverFiles({ ...options, logger: quiet(options.logger) });
    const files = new Map<string, Stamp>();
    const projectFiles = new Map<string, Stamp>();
    let count = 0;
    // A stat per file: thousands take tens of milliseconds; yield now and then so the server keeps answering pings.
    const stampInto = async (target: Map<string, Stamp>, file: string) => {
      if (++count % 500 === 0) {
        throwIfAborted(options.signal);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const stamp = stampOf(file);
      if (stamp !== undefined) target.set(file, stamp);
    };
    // A text file over the size cap is not listed: growing past it reads as removed, shrinking under it as new.
    for (const { file } of [...discovery.scripts, ...discovery.texts]) await stampInto(files, file);
    for (const file of discovery.projectFiles) await stampInto(projectFiles, file);
    return new FileStamps(files, projectFiles);
  }

  /** What changed from `this` (older) to `next`. */
  changesTo(next: FileStamps): FileChanges {
    const changed: string[] = [];
    const removed: string[] = [];
    for (const [file, stamp] of next.files) if (this.files.get(file) !== stamp) changed.push(file);
    for (const file of this.files.keys()) if (!next.files.has(file)) removed.push(file);
    return { changed, removed, projectFiles: !sameStamps(this.projectFiles, next.projectFiles) };
  }
}

/** Modification and change time, size and inode: an atomic rename (a new inode) with the same mtime still counts. */
export function stampOf(file: string): Stamp | undefined {
  try {
    const stat = statSync(file);
    return `${stat.mtimeMs}:${stat.ctimeMs}:${stat.size}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

function sameStamps(a: ReadonlyMap<string, Stamp>, b: ReadonlyMap<string, Stamp>): boolean {
  if (a.size !== b.size) return false;
  for (const [file, stamp] of a) if (b.get(file) !== stamp) return false;
  return true;
}

/** The walk's own messages (a skipped FIFO, a huge .gitignore) were said when the index was built; each call would repeat them. */
function quiet(logger: Logger): Logger {
  return { ...logger, info: () => undefined, warn: (message, ...args) => logger.debug(message, ...args) };
}
