/**
 * Which folders a monorepo declares as its packages: package.json `workspaces` (npm, yarn, also
 * `{ packages: [...] }`), pnpm-workspace.yaml `packages:` and lerna.json `packages`. Read from the
 * project files' text; the globs become matchers over folders relative to the declaring root.
 */

/** A glob of folders (`packages/*`, `apps/**`, `tools/cli`) as a matcher of relative folder paths. */
export function folderGlob(glob: string): RegExp | undefined {
  const clean = glob.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  if (!clean || clean.length > 300) return undefined;
  const parts = clean.split('/').map((part) => {
    if (part === '**') return '(?:[^/]+/)*';
    const body = part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
    return `${body}/`;
  });
  return new RegExp(`^${parts.join('')}$`);
}

export interface WorkspaceGlobs {
  include: RegExp[];
  exclude: RegExp[];
}

function fromList(values: unknown): WorkspaceGlobs | undefined {
  if (!Array.isArray(values)) return undefined;
  const globs: WorkspaceGlobs = { include: [], exclude: [] };
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const negated = value.startsWith('!');
    const matcher = folderGlob(negated ? value.slice(1) : value);
    if (matcher) (negated ? globs.exclude : globs.include).push(matcher);
  }
  return globs;
}

/** package.json `workspaces` (array, or yarn's `{ packages }`); lerna.json `packages`. */
export function workspaceGlobsOfJson(json: Record<string, unknown>, lerna: boolean): WorkspaceGlobs | undefined {
  if (lerna) return fromList(json['packages']);
  const workspaces = json['workspaces'];
  if (Array.isArray(workspaces)) return fromList(workspaces);
  if (workspaces && typeof workspaces === 'object') return fromList((workspaces as Record<string, unknown>)['packages']);
  return undefined;
}

/**
 * pnpm-workspace.yaml's `packages:` list, block (`- 'apps/*'`) or flow (`['apps/*']`) style. A file
 * without that key (settings only) declares no packages: undefined.
 */
export function workspaceGlobsOfPnpm(text: string): WorkspaceGlobs | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^packages\s*:/.test(line));
  if (start < 0) return undefined;
  const values: string[] = [];
  const unquote = (raw: string) => raw.replace(/\s+#.*$/, '').trim().replace(/^(['"])(.*)\1$/, '$2');
  const inline = /^packages\s*:\s*\[(.*)\]/.exec(lines[start]!);
  if (inline) {
    for (const part of inline[1]!.split(',')) if (unquote(part)) values.push(unquote(part));
    return fromList(values);
  }
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const item = /^\s*-\s*(.+)$/.exec(line);
    if (!item) break;
    values.push(unquote(item[1]!));
  }
  return fromList(values);
}

/** Whether `relative` (a folder under the workspace root, no trailing slash) is one of its packages. */
export function matchesWorkspace(globs: WorkspaceGlobs, relative: string): boolean {
  const folder = `${relative}/`;
  return globs.include.some((g) => g.test(folder)) && !globs.exclude.some((g) => g.test(folder));
}
