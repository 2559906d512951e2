import { watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../../log';
import type { Disposable } from '../../util/emitter';
import { toPosixPath } from '../../util/paths';

/**
 * Watches a set of files through their folders, not the files themselves: editors that save by
 * writing a temp file and renaming it over the original replace the inode, which silently ends a
 * per-file watch on Linux. Events are debounced per file because one save fires several.
 */
export class FileSetWatcher implements Disposable {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly filesByDir = new Map<string, Set<string>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private disposed = false;

  constructor(
    private readonly onChange: (file: string) => void,
    private readonly logger: Logger,
    private readonly debounceMs = 150,
    /** A file appeared or changed next to watched ones; lets the owner pick up new flag files. */
    private readonly onSibling?: (file: string) => void,
  ) {}

  /** Replaces the watched set; folders no longer needed are released. */
  setFiles(files: readonly string[]): void {
    if (this.disposed) return;
    this.filesByDir.clear();
    for (const file of files) {
      const normalized = path.resolve(file);
      const dir = path.dirname(normalized);
      let set = this.filesByDir.get(dir);
      if (!set) this.filesByDir.set(dir, (set = new Set()));
      set.add(path.basename(normalized));
    }
    for (const [dir, watcher] of this.watchers) {
      if (!this.filesByDir.has(dir)) {
        watcher.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of this.filesByDir.keys()) {
      if (!this.watchers.has(dir)) this.watchDir(dir);
    }
  }

  get watchedDirectories(): string[] {
    return [...this.watchers.keys()];
  }

  dispose(): void {
    this.disposed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private watchDir(dir: string): void {
    try {
      const watcher = watch(dir, { persistent: false }, (_event, filename) => {
        const names = this.filesByDir.get(dir);
        if (!names) return;
        const name = filename?.toString();
        // Some platforms omit the name; then every watched file in the folder is a candidate.
        if (name && !names.has(name)) {
          if (this.onSibling) this.debounce(path.join(dir, name), this.onSibling);
          return;
        }
        const changed = name ? [name] : [...names];
        for (const each of changed) this.debounce(path.join(dir, each), this.onChange);
      });
      watcher.on('error', (error) => {
        this.logger.warn(`flagd: stopped watching ${dir}: ${error.message}`);
        watcher.close();
        this.watchers.delete(dir);
      });
      this.watchers.set(dir, watcher);
    } catch (error) {
      this.logger.warn(`flagd: cannot watch ${dir}: ${(error as Error).message}`);
    }
  }

  private debounce(file: string, callback: (file: string) => void): void {
    if (this.disposed) return;
    const existing = this.timers.get(file);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.timers.delete(file);
      if (!this.disposed) callback(toPosixPath(file));
    }, this.debounceMs);
    timer.unref?.();
    this.timers.set(file, timer);
  }
}
