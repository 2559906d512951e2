import { toolVersion } from '../toolVersion';
import { optionalDirectory, parseFormat, resolveConfigFile, resolveRoot } from '../args';
import { ExitCode, type CliCommand, type CliIo, type ParsedCommandArgs } from '../command';
import { loadConfig } from '../../core/config/loadConfig';
import { FlagLensError, describeError, throwIfAborted } from '../../core/errors';
import { redact } from '../../core/log';
import { ReferenceIndex } from '../../core/references/referenceIndex';
import { formatStaleJson, formatStaleSarif, formatStaleText, type StaleReportSource } from '../../core/report/staleReport';
import type { FlagSnapshot, FlagSource } from '../../core/sources/model';
import { analyzeStaleFlags } from '../../core/stale/detectStaleFlags';
import { staleKinds, type StaleKind } from '../../core/stale/model';
import { parseStaleConfig } from '../../core/stale/staleConfig';
import { createTrustedSources, trustConfigUrlsOption, trustConfigUrlsUsage } from '../sourceAccess';

const usage = `Usage: flaglens stale [dir] [--format text|json|sarif] [--config file] [--fail-on kinds] [--explain]

Finds stale flags: released, removed, inactive, markedStale, unused, unknownKey.
Sources come from .flaglens.json "sources" (flagd files in dir by default); tokens from the
environment: LAUNCHDARKLY_API_TOKEN, UNLEASH_API_TOKEN, sent only to FLAGLENS_LAUNCHDARKLY_URL /
FLAGLENS_UNLEASH_URL or LaunchDarkly's default host. Thresholds from its "stale" section.

Options:
  --format   text (default), json, or sarif (SARIF 2.1.0, one rule per kind: flaglens/<kind>)
  --config   config file, relative to the current folder (default: dir/.flaglens.json)
  --fail-on  comma-separated kinds (or "any") that make the exit code 1 when found
  --explain  text format: also list why the other flags are not stale
${trustConfigUrlsUsage}

Exit codes: 0 ok, 1 --fail-on kinds found, 2 usage or config error, 3 flag source error.`;

export const staleCommand: CliCommand = {
  name: 'stale',
  summary: 'Find stale flags (released, removed, inactive, marked stale, unused, unknown keys)',
  usage,
  options: {
    format: { type: 'string' },
    config: { type: 'string' },
    'fail-on': { type: 'string', multiple: true },
    explain: { type: 'boolean' },
    ...trustConfigUrlsOption,
  },
  run: runStale,
};

async function runStale(args: ParsedCommandArgs, io: CliIo): Promise<number> {
  const format = parseFormat(args.values.format, ['text', 'json', 'sarif']);
  const failOn = parseFailOn(args.values['fail-on']);
  const root = await resolveRoot(io.cwd, optionalDirectory(args.positionals));
  const signal = io.signal;

  const { config, problems: configProblems } = await loadConfig(root, { file: resolveConfigFile(io.cwd, args.values.config), signal });
  const stale = parseStaleConfig(config.stale);
  const configFile = config.file ?? `${root}/.flaglens.json`;
  const problemLines = [
    ...configProblems.filter((p) => p.severity !== 'warning').map((p) => `${p.file}:${p.line + 1}:${p.character + 1}: ${p.message}`),
    ...stale.problems.map((p) => `${configFile}: ${p}`),
  ];

  // Warnings (a capped exclude list) are said once and do not fail the run.
  for (const p of configProblems.filter((problem) => problem.severity === 'warning')) io.stderr(`flaglens stale: warning: ${p.file}:${p.line + 1}:${p.character + 1}: ${p.message}\n`);
  const created = await createTrustedSources('stale', root, config, args, io);
  const secrets = created.secrets;
  for (const p of created.problems.filter((problem) => problem.severity === 'warning')) io.stderr(`flaglens stale: warning: ${p.file}:${p.line + 1}:${p.character + 1}: ${p.message}\n`);
  problemLines.push(...created.problems.filter((p) => p.severity !== 'warning').map((p) => `${p.file}:${p.line + 1}:${p.character + 1}: ${p.message}`));
  if (problemLines.length > 0) {
    disposeAll(created.sources);
    io.stderr(problemLines.map((line) => `flaglens stale: ${line}\n`).join(''));
    return ExitCode.usage;
  }
  if (created.skipped.length > 0) {
    // A configured source we cannot read would turn all of its flags into unknown keys: refuse rather than mislead.
    disposeAll(created.sources);
    io.stderr(created.skipped.map((s) => `flaglens stale: ${s.kind} source not started: ${s.reason}\n`).join(''));
    return ExitCode.source;
  }

  let snapshots: { source: FlagSource; snapshot: FlagSnapshot }[];
  try {
    snapshots = await loadSnapshots(created.sources, io);
  } catch (error) {
    io.stderr(`flaglens stale: ${redact(describeError(error), [secrets.launchDarklyToken ?? '', secrets.unleashToken ?? ''])}\n`);
    return FlagLensError.is(error, 'cancelled') ? ExitCode.usage : ExitCode.source;
  } finally {
    disposeAll(created.sources);
  }
  const sourceProblems = snapshots.flatMap(({ source, snapshot }) =>
    (snapshot.problems ?? []).map((p) => `${source.label}: ${p.file ? `${p.file}${p.line !== undefined ? `:${p.line + 1}:${(p.character ?? 0) + 1}` : ''}: ` : ''}${p.message}`),
  );
  for (const line of sourceProblems) io.stderr(`flaglens stale: ${line}\n`);

  const knownKeys = snapshots.flatMap(({ snapshot }) => snapshot.flags.map((f) => f.key));
  const index = await ReferenceIndex.build({ root, config, logger: io.logger, knownKeys }, signal);
  try {
    throwIfAborted(signal);
    const references = index.all();
    const analysis = analyzeStaleFlags({
      definitions: snapshots.flatMap(({ source, snapshot }) =>
        snapshot.flags.map((flag) => ({ sourceId: snapshot.sourceId, sourceKind: source.kind, flag, environments: snapshot.environments })),
      ),
      references,
      dynamicReferences: index.dynamic(),
      now: new Date(),
      thresholds: stale.thresholds,
      sourceIds: snapshots.map(({ snapshot }) => snapshot.sourceId),
    });
    const reportInput = {
      root,
      analysis,
      references,
      sources: snapshots.map(({ source, snapshot }): StaleReportSource => ({
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
    index.dispose();
  }
}

/** Every source once; a failed refresh falls back to a cached snapshot, otherwise the run fails. */
async function loadSnapshots(sources: readonly FlagSource[], io: CliIo): Promise<{ source: FlagSource; snapshot: FlagSnapshot }[]> {
  const loaded: { source: FlagSource; snapshot: FlagSnapshot }[] = [];
  for (const source of sources) {
    try {
      loaded.push({ source, snapshot: await source.refresh(io.signal) });
    } catch (error) {
      if (FlagLensError.is(error, 'cancelled') || !source.snapshot) {
        throw new FlagLensError(FlagLensError.is(error) ? error.reason : 'server', `${source.label}: ${describeError(error)}`, { cause: error });
      }
      io.logger.warn(`${source.label}: ${describeError(error)}; using the snapshot from ${source.snapshot.fetchedAt.toISOString()}.`);
      loaded.push({ source, snapshot: source.snapshot });
    }
  }
  return loaded;
}


function disposeAll(sources: readonly FlagSource[]): void {
  for (const source of sources) source.dispose();
}

function parseFailOn(value: unknown): Set<StaleKind> {
  const raw = (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);
  const words = raw.flatMap((v) => v.split(',')).map((w) => w.trim()).filter(Boolean);
  const kinds = new Set<StaleKind>();
  for (const word of words) {
    if (word === 'any' || word === 'all') staleKinds.forEach((k) => kinds.add(k));
    else if ((staleKinds as readonly string[]).includes(word)) kinds.add(word as StaleKind);
    else throw new FlagLensError('usage', `Unknown --fail-on kind '${word}': expected any, ${staleKinds.join(', ')}.`);
  }
  return kinds;
}
