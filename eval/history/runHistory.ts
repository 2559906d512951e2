import { execFileSync } from 'node:child_process';
import { readFileSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { precisionOf, recallOf, runHistoryCase, type CaseResult, type CaseSpec, type RepoSpec, type Totals } from './historyCase';

/**
 * `npm run eval:history [-- <case id substrings…>] [--save <name>] [--keep-scratch] [--tool <checkout>]`
 *
 * Replays real flag removals (eval/history/cases.json) against the cleanup and prints how much of
 * what the people changed it reproduces. Not part of CI: it needs the repositories' mirrors.
 */
interface CaseFile {
  repos: Record<string, RepoSpec>;
  cases: CaseSpec[];
}

const here = __dirname;

function percent(value: number | undefined): string {
  return value === undefined ? '   -' : `${Math.round(value * 100)}%`.padStart(4);
}

function sum(results: readonly CaseResult[], pick: (r: CaseResult) => Totals): Totals {
  const out: Totals = { matched: 0, toolTotal: 0, peopleTotal: 0 };
  for (const r of results) {
    const t = pick(r);
    out.matched += t.matched;
    out.toolTotal += t.toolTotal;
    out.peopleTotal += t.peopleTotal;
  }
  return out;
}

function table(results: readonly CaseResult[]): string {
  const header = ['case', 'repo@commit', 'result', 'recall', 'prec.', 'plan rec.', 'plan prec.', 'parses', 'key left (people)', 's'];
  const rows = results.map((r) => [
    r.id,
    `${r.repo.split('/')[1]}@${r.commit.slice(0, 10)}`,
    r.status,
    percent(recallOf(r.written)),
    percent(precisionOf(r.written)),
    percent(recallOf(r.plan)),
    percent(precisionOf(r.plan)),
    r.status === 'error' ? '-' : r.unparsable.length === 0 ? 'yes' : `no (${r.unparsable.length})`,
    `${r.keyLeft.tool.length} (${r.keyLeft.people.length})`,
    String(r.seconds),
  ]);
  const written = sum(results, (r) => r.written);
  const plan = sum(results, (r) => r.plan);
  rows.push([
    'all (line-weighted)',
    `${results.length} cases`,
    `${results.filter((r) => r.status === 'safe').length} safe`,
    percent(recallOf(written)),
    percent(precisionOf(written)),
    percent(recallOf(plan)),
    percent(precisionOf(plan)),
    `${results.filter((r) => r.unparsable.length === 0).length}/${results.length}`,
    `${results.filter((r) => r.keyLeft.tool.length === 0).length}/${results.length} clean`,
    String(results.reduce((s, r) => s + r.seconds, 0)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** `flaglens@<commit>`, `+changes` when src/ differs from it; an exported tree names its commit in FLAGLENS_TOOL_COMMIT. */
function toolLabel(toolRoot: string): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short=10', 'HEAD'], { cwd: toolRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: toolRoot, encoding: 'utf8' }).trim() !== '';
    return `flaglens@${commit}${dirty ? '+changes' : ''}`;
  } catch {
    return `flaglens@${process.env.FLAGLENS_TOOL_COMMIT ?? path.basename(toolRoot)}`;
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    // --tool: another checkout of Flag Lens to run (e.g. an exported commit), default this one.
    options: { save: { type: 'string' }, 'keep-scratch': { type: 'boolean' }, tool: { type: 'string' } },
  });
  const toolRoot = path.resolve(values.tool ?? path.resolve(here, '../..'));
  const spec = JSON.parse(readFileSync(path.join(here, 'cases.json'), 'utf8')) as CaseFile;
  const selected = positionals.length === 0 ? spec.cases : spec.cases.filter((c) => positionals.some((p) => c.id.includes(p)));
  const label = toolLabel(toolRoot);
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-history-'));
  const results: CaseResult[] = [];
  try {
    for (const c of selected) {
      const repo = spec.repos[c.repo];
      if (!repo) throw new Error(`case ${c.id}: repository ${c.repo} is not described in cases.json`);
      process.stderr.write(`${c.id}… `);
      const result = await runHistoryCase(c, repo, { toolRoot, scratch, keepScratch: values['keep-scratch'] === true });
      process.stderr.write(`${result.status} (${result.seconds}s)\n`);
      for (const note of result.notes) process.stderr.write(`  ${note}\n`);
      results.push(result);
    }
  } finally {
    if (values['keep-scratch'] !== true) await fs.rm(scratch, { recursive: true, force: true });
  }
  process.stdout.write(`Real-history replay, ${label}\n\n${table(results)}\n\n`);
  const written = sum(results, (r) => r.written);
  const summary = {
    eval: 'history',
    tool: label,
    cases: results.length,
    safe: results.filter((r) => r.status === 'safe').length,
    recall: recallOf(written),
    precision: precisionOf(written),
    planRecall: recallOf(sum(results, (r) => r.plan)),
    planPrecision: precisionOf(sum(results, (r) => r.plan)),
    parses: results.filter((r) => r.unparsable.length === 0).length,
    keyGone: results.filter((r) => r.keyLeft.tool.length === 0).length,
    perCase: results.map((r) => ({ id: r.id, status: r.status, recall: recallOf(r.written), precision: precisionOf(r.written), planRecall: recallOf(r.plan), planPrecision: precisionOf(r.plan) })),
  };
  process.stdout.write(JSON.stringify(summary) + '\n');
  if (values.save) {
    // Numbers, file paths and line hashes only: never the repositories' code.
    const file = path.join(here, 'results', `${values.save}.json`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, JSON.stringify({ tool: label, date: new Date().toISOString(), summary, results: results.map(({ notes, ...rest }) => ({ ...rest, notes: notes.filter((n) => !n.startsWith('scratch kept')).map((n) => n.replace(/(TS\d+):.*$/, '$1')) })) }, null, 1) + '\n');
    process.stderr.write(`saved ${path.relative(toolRoot, file)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
