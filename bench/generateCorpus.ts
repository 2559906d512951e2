import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFlagCatalog, FlagQueue, type BenchFlag } from './corpus/flagCatalog';
import { appPackages, planFillerFiles, sharedPackage } from './corpus/layout';
import { Random } from './corpus/random';
import { writeSourceFile, type CorpusFlags } from './corpus/sourceFile';
import type { ExpectedReference } from './corpus/sourceWriter';
import { supportFiles, supportSourceCount, type GeneratedFile } from './corpus/supportFiles';

/** Bump when the generator's output changes, so cached corpora are rebuilt. */
const generatorVersion = 5;

export interface CorpusOptions {
  files: number;
  seed: number;
  /** Parent folder of the corpus; default `<tmp>/flaglens-bench`. */
  cacheDir?: string;
  flags?: number;
  meanLines?: number;
  /** Share of files that reference flags. */
  flaggedShare?: number;
  decoyShare?: number;
}

export interface CorpusManifest {
  generatorVersion: number;
  root: string;
  files: number;
  seed: number;
  flags: string[];
  /** Corpus-relative paths of every TS source the index should scan. */
  sourceFiles: string[];
  flaggedFiles: string[];
  decoyFiles: number;
  totalLines: number;
  totalBytes: number;
  expected: ExpectedReference[];
  /** Flag-evaluating calls written with a key the index cannot resolve (it should report them as dynamic). */
  dynamicSites: number;
  generateMs: number;
}

/**
 * Writes (or reuses) the synthetic monorepo. The manifest lives next to the corpus, not inside it,
 * so the index's text fallback never sees the expected keys.
 */
export interface GeneratedCorpus {
  manifest: CorpusManifest;
  manifestFile: string;
  /** Found in the cache instead of written now. */
  reused: boolean;
}

export function generateCorpus(options: CorpusOptions): GeneratedCorpus {
  const cacheDir = options.cacheDir ?? path.join(os.tmpdir(), 'flaglens-bench');
  const id = `${options.files}-${options.seed}`;
  const root = path.join(cacheDir, id).replace(/\\/g, '/');
  const manifestFile = path.join(cacheDir, `${id}.manifest.json`);
  const cached = readManifest(manifestFile);
  if (cached && cached.generatorVersion === generatorVersion && fs.existsSync(root)) return { manifest: cached, manifestFile, reused: true };

  const started = performance.now();
  const random = new Random(options.seed);
  const flagCount = options.flags ?? 300;
  const flags = createFlagCatalog(random.fork(1), flagCount);
  const fillerCount = options.files - supportSourceCount();
  if (fillerCount < 50) throw new Error(`--files must be at least ${supportSourceCount() + 50}`);
  const plans = planFillerFiles(random.fork(2), fillerCount, options.meanLines ?? 270);

  const roleRandom = random.fork(3);
  const appPlans = roleRandom.shuffle(plans.filter((p) => p.pkg !== sharedPackage));
  const flaggedCount = Math.max(5, Math.round(options.files * (options.flaggedShare ?? 0.02)));
  // Half the flag-referencing files are React components, so the React SDKs are as well covered as the server ones.
  const tsxPlans = appPlans.filter((p) => p.tsx);
  const tsPlans = appPlans.filter((p) => !p.tsx);
  const flaggedTsx = Math.min(tsxPlans.length, Math.floor(flaggedCount / 2));
  const flagged = new Set([...tsxPlans.slice(0, flaggedTsx), ...tsPlans.slice(0, flaggedCount - flaggedTsx)]);
  const others = appPlans.filter((p) => !flagged.has(p));
  const decoyCount = Math.round(options.files * (options.decoyShare ?? 0.015));
  const decoys = new Set([...others.slice(0, decoyCount), ...[...flagged].slice(0, Math.round(flaggedCount * 0.3))]);
  // Enough references that every flag is used about twice at the default size.
  const perFile = Math.min(10, Math.max(3, Math.round((flagCount * 2) / flaggedCount)));

  const corpus: CorpusFlags = {
    flags,
    queue: new FlagQueue(flags),
    primaryFlags: new Map(appPackages.map((pkg, index) => [pkg.dir, flags[index % flags.length] as BenchFlag])),
    dealt: { tsx: 0, ts: 0 },
  };
  const staging = `${root}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const writer = new TreeWriter(staging);
  const expected: ExpectedReference[] = [];
  const sourceFiles: string[] = [];
  let dynamicSites = 0;
  let totalLines = 0;
  let totalBytes = 0;
  const record = (file: GeneratedFile): void => {
    writer.write(file.path, file.text);
    if (!file.source) return;
    sourceFiles.push(file.path);
    totalLines += file.text.split('\n').length - 1;
    totalBytes += Buffer.byteLength(file.text);
  };

  for (const file of supportFiles(flags, plans.filter((p) => p.pkg === sharedPackage))) record(file);
  const contentRandom = random.fork(4);
  for (const plan of plans) {
    const fileRandom = contentRandom.fork(sourceFiles.length);
    const w = writeSourceFile(plan, fileRandom, { flagReferences: flagged.has(plan) ? fileRandom.int(perFile - 2 > 0 ? perFile - 2 : 1, perFile + 2) : 0, decoy: decoys.has(plan) }, corpus);
    expected.push(...w.references);
    dynamicSites += w.dynamicSites;
    record({ path: plan.path, text: w.toString(), source: true });
  }

  fs.rmSync(root, { recursive: true, force: true });
  fs.renameSync(staging, root);
  const manifest: CorpusManifest = {
    generatorVersion,
    root,
    files: sourceFiles.length,
    seed: options.seed,
    flags: flags.map((f) => f.key),
    sourceFiles,
    flaggedFiles: [...flagged].map((p) => p.path),
    decoyFiles: decoys.size,
    totalLines,
    totalBytes,
    expected,
    dynamicSites,
    generateMs: performance.now() - started,
  };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  return { manifest, manifestFile, reused: false };
}

function readManifest(file: string): CorpusManifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as CorpusManifest;
  } catch {
    return undefined;
  }
}

/** Writes files under a root, creating each folder once. */
class TreeWriter {
  private readonly folders = new Set<string>();

  constructor(private readonly root: string) {}

  write(relative: string, text: string): void {
    const file = path.join(this.root, relative);
    const folder = path.dirname(file);
    if (!this.folders.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      this.folders.add(folder);
    }
    fs.writeFileSync(file, text);
  }
}
