import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { netChange, ratio, scoreFile, type LineScore } from './lineMetrics';

export interface RepoSpec {
  /** The folder the cleanup runs on, relative to the repository root (`.` for the root). */
  root: string;
  /** `.flaglens.json` content for the run. */
  config?: unknown;
}

export interface CaseSpec {
  id: string;
  repo: string;
  commit: string;
  key: string;
  keep: unknown;
}

export interface FileResult extends LineScore {
  file: string;
}

export interface Totals {
  matched: number;
  toolTotal: number;
  peopleTotal: number;
}

export interface CaseResult {
  id: string;
  repo: string;
  commit: string;
  key: string;
  keep: unknown;
  /** `safe`: the CLI would write it; `refused`: verification found new compiler errors; `error`: it failed. */
  status: 'safe' | 'refused' | 'error';
  /** What `--write` leaves: nothing when refused. */
  written: Totals;
  /** What the diff proposed, refused or not. */
  plan: Totals;
  /** Tool-changed files that no longer parse (relative to the root). */
  unparsable: string[];
  /** Script files that still name the key after the tool / after the people. */
  keyLeft: { tool: string[]; people: string[] };
  files: FileResult[];
  notes: string[];
  seconds: number;
}

const scriptFile = /\.(m|c)?(t|j)sx?$/;
const skippedDirectories = new Set(['node_modules', '.git', 'dist', 'build', 'coverage']);

export function mirrorOf(repo: string): string {
  const base = process.env.FLAGLENS_MIRRORS ?? '/work/.mirror';
  return path.join(base, repo.replace('/', '+'), 'repo');
}

function git(gitDir: string, args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

function gitShow(gitDir: string, revision: string, file: string): string | null {
  try {
    return git(gitDir, ['show', `${revision}:${file}`]);
  } catch {
    return null;
  }
}

function repoPath(root: string, relative: string): string {
  return root === '.' ? relative : `${root}/${relative}`;
}

/** The key as a whole token: `hbi.ui.bifrost` is not found inside `hbi.ui.bifrost-v2`. */
function keyPattern(key: string): RegExp {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w$.-])${escaped}(?![\\w$-])`);
}

async function scriptFilesUnder(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skippedDirectories.has(entry.name)) out.push(...(await scriptFilesUnder(full, base)));
    } else if (entry.isFile() && scriptFile.test(entry.name)) {
      out.push(path.relative(base, full).split(path.sep).join('/'));
    }
  }
  return out;
}

function syntaxErrors(file: string, text: string): number {
  const result = ts.transpileModule(text, { fileName: file, reportDiagnostics: true, compilerOptions: { jsx: ts.JsxEmit.Preserve, allowJs: true } });
  return (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error).length;
}

/** Files a unified diff names, each with whether the diff deletes it. */
function filesOfDiff(diff: string): { file: string; deleted: boolean }[] {
  const out: { file: string; deleted: boolean }[] = [];
  const lines = diff.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^diff --git a\/(.*) b\/(.*)$/.exec(lines[i]!);
    if (!match) continue;
    out.push({ file: match[1]!, deleted: lines[i + 1] === 'deleted file mode 100644' });
  }
  return out;
}

function keepArgument(keep: unknown): string {
  return typeof keep === 'string' ? JSON.stringify(keep) : JSON.stringify(keep);
}

function add(totals: Totals, score: LineScore): void {
  totals.matched += score.matched;
  totals.toolTotal += score.toolTotal;
  totals.peopleTotal += score.peopleTotal;
}

/**
 * Replays one removal: the commit's parent is extracted into a scratch folder, `flaglens cleanup`
 * runs on it as a user would run it, and its net line changes are compared file by file with the
 * commit's. The scratch folder holds the repository's code and is removed unless `keep` is set.
 */
export async function runHistoryCase(spec: CaseSpec, repo: RepoSpec, options: { toolRoot: string; scratch: string; keepScratch: boolean }): Promise<CaseResult> {
  const gitDir = mirrorOf(spec.repo);
  const notes: string[] = [];
  const started = Date.now();
  const result: CaseResult = {
    id: spec.id,
    repo: spec.repo,
    commit: spec.commit,
    key: spec.key,
    keep: spec.keep,
    status: 'error',
    written: { matched: 0, toolTotal: 0, peopleTotal: 0 },
    plan: { matched: 0, toolTotal: 0, peopleTotal: 0 },
    unparsable: [],
    keyLeft: { tool: [], people: [] },
    files: [],
    notes,
    seconds: 0,
  };
  if (!existsSync(gitDir)) {
    notes.push(`no mirror at ${gitDir}`);
    return result;
  }
  const dir = await fs.mkdtemp(path.join(options.scratch, `${spec.id}-`));
  const workspace = path.join(dir, 'workspace');
  try {
    await fs.mkdir(workspace);
    const parent = `${spec.commit}^`;
    const tree = repo.root === '.' ? parent : `${parent}:${repo.root}`;
    git(gitDir, ['archive', '--format=tar', '-o', path.join(dir, 'parent.tar'), tree]);
    execFileSync('tar', ['-xf', path.join(dir, 'parent.tar'), '-C', workspace]);
    await fs.rm(path.join(dir, 'parent.tar'));
    const args = ['cleanup', spec.key, workspace, '--keep', keepArgument(spec.keep), '--keep-literal'];
    if (repo.config !== undefined) {
      const configFile = path.join(dir, 'flaglens.json');
      await fs.writeFile(configFile, JSON.stringify(repo.config));
      args.push('--config', configFile);
    }
    const run = spawnSync(process.execPath, ['--max-old-space-size=6144', '--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: options.toolRoot,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    const diff = run.stdout ?? '';
    await fs.writeFile(path.join(dir, 'tool.diff'), diff);
    await fs.writeFile(path.join(dir, 'tool.stderr'), run.stderr ?? '');
    if (run.status === 0) result.status = 'safe';
    else if (run.status === 1 && diff !== '') result.status = 'refused';
    else notes.push(`cleanup exited ${run.status}: ${(run.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
    for (const line of (run.stderr ?? '').split('\n')) if (/new error after cleanup/.test(line)) notes.push(line.replace(workspace, '').trim());

    // The tool's side: the texts before and after its diff.
    const toolFiles = filesOfDiff(diff);
    const toolBefore = new Map<string, string | null>();
    for (const { file } of toolFiles) toolBefore.set(file, await fs.readFile(path.join(workspace, file), 'utf8').catch(() => null));
    if (diff !== '') {
      const apply = spawnSync('git', ['apply', '-p1', '--whitespace=nowarn', path.join(dir, 'tool.diff')], { cwd: workspace, encoding: 'utf8' });
      if (apply.status !== 0) {
        notes.push(`git apply failed: ${apply.stderr.trim().split('\n')[0]}`);
        result.status = 'error';
      }
    }
    const toolAfter = new Map<string, string | null>();
    for (const { file } of toolFiles) toolAfter.set(file, await fs.readFile(path.join(workspace, file), 'utf8').catch(() => null));

    // The people's side, limited to the scripts under the root (the only files the tool may change).
    const prefix = repo.root === '.' ? '' : `${repo.root}/`;
    if (options.keepScratch) await fs.writeFile(path.join(dir, 'people.diff'), git(gitDir, ['diff', '--no-renames', parent, spec.commit, '--', repo.root]));
    const changed = git(gitDir, ['diff', '--no-renames', '--name-only', parent, spec.commit, '--', repo.root])
      .split('\n')
      .filter((f) => f !== '' && scriptFile.test(f))
      .map((f) => f.slice(prefix.length));
    const peopleBefore = new Map<string, string | null>();
    const peopleAfter = new Map<string, string | null>();
    for (const file of changed) {
      peopleBefore.set(file, gitShow(gitDir, parent, repoPath(repo.root, file)));
      peopleAfter.set(file, gitShow(gitDir, spec.commit, repoPath(repo.root, file)));
    }

    const written = result.status === 'safe';
    for (const file of [...new Set([...toolBefore.keys(), ...peopleBefore.keys()])].sort()) {
      if (!scriptFile.test(file)) continue;
      const before = toolBefore.has(file) ? toolBefore.get(file)! : peopleBefore.has(file) ? peopleBefore.get(file)! : null;
      const people = peopleBefore.has(file) ? netChange(peopleBefore.get(file)!, peopleAfter.get(file)!) : new Map<string, number>();
      const tool = toolBefore.has(file) ? netChange(before, toolAfter.get(file)!) : new Map<string, number>();
      const score = scoreFile(tool, people);
      add(result.plan, score);
      add(result.written, written ? score : scoreFile(new Map(), people));
      if (score.toolTotal > 0 || score.peopleTotal > 0) result.files.push({ file, ...score });
    }
    for (const [file, after] of toolAfter) if (after !== null && scriptFile.test(file) && syntaxErrors(file, after) > 0) result.unparsable.push(file);

    const pattern = keyPattern(spec.key);
    for (const file of await scriptFilesUnder(workspace)) {
      const text = await fs.readFile(path.join(workspace, file), 'utf8').catch(() => '');
      if (pattern.test(text)) result.keyLeft.tool.push(file);
    }
    let mentioned: string[] = [];
    try {
      mentioned = git(gitDir, ['grep', '-l', '-F', spec.key, spec.commit, '--', repo.root]).split('\n').filter((l) => l !== '');
    } catch {
      // git grep exits 1 when nothing matches.
    }
    for (const entry of mentioned) {
      const file = entry.slice(spec.commit.length + 1);
      if (!scriptFile.test(file)) continue;
      const text = gitShow(gitDir, spec.commit, file) ?? '';
      if (pattern.test(text)) result.keyLeft.people.push(file.slice(prefix.length));
    }
  } catch (error) {
    notes.push(`replay failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    result.status = 'error';
  } finally {
    result.seconds = Math.round((Date.now() - started) / 1000);
    if (options.keepScratch) notes.push(`scratch kept: ${dir}`);
    else await fs.rm(dir, { recursive: true, force: true });
  }
  return result;
}

export function recallOf(totals: Totals): number | undefined {
  return ratio(totals.matched, totals.peopleTotal);
}

export function precisionOf(totals: Totals): number | undefined {
  return ratio(totals.matched, totals.toolTotal);
}
