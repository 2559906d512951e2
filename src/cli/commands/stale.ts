import { toolVersion } from '../toolVersion';
import { optionalDirectory, parseFormat, resolveConfigFile, resolveRoot } from '../args';
import { ExitCode, type CliCommand, type CliIo, type ParsedCommandArgs } from '../command';
import { FlagLensError, describeError, throwIfAborted } from '../../core/errors';
import { redact } from '../../core/log';
import { formatStaleJson, formatStaleSarif, formatStaleText, type StaleReportSource } from '../../core/report/staleReport';
import { analyzeStaleFlags } from '../../core/stale/detectStaleFlags';
import { findingKinds, staleKinds, type StaleInput, type StaleKind } from '../../core/stale/model';
import { staleEvidence, staleEvidenceRequests } from '../../core/stale/staleEvidence';
import { collectEvidence } from '../../core/evidence/collectEvidence';
import { EvidenceCache } from '../../core/evidence/evidenceCache';
import type { FlagWorkspace } from '../../core/workspace/flagWorkspace';
import { tokensFromEnvironment, trustConfigUrlsOption, trustConfigUrlsUsage } from '../sourceAccess';
import { configuredSources, openCliWorkspace, printWarnings, problemLine } from '../workspaceAccess';

/** Flags whose counts one `stale --evidence` run reads at most, a few at a time, each bounded. */
const evidenceMaxFlags = 500;
const evidenceConcurrency = 4;
const evidenceTimeoutMs = 20_000;

const usage = `Usage: flaglens stale [dir] [--format text|json|sarif] [--config file] [--fail-on kinds] [--explain] [--evidence]

Finds stale flags: released, removed, inactive, markedStale, unused, unknownKey (these need a flag
source). From the code alone it adds hints: similarKeys (keys that differ only by case or
separators), dynamicKey (a key it cannot resolve) and, with no source, singleReference (a flag
referenced in exactly one place).
Sources come from .flaglens.json "sources" (flagd files in dir by default); tokens from the
environment: LAUNCHDARKLY_API_TOKEN, UNLEASH_API_TOKEN, sent only to FLAGLENS_LAUNCHDARKLY_URL /
FLAGLENS_UNLEASH_URL or LaunchDarkly's default host. Thresholds from its "stale" section.

Options:
  --format   text (default), json, or sarif (SARIF 2.1.0, one rule per kind: flaglens/<kind>; hints at level note)
  --config   config file, relative to the current folder (default: dir/.flaglens.json)
  --fail-on  comma-separated kinds that make the exit code 1 when found; "any" means every stale
             kind but not the hints (name a hint kind, e.g. similarKeys, to fail on it)
  --explain  text format: also list why the other flags are not stale
  --evidence read evaluation counts (Unleash client metrics, LaunchDarkly usage API) for the flags
             the inactive and released rules judge (at most ${evidenceMaxFlags}): counts decide
             inactive, released shows the observed share; flagd has none
${trustConfigUrlsUsage}

Exit codes: 0 ok, 1 --fail-on kinds found, 2 usage or config error, 3 flag source error.`;

export const staleCommand: CliCommand = {
  name: 'stale',
  summary: 'Find stale flags (released, removed, inactive, marked stale, unused, unknown keys) and code-only hints',
  usage,
  options: {
    format: { type: 'string' },
    config: { type: 'string' },
    'fail-on': { type: 'string', multiple: true },
    explain: { type: 'boolean' },
    evidence: { type: 'boolean' },
    ...trustConfigUrlsOption,
  },
  run: runStale,
};

async function runStale(args: ParsedCommandArgs, io: CliIo): Promise<number> {
  const format = parseFormat(args.values.format, ['text', 'json', 'sarif']);
  const failOn = parseFailOn(args.values['fail-on']);
  const root = await resolveRoot(io.cwd, optionalDirectory(args.positionals));
  const configFile = resolveConfigFile(io.cwd, args.values.config);
  const secrets = tokensFromEnvironment(io.env);
  const secretList = [secrets.launchDarklyToken ?? '', secrets.unleashToken ?? ''];
  let workspace: FlagWorkspace;
  try {
    workspace = await openCliWorkspace(root, io, {
      ...(configFile ? { configFile } : {}),
      selectSources: configuredSources('stale', args, io),
      index: {},
      checkpoints: {
        sourcesCreated: (opened) => {
          // Warnings (a capped exclude list) are said once and do not fail the run.
          printWarnings('stale', opened.problems, io);
          const errors = opened.problems.filter((p) => p.severity === 'error');
          if (errors.length > 0) throw new CommandExit(ExitCode.usage, errors.map(problemLine));
          // A configured source we cannot read would turn all of its flags into unknown keys: refuse rather than mislead.
          if (opened.skipped.length > 0) throw new CommandExit(ExitCode.source, opened.skipped.map((s) => `${s.kind} source not started: ${s.reason}`));
        },
      },
    });
  } catch (error) {
    if (error instanceof CommandExit) {
      io.stderr(error.lines.map((line) => `flaglens stale: ${line}\n`).join(''));
      return error.code;
    }
    if (FlagLensError.is(error, 'invalidConfig') || FlagLensError.is(error, 'usage')) throw error;
    io.stderr(`flaglens stale: ${redact(describeError(error), secretList)}\n`);
    return FlagLensError.is(error, 'cancelled') ? ExitCode.usage : ExitCode.source;
  }
  try {
    // Without a snapshot to fall back on, a source that cannot be read fails the run.
    const failure = workspace.failures[0];
    if (failure) {
      io.stderr(`flaglens stale: ${redact(`${failure.source.label}: ${describeError(failure.error)}`, secretList)}\n`);
      return ExitCode.source;
    }
    const sourceProblems = workspace.problems.filter((p) => p.origin === 'source');
    for (const problem of sourceProblems) io.stderr(`flaglens stale: ${problemLine(problem)}\n`);
    throwIfAborted(io.signal);
    const input = workspace.staleInput(new Date());
    if (args.values.evidence === true) input.evidence = await loadStaleEvidence(input, workspace, io);
    const analysis = analyzeStaleFlags(input);
    const reportInput = {
      root,
      analysis,
      references: workspace.index!.all(),
      sources: workspace.snapshots.map(({ source, snapshot }): StaleReportSource => ({
        id: snapshot.sourceId,
        label: source.label,
        kind: source.kind,
        flags: snapshot.flags.length,
        fetchedAt: snapshot.fetchedAt,
        fromCache: snapshot.fromCache ?? false,
      })),
      generatedAt: new Date(),
      toolVersion: await toolVersion(),
    };
    const output = format === 'json' ? formatStaleJson(reportInput) : format === 'sarif' ? formatStaleSarif(reportInput) : formatStaleText(reportInput, { explain: args.values.explain === true });
    io.stdout(output);
    if (sourceProblems.length > 0) return ExitCode.source;
    return analysis.findings.some((f) => failOn.has(f.kind)) ? ExitCode.findings : ExitCode.ok;
  } finally {
    workspace.dispose();
  }
}

/** Counts for the flags the rules judge; what could not be read is said once and left to the dates. */
async function loadStaleEvidence(input: StaleInput, workspace: FlagWorkspace, io: CliIo): Promise<StaleInput['evidence']> {
  const { requests, skipped } = staleEvidenceRequests(input, workspace.snapshots.map(({ source }) => source), evidenceMaxFlags);
  const cache = new EvidenceCache({ maxConcurrent: evidenceConcurrency, timeoutMs: evidenceTimeoutMs });
  const lookup = await collectEvidence(cache, requests, io.signal);
  const reasons = requests.flatMap(({ source, key, environments }) => environments.map((environment) => lookup(source.id, key, environment))).flatMap((state) => (state?.state === 'unavailable' ? [state.reason] : []));
  if (reasons.length > 0) io.stderr(`flaglens stale: ${reasons.length} flag environment${reasons.length === 1 ? '' : 's'} without counts (${reasons[0]}); dates decide there.\n`);
  if (skipped > 0) io.stderr(`flaglens stale: counts read for the first ${evidenceMaxFlags} flags only; ${skipped} more are judged by dates.\n`);
  return staleEvidence(lookup);
}

/** Stops a command early with an exit code and the lines that explain it. */
class CommandExit extends Error {
  constructor(
    readonly code: number,
    readonly lines: readonly string[],
  ) {
    super(lines.join('; '));
  }
}

function parseFailOn(value: unknown): Set<StaleKind> {
  const raw = (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);
  const words = raw.flatMap((v) => v.split(',')).map((w) => w.trim()).filter(Boolean);
  const kinds = new Set<StaleKind>();
  for (const word of words) {
    if (word === 'any' || word === 'all') staleKinds.forEach((k) => kinds.add(k));
    else if ((findingKinds as readonly string[]).includes(word)) kinds.add(word as StaleKind);
    else throw new FlagLensError('usage', `Unknown --fail-on kind '${word}': expected any, ${findingKinds.join(', ')}.`);
  }
  return kinds;
}
