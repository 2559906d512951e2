import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { configSeeds, flagdSeeds, sdkSnippets } from './snippets';

export const repoRoot = path.resolve(__dirname, '../../..');

/** A folder of files (paths relative to it) that becomes one temp workspace per case. */
export interface ProjectSeed {
  name: string;
  files: Record<string, string>;
}

export interface Corpus {
  projects: ProjectSeed[];
  /** Every script text in the projects, as splice donors. */
  scripts: string[];
  configs: string[];
  flagd: string[];
}

const maxSeedFileBytes = 50_000;
const maxProjectChars = 100_000;
export const scriptExtension = /\.(ts|tsx|js|jsx|mts|cts|mjs|cjs)$/;

function listFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listFiles(full, out);
    else if (entry.isFile() && statSync(full).size <= maxSeedFileBytes) out.push(full);
  }
  return out;
}

function subdirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(dir, e.name))
    .sort();
}

function readProject(name: string, dir: string): ProjectSeed {
  const files: Record<string, string> = {};
  let total = 0;
  for (const file of listFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    if (total + text.length > maxProjectChars) break;
    total += text.length;
    files[path.relative(dir, file).split(path.sep).join('/')] = text;
  }
  return { name, files };
}

/** Seeds: the project's own fixtures (reference families, cleanup "before" trees, flagd files) plus hand-written snippets. */
export function loadCorpus(): Corpus {
  const fixtures = path.join(repoRoot, 'test/fixtures');
  const projects: ProjectSeed[] = [];
  for (const dir of subdirs(path.join(fixtures, 'references'))) projects.push(readProject(`references/${path.basename(dir)}`, dir));
  for (const group of subdirs(path.join(fixtures, 'cleanup'))) {
    for (const testCase of subdirs(group)) {
      const before = path.join(testCase, 'before');
      try {
        if (statSync(before).isDirectory()) projects.push(readProject(path.relative(fixtures, before), before));
      } catch {
        // A cleanup case without a "before" tree has nothing to seed.
      }
    }
  }
  for (const [file, text] of Object.entries(sdkSnippets)) projects.push({ name: `snippet/${file}`, files: { [`src/${file}`]: text } });
  projects.push({
    name: 'snippet/all',
    files: { ...Object.fromEntries(Object.entries(sdkSnippets).map(([f, t]) => [`src/${f}`, t])), '.flaglens.json': configSeeds[0]! },
  });
  const scripts = projects.flatMap((p) => Object.entries(p.files).filter(([f]) => scriptExtension.test(f)).map(([, t]) => t));
  const configs = [...configSeeds, ...listFiles(fixtures).filter((f) => path.basename(f) === '.flaglens.json').map((f) => readFileSync(f, 'utf8'))];
  const flagdFiles = [...listFiles(path.join(fixtures, 'flagd')), ...listFiles(path.join(repoRoot, 'examples')).filter((f) => f.endsWith('.flagd.json'))].filter((f) => f.endsWith('.json'));
  const flagd = [...flagdSeeds, ...flagdFiles.map((f) => readFileSync(f, 'utf8'))];
  return { projects: projects.filter((p) => Object.keys(p.files).some((f) => scriptExtension.test(f))), scripts, configs, flagd };
}
