import * as path from 'node:path';
import { resolveConfigFile, resolveRoot } from '../args';
import { refuseKeyThatIsAPath } from '../keyArgument';
import { ExitCode, type CliCommand, type CliIo, type ParsedCommandArgs } from '../command';
import { nestsDeeperThan, parseKeepValue, resolveKeepValue } from '../../core/cleanup/knownValue';
import { applyCleanup, formatUnifiedDiff, planCleanup, type CleanupResult } from '../../core/cleanup/planCleanup';
import { FlagLensError, describeError } from '../../core/errors';
import { redact } from '../../core/log';
import { detectStaleFlags } from '../../core/stale/detectStaleFlags';
import type { FlagWorkspace } from '../../core/workspace/flagWorkspace';
import { tokensFromEnvironment, trustConfigUrlsOption, trustConfigUrlsUsage } from '../sourceAccess';
import { configuredSources, openCliWorkspace, problemLine } from '../workspaceAccess';

const usage = `Usage: flaglens cleanup <key> [dir] [--keep on|off|<value>] [--keep-literal] [--prune-unused-exports] [--write] [--config file]

Removes a flag from the code: every reference becomes the kept value, the code it decided is
simplified, what that leaves unused is deleted, and the result is re-checked by the TypeScript
compiler. Prints a unified diff; --write applies it.

Options:
  --keep    the value to keep. Default: the value the flag source serves to everyone when the flag
            is released or removed. For a boolean flag (or boolean evaluations in the code):
            on, yes, enabled, true, 1 or off, no, disabled, false, 0 (any case); anything else
            is refused. For a flag whose source lists variations: one of their values (a string
            as it is, a number, or JSON); anything else is refused
  --keep-literal
            keep the --keep text as written (true/false/null, a number, JSON, else the string),
            without checking it against the flag's type or variations
  --prune-unused-exports
            also delete exports of the changed files that nothing in the workspace imports or
            names, including those nothing used before the cleanup (by default only what the
            flag's removal left unused goes)
  --write   apply the changes to the files instead of printing the diff; all files are written
            or none is
  --config  config file, relative to the current folder (default: dir/.flaglens.json)
${trustConfigUrlsUsage}

Exit codes: 0 safe, 1 verification found new compiler errors or the files could not be written (nothing
written either way), 2 usage, 3 flag source error.`;

export const cleanupCommand: CliCommand = {
  name: 'cleanup',
  summary: 'Remove a flag from the code, keeping one value (diff by default, --write applies)',
  usage,
  options: {
    keep: { type: 'string' },
    'keep-literal': { type: 'boolean' },
    'prune-unused-exports': { type: 'boolean' },
    write: { type: 'boolean' },
    config: { type: 'string' },
    ...trustConfigUrlsOption,
  },
  run: runCleanup,
};

async function runCleanup(args: ParsedCommandArgs, io: CliIo): Promise<number> {
  const [key, dir, ...extra] = args.positionals;
  if (!key) throw new FlagLensError('usage', 'Missing the flag key: flaglens cleanup <key> [dir].');
  await refuseKeyThatIsAPath(key, io.cwd, 'flaglens cleanup <key> [dir]');
  if (extra.length > 0) throw new FlagLensError('usage', `Unexpected arguments: ${extra.join(' ')}.`);
  const root = await resolveRoot(io.cwd, dir);
  const configFile = resolveConfigFile(io.cwd, args.values.config);
  const keepText = typeof args.values.keep === 'string' ? args.values.keep : undefined;
  const literal = args.values['keep-literal'] === true;
  if (literal && keepText === undefined) throw new FlagLensError('usage', '--keep-literal needs --keep <value>.');
  const workspace = await openCliWorkspace(root, io, {
    ...(configFile ? { configFile } : {}),
    // A literal value needs no source: nothing is fetched and no token is sent.
    selectSources: literal ? 'none' : configuredSources('cleanup', args, io),
    index: { extraKnownKeys: [key], sourceKeys: false },
    checkpoints: {
      configLoaded: (opened) => {
        for (const p of opened.problems) io.stderr(`flaglens cleanup: ${p.severity === 'warning' ? 'warning: ' : ''}${problemLine(p)}\n`);
      },
    },
  });
  try {
    const keep = literal && keepText !== undefined ? parseKeepValue(keepText) : keepFromSources(key, workspace, io, keepText);
    if (keep === undefined) return ExitCode.usage;
    const result = await planCleanup({ key, keep, index: workspace.index!, signal: io.signal, logger: io.logger, pruneUnusedExports: args.values['prune-unused-exports'] === true });
    return await report(result, root, args.values.write === true, io);
  } finally {
    workspace.dispose();
  }
}

async function report(result: CleanupResult, root: string, write: boolean, io: CliIo): Promise<number> {
  const relative = (file: string) => path.posix.relative(root, file);
  for (const n of result.notRewritten) io.stderr(`flaglens cleanup: ${relative(n.file)}:${n.line + 1}: not rewritten: ${n.reason}\n`);
  if (result.changes.length === 0) {
    io.stderr(`flaglens cleanup: no code to change for '${result.key}'.\n`);
    return ExitCode.ok;
  }
  const unresolved = result.unresolvedPackages ?? [];
  if (unresolved.length > 0) io.stderr(`flaglens cleanup: verified without dependency types: the compiler could not find ${unresolved.length} package(s) the changed files import (${unresolved.slice(0, 5).join(', ')}${unresolved.length > 5 ? ', …' : ''}); install dependencies for a full check.\n`);
  if (!result.safe) {
    io.stdout(formatUnifiedDiff(result, root));
    for (const p of result.problems) io.stderr(`flaglens cleanup: ${relative(p.file)}:${p.line + 1}: new error after cleanup: ${p.message}\n`);
    io.stderr(`flaglens cleanup: not safe: the cleanup introduces ${result.problems.length} compiler error(s)${write ? '; nothing was written' : ''}.\n`);
    return ExitCode.findings;
  }
  if (!write) {
    io.stdout(formatUnifiedDiff(result, root));
    return ExitCode.ok;
  }
  try {
    await applyCleanup(result, { root, signal: io.signal, logger: io.logger });
  } catch (error) {
    if (FlagLensError.is(error, 'cancelled')) throw error;
    io.stderr(`flaglens cleanup: ${describeError(error)}\n`);
    return ExitCode.findings;
  }
  const deleted = result.changes.filter((c) => c.after === null).length;
  io.stderr(`flaglens cleanup: removed '${result.key}' (kept ${JSON.stringify(result.keep)}): ${result.changes.length - deleted} file(s) changed, ${deleted} deleted.\n`);
  return ExitCode.ok;
}

/**
 * With `--keep`: that text read against the flag's definitions (boolean words, its variations).
 * Without: the value the flag sources serve to everyone, when the stale rules say it is released or
 * removed; otherwise the person has to choose (`--keep`). Returns undefined after explaining why.
 */
function keepFromSources(key: string, workspace: FlagWorkspace, io: CliIo, keepText?: string): unknown {
  const secrets = tokensFromEnvironment(io.env);
  for (const skipped of workspace.skipped) io.stderr(`flaglens cleanup: ${skipped.kind} source not started: ${skipped.reason}\n`);
  for (const p of workspace.problems.filter((problem) => problem.origin === 'sources')) io.stderr(`flaglens cleanup: ${p.severity === 'warning' ? 'warning: ' : ''}${problemLine(p)}\n`);
  for (const { source, error } of workspace.failures) {
    io.stderr(`flaglens cleanup: ${source.label}: ${redact(describeError(error), [secrets.launchDarklyToken ?? '', secrets.unleashToken ?? ''])}\n`);
  }
  const input = workspace.staleInput(new Date(), new Set([key]));
  const references = workspace.index!.referencesOf(key);
  if (keepText !== undefined) {
    return resolveKeepValue(keepText, {
      key,
      kinds: input.definitions.map((d) => d.flag.kind),
      variations: input.definitions.flatMap((d) => d.flag.variations.map((v) => v.value)),
      referenceKinds: references.filter((r) => r.confidence === 'ast').map((r) => r.kind),
    });
  }
  if (input.definitions.length === 0) {
    io.stderr(`flaglens cleanup: no flag source defines '${key}'; pass --keep <value>.\n${usage}\n`);
    return undefined;
  }
  const findings = detectStaleFlags(input);
  const decided = findings.find((f) => f.key === key && (f.kind === 'released' || f.kind === 'removed') && f.keepValue !== undefined);
  if (!decided) {
    const why = findings.find((f) => f.key === key)?.message ?? `'${key}' is neither released nor removed`;
    io.stderr(`flaglens cleanup: cannot choose the value to keep: ${why}; pass --keep <value>.\n`);
    return undefined;
  }
  if (nestsDeeperThan(decided.keepValue)) throw new FlagLensError('usage', `The value ${decided.kind} '${key}' serves is nested too deeply to write into code; pass --keep <value>.`);
  io.stderr(`flaglens cleanup: keeping ${JSON.stringify(decided.keepValue)} (${decided.kind}: ${decided.message})\n`);
  return decided.keepValue;
}
