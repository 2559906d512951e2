import type { CliIo, ParsedCommandArgs } from './command';
import { FlagLensError } from '../core/errors';
import type { FlagLensConfig } from '../core/config/model';
import { completeSources } from '../core/sources/sourceConfig';
import { cliWaitLimits } from '../core/sources/waitLimits';
import { readTextFile } from '../core/util/textFiles';
import { openWorkspace, type FlagWorkspace, type FlagWorkspaceOptions } from '../core/workspace/flagWorkspace';
import type { SourceSelection, SourceSelector, WorkspaceProblem } from '../core/workspace/model';
import { tokensFromEnvironment, trustedSources } from './sourceAccess';

/**
 * How every CLI command opens its folder: one `openWorkspace`, with the sources the command may
 * read. Commands differ only in the selector and in what they do with the problems.
 */
export function openCliWorkspace(root: string, io: CliIo, options: Omit<FlagWorkspaceOptions, 'root' | 'logger' | 'signal'>): Promise<FlagWorkspace> {
  return openWorkspace({ root, logger: io.logger, signal: io.signal, ...options });
}

/** `scan`: the folder's flagd files only, for text matching; nothing remote, no token. */
export const localFlagdSources: SourceSelector = (config) => {
  const { config: sources } = completeSources({ ...config.sources, launchdarkly: undefined, unleash: undefined });
  return { sources, secrets: {}, allowRemote: false };
};

/**
 * `stale`, `cleanup`: the config's sources, with tokens from the environment sent only where the
 * user said (`trustedSources`); the others are reported as refused.
 */
export function configuredSources(command: string, args: ParsedCommandArgs, io: CliIo): SourceSelector {
  return async (config, { signal }) => {
    // The section's own problems were reported at load; these are what a source still lacks.
    const completed = completeSources(config.sources ?? {}, { file: config.file, text: await configText(config, signal) });
    const trusted = trustedSources(command, completed.config, args, io, { configFile: config.file });
    return { sources: trusted.sources, secrets: tokensFromEnvironment(io.env), allowRemote: true, refused: trusted.refused, problems: completed.problems, waits: cliWaitLimits } satisfies SourceSelection;
  };
}

/** The config's text for problem positions; a config that cannot be read has no positions to give. */
export async function configText(config: FlagLensConfig, signal: AbortSignal): Promise<string | undefined> {
  return config.file ? readTextFile(config.file, { signal }).catch(() => undefined) : undefined;
}

/** `file:line:col: message`, 1-based, for a terminal. */
export function problemLine(problem: WorkspaceProblem): string {
  const where = problem.file ? `${problem.file}${problem.line !== undefined ? `:${problem.line + 1}:${(problem.character ?? 0) + 1}` : ''}: ` : '';
  return `${problem.sourceLabel ? `${problem.sourceLabel}: ` : ''}${where}${problem.message}`;
}

/** Warnings are said and the command goes on. */
export function printWarnings(command: string, problems: readonly WorkspaceProblem[], io: CliIo): void {
  for (const problem of problems.filter((p) => p.severity === 'warning')) io.stderr(`flaglens ${command}: warning: ${problemLine(problem)}\n`);
}

/** An error in the config means it is not what was written: the command stops (exit 2) rather than guess. */
export function refuseConfigErrors(problems: readonly WorkspaceProblem[]): void {
  const errors = problems.filter((p) => p.severity === 'error' && p.origin !== 'source');
  if (errors.length === 0) return;
  const first = errors[0]!;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  throw new FlagLensError('invalidConfig', `${problemLine(first)}${more}`, { ...(first.file ? { file: first.file } : {}), ...(first.line !== undefined ? { line: first.line } : {}) });
}
