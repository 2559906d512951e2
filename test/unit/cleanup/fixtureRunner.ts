import * as assert from 'node:assert/strict';
import { promises as fs, readdirSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Project } from 'ts-morph';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { applyCleanup, planCleanup, type CleanupResult } from '../../../src/core/cleanup/planCleanup';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';

export const fixturesRoot = path.resolve(__dirname, '../../fixtures/cleanup');

/** case.json: what to remove and what must come out besides the `after/` files. */
interface CaseSpec {
  key: string;
  keep: unknown;
  /** Files (relative) the cleanup must delete. */
  deleted?: string[];
  /** Expected `notRewritten` entries: file relative to the root, a substring of the reason. */
  notRewritten?: { file: string; reason: string }[];
  /** `false`: verification must refuse the result, with a problem whose message contains `problem`. */
  safe?: boolean;
  problem?: string;
  /** Runs the cleanup with `--prune-unused-exports`. */
  pruneUnusedExports?: boolean;
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

async function copyTree(from: string, to: string): Promise<void> {
  for (const file of await listFiles(from)) {
    await fs.mkdir(path.dirname(path.join(to, file)), { recursive: true });
    await fs.copyFile(path.join(from, file), path.join(to, file));
  }
}

/** Every diagnostic the compiler reports for the workspace's own files, one line each. */
function compileErrors(root: string): string[] {
  const project = new Project({ tsConfigFilePath: path.join(root, 'tsconfig.json'), skipAddingFilesFromTsConfig: true });
  project.addSourceFilesAtPaths([`${root}/**/*.ts`, `${root}/**/*.tsx`]);
  return project.getPreEmitDiagnostics().map((d) => `${path.relative(root, d.getSourceFile()?.getFilePath() ?? '')}:${d.getLineNumber() ?? 0} ${project.formatDiagnosticsWithColorAndContext([d]).split('\n')[0]}`);
}

/** Copies a case's `before/` (over the shared SDK stubs and tsconfig) into a fresh temporary workspace. */
export async function prepareWorkspace(caseDir: string): Promise<string> {
  const root = (await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-cleanup-'))).split(path.sep).join('/');
  await copyTree(path.join(fixturesRoot, '_shared'), root);
  await copyTree(path.join(caseDir, 'before'), root);
  return root;
}

export async function buildIndex(root: string, knownKeys: string[]): Promise<ReferenceIndex> {
  const { config } = await loadConfig(root);
  return ReferenceIndex.build({ root, config, knownKeys });
}

function checkNotRewritten(result: CleanupResult, root: string, expected: CaseSpec['notRewritten'] = []): void {
  const actual = result.notRewritten.map((n) => ({ file: path.posix.relative(root, n.file), reason: n.reason, line: n.line }));
  assert.equal(actual.length, expected.length, `notRewritten: ${JSON.stringify(actual)}`);
  for (const want of expected) {
    assert.ok(
      actual.some((a) => a.file === want.file && a.reason.includes(want.reason)),
      `expected a notRewritten entry for ${want.file} containing "${want.reason}"; got ${JSON.stringify(actual)}`,
    );
  }
}

async function runCase(caseDir: string): Promise<void> {
  const spec = JSON.parse(readFileSync(path.join(caseDir, 'case.json'), 'utf8')) as CaseSpec;
  const root = await prepareWorkspace(caseDir);
  const index = await buildIndex(root, [spec.key]);
  try {
    const result = await planCleanup({ key: spec.key, keep: spec.keep, index, ...(spec.pruneUnusedExports ? { pruneUnusedExports: true } : {}) });
    const afterDir = path.join(caseDir, 'after');
    if (process.env.UPDATE_CLEANUP_FIXTURES === '1') {
      await fs.rm(afterDir, { recursive: true, force: true });
      for (const change of result.changes) {
        if (change.after === null) continue;
        const target = path.join(afterDir, path.posix.relative(root, change.file));
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, change.after);
      }
    }
    const expectedFiles = await listFiles(afterDir);
    const deleted = spec.deleted ?? [];
    const changed = result.changes.map((c) => path.posix.relative(root, c.file)).sort();
    assert.deepEqual(changed, [...expectedFiles, ...deleted].sort(), 'the set of changed files');
    for (const change of result.changes) {
      const relative = path.posix.relative(root, change.file);
      if (deleted.includes(relative)) {
        assert.equal(change.after, null, `${relative} should be deleted`);
        continue;
      }
      assert.equal(change.after, readFileSync(path.join(afterDir, relative), 'utf8'), `${relative} after cleanup`);
    }
    checkNotRewritten(result, root, spec.notRewritten);
    if (spec.safe === false) {
      assert.equal(result.safe, false, 'verification should refuse this cleanup');
      assert.ok(result.problems.some((p) => p.message.includes(spec.problem ?? '')), `problems: ${JSON.stringify(result.problems)}`);
      return;
    }
    assert.deepEqual(result.problems, [], 'no new diagnostics');
    assert.equal(result.safe, true);
    // Independently of the planner's own check: the written workspace compiles with no errors at all.
    await applyCleanup(result);
    assert.deepEqual(compileErrors(root), [], 'the cleaned-up workspace compiles');
    // A fixed point: cleaning the cleaned workspace again finds nothing left to change.
    const again = await buildIndex(root, [spec.key]);
    try {
      const second = await planCleanup({ key: spec.key, keep: spec.keep, index: again });
      assert.deepEqual(second.changes.map((c) => path.posix.relative(root, c.file)), [], 'a second cleanup changes nothing');
    } finally {
      again.dispose();
    }
  } finally {
    index.dispose();
    await fs.rm(root, { recursive: true, force: true });
  }
}

/** One `it` per case folder under `test/fixtures/cleanup/<category>/`. */
export function describeCleanupFixtures(category: string): void {
  const dir = path.join(fixturesRoot, category);
  const cases = readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory())
    .sort();
  describe(`cleanup fixtures: ${category}`, function () {
    this.timeout(120_000);
    it('has cases', () => assert.ok(cases.length > 0));
    for (const name of cases) it(name, () => runCase(path.join(dir, name)));
  });
}
