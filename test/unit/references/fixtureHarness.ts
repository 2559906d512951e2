import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { ReferenceIndex, type ReferenceIndexOptions } from '../../../src/core/references/referenceIndex';
import type { FlagReference } from '../../../src/core/references/model';

export const fixturesRoot = path.resolve(__dirname, '../../fixtures/references');

export function fixturePath(family: string): string {
  return path.join(fixturesRoot, family).split(path.sep).join('/');
}

interface Marker {
  file: string;
  line: number;
  key: string;
  fields: Record<string, string>;
}

const scriptFile = /\.(ts|tsx|js|jsx|mts|cts|mjs|cjs)$/;

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else out.push(full);
  }
  return out;
}

/**
 * Expected results live next to the code they describe: `// @ref key via=constant kind=boolean`
 * (several refs: `// @ref a, b`) and `// @dynamic reason words`, on the line where the key
 * expression starts. Only script files carry markers; the index never reads comments as keys.
 */
export async function readMarkers(root: string): Promise<{ refs: Marker[]; dynamic: { file: string; line: number; reason: string }[] }> {
  const refs: Marker[] = [];
  const dynamic: { file: string; line: number; reason: string }[] = [];
  for (const file of await listFiles(root)) {
    if (!scriptFile.test(file)) continue;
    const rel = path.relative(root, file).split(path.sep).join('/');
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    lines.forEach((text, i) => {
      const ref = /@ref\s+(.+?)\s*(?:\*\/.*)?$/.exec(text);
      if (ref) {
        for (const part of ref[1]!.split(/\s*,\s*/)) {
          const [key, ...rest] = part.trim().split(/\s+/);
          const fields = Object.fromEntries(rest.map((f) => f.split('=') as [string, string]));
          refs.push({ file: rel, line: i + 1, key: key!, fields });
        }
      }
      const dyn = /@dynamic\b\s*(.*?)\s*(?:\*\/.*)?$/.exec(text);
      if (dyn) dynamic.push({ file: rel, line: i + 1, reason: dyn[1]! });
    });
  }
  return { refs, dynamic };
}

export async function buildIndex(root: string, options: Partial<ReferenceIndexOptions> = {}): Promise<ReferenceIndex> {
  const { config, problems } = await loadConfig(root);
  assert.deepEqual(problems, [], 'fixture config must be valid');
  return ReferenceIndex.build({ root, config, ...options });
}

export function describeRef(root: string, ref: FlagReference): string {
  return `${path.posix.relative(root, ref.file)}:${ref.keySpan.startLine + 1} ${ref.key}`;
}

/** Asserts the exact set of (key, file, line) and every via/kind/pattern a marker names. */
export async function expectMarkers(root: string, index: ReferenceIndex): Promise<void> {
  const { refs, dynamic } = await readMarkers(root);
  const ast = index.all().filter((r) => r.confidence === 'ast');
  const actual = ast.map((r) => describeRef(index.root, r)).sort();
  const expected = refs.map((m) => `${m.file}:${m.line} ${m.key}`).sort();
  assert.deepEqual(actual, expected, 'references (file:line key)');
  for (const marker of refs) {
    const candidates = ast.filter((r) => describeRef(index.root, r) === `${marker.file}:${marker.line} ${marker.key}`);
    for (const [field, value] of Object.entries(marker.fields)) {
      const values = candidates.map((r) => String((r as unknown as Record<string, unknown>)[field]));
      assert.ok(values.includes(value), `${marker.file}:${marker.line} ${marker.key}: expected ${field}=${value}, got ${values.join(', ')}`);
    }
  }
  const actualDynamic = index.dynamic().map((d) => `${path.posix.relative(index.root, d.file)}:${d.span.startLine + 1}`).sort();
  assert.deepEqual(actualDynamic, dynamic.map((d) => `${d.file}:${d.line}`).sort(), 'dynamic references (file:line)');
  for (const marker of dynamic) {
    if (!marker.reason) continue;
    const found = index.dynamic().filter((d) => `${path.posix.relative(index.root, d.file)}:${d.span.startLine + 1}` === `${marker.file}:${marker.line}`);
    assert.ok(found.some((d) => d.reason.includes(marker.reason)), `${marker.file}:${marker.line}: expected a reason containing '${marker.reason}', got ${found.map((d) => d.reason).join(' | ')}`);
  }
}

/** Runs the fixture family through a fresh index and checks its markers. */
export async function checkFamily(family: string, options: Partial<ReferenceIndexOptions> = {}): Promise<ReferenceIndex> {
  const root = fixturePath(family);
  const index = await buildIndex(root, options);
  try {
    await expectMarkers(root, index);
  } catch (error) {
    index.dispose();
    throw error;
  }
  return index;
}

/** A scratch copy of a fixture (for files git must not hold: node_modules, ignored output, edits). */
export async function copyFixture(family: string): Promise<string> {
  const target = await fs.mkdtemp(path.join(os.tmpdir(), `flaglens-${family}-`));
  await fs.cp(fixturePath(family), target, { recursive: true });
  return (await fs.realpath(target)).split(path.sep).join('/');
}

/** Writes `files` (relative path → text) into a new temporary folder; returns its real path with forward slashes. */
export async function writeTempWorkspace(prefix: string, files: Readonly<Record<string, string>>): Promise<string> {
  const root = (await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)))).split(path.sep).join('/');
  for (const [relative, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, relative)), { recursive: true });
    await fs.writeFile(path.join(root, relative), text);
  }
  return root;
}

/** Builds the index of a temporary workspace, runs `check`, and removes both whatever happens. */
export async function withTempIndex(prefix: string, files: Readonly<Record<string, string>>, check: (index: ReferenceIndex, root: string) => Promise<void> | void): Promise<void> {
  const root = await writeTempWorkspace(prefix, files);
  const index = await buildIndex(root);
  try {
    await check(index, root);
  } finally {
    index.dispose();
    await fs.rm(root, { recursive: true, force: true });
  }
}

/**
 * Builds a temporary workspace's index, runs `before`, writes `edit.text` to `edit.file` and updates
 * the index, then builds the edited workspace afresh for `after` to compare with; removes everything
 * whatever happens.
 */
export async function afterEdit(
  prefix: string,
  files: Readonly<Record<string, string>>,
  edit: { file: string; text: string },
  before: (index: ReferenceIndex) => void,
  after: (index: ReferenceIndex, fresh: ReferenceIndex) => void,
): Promise<void> {
  await withTempIndex(prefix, files, async (index, root) => {
    before(index);
    await fs.writeFile(path.join(root, edit.file), edit.text);
    await index.updateFile(`${root}/${edit.file}`);
    const fresh = await buildIndex(root);
    try {
      after(index, fresh);
    } finally {
      fresh.dispose();
    }
  });
}

/** Which of `relatives` the index has parsed (trees held or let go). */
export function parsedAmong(index: ReferenceIndex, relatives: Iterable<string>): string[] {
  const ws = (index as unknown as { ws: { isLoaded(file: string): boolean } }).ws;
  return [...relatives].filter((relative) => ws.isLoaded(path.posix.join(index.root, relative))).sort();
}

/** The index's AST references as `file:line key`, sorted. */
export function astRefs(index: ReferenceIndex): string[] {
  return index
    .all()
    .filter((r) => r.confidence === 'ast')
    .map((r) => describeRef(index.root, r))
    .sort();
}
