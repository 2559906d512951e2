import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { parseConfigText } from '../../../src/core/config/parseConfig';
import { FlagLensError } from '../../../src/core/errors';
import type { Logger } from '../../../src/core/log';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { formatScanJson, formatScanSarif, formatScanText } from '../../../src/core/report/scanReport';
import { assignEnvironments, buildFlagdSnapshot, type FlagdFileState } from '../../../src/core/sources/flagd/buildFlagdSnapshot';
import { FlagdEvaluator } from '../../../src/core/sources/flagd/evaluateFlag';
import { parseFlagdFile } from '../../../src/core/sources/flagd/parseFlagdFile';
import { ValidationCache } from '../../../src/core/sources/flagd/validateFlagd';
import { validateSourcesConfig } from '../../../src/core/sources/sourceConfig';
import { parseStaleConfig } from '../../../src/core/stale/staleConfig';
import type { ConfigCase, FlagdCase, FuzzCase, ReferencesCase } from './generateCase';

/** What one case did: fine (FlagLensError and documented results included), or a crash with its stack. */
export type CaseOutcome = { ok: true } | { ok: false; error: string };

/**
 * Handled on purpose, the file is skipped and listed: a stack overflow inside one file's analysis,
 * and I/O errors (a name with a backslash is read by ts-morph as a path with a slash: ENOENT).
 */
const documentedSkip = /Maximum call stack size exceeded|nesting too deep|\(E[A-Z]+: /;

function describeThrown(error: unknown): string {
  if (!(error instanceof Error)) return `non-Error thrown: ${String(error)}`;
  const lines = (error.stack ?? `${error.name}: ${error.message}`).split('\n');
  // A stack overflow is thousands of identical frames; the caller that started it is at the bottom.
  if (lines.length <= 40) return lines.join('\n');
  return [...lines.slice(0, 12), `    … ${lines.length - 32} frames …`, ...lines.slice(-20)].join('\n');
}

/**
 * The index swallows an exception while analyzing one file (so one file never stops a scan) and
 * logs it; anything there other than a stack overflow is still a bug, so the fuzzer collects it.
 */
function swallowedErrorLogger(into: string[]): Logger {
  const check = (message: string | Error) => {
    const text = message instanceof Error ? message.message : message;
    if (/^(Could not analyze|Skipped) /.test(text) && /Could not analyze|could not be (read or )?parsed/.test(text) && !documentedSkip.test(text)) into.push(text);
  };
  return { trace: () => undefined, debug: () => undefined, info: check, warn: check, error: check };
}

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
  }
}

async function withTempDir<T>(run: (root: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-fuzz-'));
  try {
    return await run((await fs.realpath(dir)).split(path.sep).join('/'));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Everything a surface asks of an index: lists, lookups and the CLI's three report formats. */
function exercise(index: ReferenceIndex, files: string[]): void {
  const input = { root: index.root, references: index.all(), dynamic: index.dynamic(), stats: index.stats, skipped: index.skipped };
  formatScanJson(input);
  formatScanText(input);
  formatScanSarif(input, '0.0.0');
  for (const key of index.keys().slice(0, 5)) index.referencesOf(key);
  for (const file of files) {
    index.referencesIn(file);
    index.dynamicIn(file);
    for (const ref of index.referencesIn(file).slice(0, 3)) index.referenceAt(file, ref.keySpan.start);
    index.referenceAt(file, 0);
  }
}

async function runReferences(c: ReferencesCase): Promise<CaseOutcome> {
  return withTempDir(async (root) => {
    await writeFiles(root, c.files);
    const swallowed: string[] = [];
    const { config } = await loadConfig(root);
    const index = await ReferenceIndex.build({ root, config, knownKeys: c.knownKeys, logger: swallowedErrorLogger(swallowed) });
    try {
      const files = Object.keys(c.files).map((f) => `${root}/${f}`);
      exercise(index, files);
      for (const update of c.updates) {
        const file = `${root}/${update.file}`;
        if (update.text === null) {
          await fs.rm(file, { force: true });
          index.removeFile(file);
        } else {
          await index.updateFile(file, update.text);
        }
      }
      if (c.updates.length > 0) {
        await index.setKnownKeys([...c.knownKeys, 'fuzz-extra-key']);
        exercise(index, files);
      }
    } finally {
      index.dispose();
    }
    return swallowed.length > 0 ? { ok: false, error: `Error swallowed by the index: ${swallowed[0]}` } : { ok: true };
  });
}

async function runConfig(c: ConfigCase): Promise<CaseOutcome> {
  const direct = parseConfigText(c.text, '/fuzz/.flaglens.json');
  return withTempDir(async (root) => {
    await writeFiles(root, { '.flaglens.json': c.text });
    const { config } = await loadConfig(root);
    for (const parsed of [direct.config, config]) {
      validateSourcesConfig(parsed.sources, { file: `${root}/.flaglens.json`, text: c.text });
      parseStaleConfig(parsed.stale);
    }
    return { ok: true };
  });
}

async function runFlagd(c: FlagdCase): Promise<CaseOutcome> {
  const file = `/fuzz/${c.fileName}`;
  const text = c.text.replace(/^\uFEFF/, '');
  const outcome = await parseFlagdFile(file, text, { requireFlagd: c.requireFlagd, cache: new ValidationCache() });
  const state: FlagdFileState = { file, environment: '', lastGood: outcome.parsed, lastGoodText: outcome.parsed ? text : undefined, problems: outcome.problems };
  assignEnvironments('/fuzz', [state]);
  buildFlagdSnapshot({ sourceId: 'flagd', root: '/fuzz', files: [state], fetchedAt: new Date(0), protectedEnvironments: ['prod'] });
  if (outcome.parsed?.kind === 'flagd') {
    const evaluator = new FlagdEvaluator(text);
    for (const flag of outcome.parsed.flags.slice(0, 20)) {
      for (const context of c.contexts) evaluator.evaluate(flag.key, context as never);
    }
    evaluator.evaluate('fuzz-missing-key');
  }
  return { ok: true };
}

/** Runs one case in this process. Only a FlagLensError may escape the code under test. */
export async function runCase(c: FuzzCase): Promise<CaseOutcome> {
  try {
    if (c.target === 'references') return await runReferences(c);
    if (c.target === 'config') return await runConfig(c);
    return await runFlagd(c);
  } catch (error) {
    if (error instanceof FlagLensError) return { ok: true };
    return { ok: false, error: describeThrown(error) };
  }
}
