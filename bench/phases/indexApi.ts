import type { Logger } from '../../src/core/log';
import type { DynamicReference, FlagReference, IndexStats } from '../../src/core/references/model';
import type { ReferenceIndex } from '../../src/core/references/referenceIndex';

/** The part of `ReferenceIndex` the bench drives (see the brief's refs API). */
export interface BenchedIndex {
  readonly stats: IndexStats;
  readonly skipped: readonly { file: string; reason: string }[];
  all(): readonly FlagReference[];
  dynamic(): readonly DynamicReference[];
  keys(): string[];
  referencesOf(key: string): readonly FlagReference[];
  referencesIn(file: string): readonly FlagReference[];
  referenceAt(file: string, offset: number): FlagReference | undefined;
  updateFile(file: string, text?: string): Promise<{ files: string[] }>;
  dispose(): void;
}

// Compile-time guard: the real index must keep offering what the bench drives (typecheck fails otherwise).
const indexApiMatches: ReferenceIndex extends BenchedIndex ? true : false = true;
void indexApiMatches;

interface IndexModule {
  ReferenceIndex: { build(options: { root: string; config?: unknown; logger?: Logger }, signal?: AbortSignal): Promise<BenchedIndex> };
}

interface ConfigModule {
  loadConfig(root: string): Promise<{ config: unknown; problems: { message: string }[] }>;
}

/** The workspace `.flaglens.json` (custom patterns, excludes), loaded the way the CLI and extension load it. */
export async function loadWorkspaceConfig(root: string): Promise<unknown> {
  const modulePath = '../../src/core/config/loadConfig';
  const loaded = (await import(modulePath)) as Partial<ConfigModule>;
  if (!loaded.loadConfig) return undefined;
  const { config, problems } = await loaded.loadConfig(root);
  if (problems.length > 0) throw new Error(`bench .flaglens.json has problems: ${problems.map((p) => p.message).join('; ')}`);
  return config;
}

/** Loaded at run time so the bench still builds (and reports plainly) while the index is missing. */
export async function loadReferenceIndex(): Promise<IndexModule['ReferenceIndex'] | undefined> {
  const modulePath = '../../src/core/references/referenceIndex';
  try {
    const loaded = (await import(modulePath)) as Partial<IndexModule>;
    return loaded.ReferenceIndex;
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND' || (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** Keeps what the index says about its own phases (its debug line with the CPU split) and counts warnings. */
export class CapturingLogger implements Logger {
  readonly phaseLines: string[] = [];
  warnings = 0;

  trace(): void {}

  debug(message: string): void {
    if (/^Index(ed)? /.test(message)) this.phaseLines.push(message);
  }

  info(message: string): void {
    this.debug(message);
  }

  warn(): void {
    this.warnings++;
  }

  error(): void {
    this.warnings++;
  }
}
