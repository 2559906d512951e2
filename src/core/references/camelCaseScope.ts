/**
 * Where LaunchDarkly's camelCase flag keys are turned off (`useCamelCaseFlagKeys: false`): the files
 * that say so, and the package folders holding them, which is how far the option reaches.
 */
export class CamelCaseOffScope {
  private readonly files = new Set<string>();
  private folders: string[] = [];

  constructor(
    private readonly root: string,
    private readonly packageDirs: () => readonly string[],
  ) {}

  get dirs(): readonly string[] {
    return this.folders;
  }

  /** Records whether `file` turns camelCase off; true when that changed. */
  update(file: string, off: boolean): boolean {
    if (off === this.files.has(file)) return false;
    if (off) this.files.add(file);
    else this.files.delete(file);
    return true;
  }

  /** Recomputes the folders from the files; true when they changed. */
  refresh(): boolean {
    const dirs = [...this.files].map((f) => this.packageDirs().find((d) => f.startsWith(`${d}/`)) ?? this.root).sort();
    const changed = dirs.join('\0') !== this.folders.join('\0');
    this.folders = [...new Set(dirs)];
    return changed;
  }
}
