import type { Corpus } from './corpus';
import { scriptExtension } from './corpus';
import { mutateJson } from './jsonMutations';
import { mutateFlagdLogic } from './jsonLogic';
import { caseSeed, Rng } from './prng';
import { deepPrograms, evaluationContexts, oddFileNames, projectJsonSeeds } from './snippets';
import { maxMutatedChars, mutateTextTimes } from './textMutations';

export type FuzzTarget = 'references' | 'config' | 'flagd';

export interface ReferencesCase {
  target: 'references';
  seed: number;
  caseNumber: number;
  /** Which seed project it started from, for people reading a saved crash. */
  origin: string;
  /** Relative path → text; `.flaglens.json` among them when the case has a config. */
  files: Record<string, string>;
  knownKeys: string[];
  /** Incremental edits after the build: new text, or null to delete the file. */
  updates: { file: string; text: string | null }[];
}

export interface ConfigCase {
  target: 'config';
  seed: number;
  caseNumber: number;
  text: string;
}

export interface FlagdCase {
  target: 'flagd';
  seed: number;
  caseNumber: number;
  fileName: string;
  text: string;
  requireFlagd: boolean;
  contexts: Record<string, unknown>[];
}

export type FuzzCase = ReferencesCase | ConfigCase | FlagdCase;

/** Whole-case bound: the sum of every text in it. */
export const maxCaseChars = 190_000;

function caseChars(files: Record<string, string>, updates: { text: string | null }[]): number {
  return Object.values(files).reduce((n, t) => n + t.length, 0) + updates.reduce((n, u) => n + (u.text?.length ?? 0), 0);
}

function referencesCase(rng: Rng, corpus: Corpus, seed: number, caseNumber: number): ReferencesCase {
  const project = rng.pick(corpus.projects);
  const files = { ...project.files };
  const scripts = Object.keys(files).filter((f) => scriptExtension.test(f));
  if (rng.chance(0.12)) {
    const file = `src/deep${rng.int(3)}.ts`;
    const program = rng.pick(deepPrograms);
    let depth = rng.size(3000);
    let text = program(rng, depth);
    // Deep, not big: a long chain must still fit the per-file bound.
    while (text.length > maxMutatedChars && depth > 1) text = program(rng, (depth >>= 1));
    files[file] = text;
    scripts.push(file);
  }
  const mutatedCount = rng.chance(0.7) ? 1 : 2;
  for (let i = 0; i < mutatedCount; i++) {
    const file = rng.pick(scripts);
    files[file] = mutateTextTimes(rng, files[file]!, rng.pick(corpus.scripts), rng.size(8));
  }
  if (rng.chance(0.25)) files['.flaglens.json'] = mutateJson(rng, rng.pick(corpus.configs), rng.pick(corpus.configs));
  else if (rng.chance(0.1)) files['.flaglens.json'] = rng.pick(corpus.configs);
  // Module resolution reads these: workspace input too.
  if (rng.chance(0.08)) {
    const name = rng.pick(['tsconfig.json', 'package.json', 'src/tsconfig.json', 'src/package.json']);
    files[name] = mutateJson(rng, files[name] ?? rng.pick(projectJsonSeeds), rng.pick(projectJsonSeeds));
  }
  // File names a repository may hold: spaces, '#', '%', backslashes, U+2028, long names.
  if (rng.chance(0.05)) {
    const from = rng.pick(scripts);
    const to = `src/${rng.pick(oddFileNames)}`;
    if (!(to in files)) {
      files[to] = files[from]!;
      delete files[from];
      scripts.splice(scripts.indexOf(from), 1, to);
    }
  }
  const knownKeys = Array.from({ length: rng.int(4) }, () => rng.pick(['new-checkout', 'dark-mode', 'beta-banner', 'known_camel_key', 'search-v2', '__proto__', 'constructor', '']));
  const updates: ReferencesCase['updates'] = [];
  for (let i = rng.chance(0.4) ? rng.range(1, 2) : 0; i > 0; i--) {
    const file = rng.chance(0.9) ? rng.pick(scripts) : `src/added${i}.tsx`;
    updates.push({ file, text: rng.chance(0.1) ? null : mutateTextTimes(rng, files[file] ?? rng.pick(corpus.scripts), rng.pick(corpus.scripts), rng.size(4)) });
  }
  // Keep the case small: halve the largest text until the whole case fits.
  while (caseChars(files, updates) > maxCaseChars) {
    const [file, text] = Object.entries(files).sort((a, b) => b[1].length - a[1].length)[0]!;
    const update = updates.find((u) => (u.text?.length ?? 0) > text.length);
    if (update) update.text = update.text!.slice(0, update.text!.length >> 1);
    else files[file] = text.slice(0, text.length >> 1);
  }
  return { target: 'references', seed, caseNumber, origin: project.name, files, knownKeys, updates };
}

/** Case `caseNumber` of run `seed`: a pure function of the two (and the corpus). */
export function generateCase(corpus: Corpus, seed: number, caseNumber: number): FuzzCase {
  const rng = new Rng(caseSeed(seed, caseNumber));
  const roll = rng.float();
  if (roll < 0.5) return referencesCase(rng, corpus, seed, caseNumber);
  if (roll < 0.75) {
    const text = rng.chance(0.85) ? mutateJson(rng, rng.pick(corpus.configs), rng.pick(corpus.configs)) : mutateTextTimes(rng, rng.pick(corpus.configs), rng.pick(corpus.configs), rng.size(6));
    return { target: 'config', seed, caseNumber, text };
  }
  const roll2 = rng.float();
  const seedText = rng.pick(corpus.flagd);
  const text =
    roll2 < 0.35 ? (mutateFlagdLogic(rng, seedText) ?? mutateJson(rng, seedText, rng.pick(corpus.flagd)))
    : roll2 < 0.85 ? mutateJson(rng, seedText, rng.pick(corpus.flagd))
    : mutateTextTimes(rng, seedText, rng.pick(corpus.flagd), rng.size(6));
  return {
    target: 'flagd',
    seed,
    caseNumber,
    fileName: rng.pick(['flags.flagd.json', 'flags.json', 'prod.flagd.json']),
    text,
    requireFlagd: rng.chance(0.7),
    contexts: [rng.pick(evaluationContexts), rng.pick(evaluationContexts)],
  };
}
