import * as path from 'node:path';
import { optionalDirectory, parseFormat, resolveConfigFile, resolveRoot } from '../args';
import { ExitCode, type CliCommand, type CliIo, type ParsedCommandArgs } from '../command';
import { FlagLensError, describeError } from '../../core/errors';
import { redact } from '../../core/log';
import { collectEvidence, type EvidenceLookup } from '../../core/evidence/collectEvidence';
import { EvidenceCache } from '../../core/evidence/evidenceCache';
import { formatFlagsJson, formatFlagsText, type FlagsReportSource } from '../../core/report/flagsReport';
import type { SourceSecrets } from '../../core/sources/createSources';
import type { SourceKind } from '../../core/sources/model';
import {
  defaultLaunchDarklyBaseUrl,
  completeSources,
  hasConfiguredSources,
  type SourcesConfig,
} from '../../core/sources/sourceConfig';
import { cliWaitLimits } from '../../core/sources/waitLimits';
import type { FlagWorkspace } from '../../core/workspace/flagWorkspace';
import type { SourceSelector, WorkspaceProblem } from '../../core/workspace/model';
import { checkedUrl, tokensFromEnvironment, trustConfigUrlsOption, trustConfigUrlsUsage, trustedSources, userChosenUrls } from '../sourceAccess';
import { configText, openCliWorkspace, problemLine } from '../workspaceAccess';

const sourceKinds: readonly SourceKind[] = ['flagd', 'launchdarkly', 'unleash'];

/** Options `flags` and `toggle` share: which source, where, and which environments. */
export const sourceOptions = {
  source: { type: 'string' },
  url: { type: 'string' },
  project: { type: 'string' },
  env: { type: 'string', multiple: true },
  format: { type: 'string' },
  config: { type: 'string' },
  ...trustConfigUrlsOption,
} as const;

/** How long `flags --evidence` waits for one flag's counts; a slow vendor leaves that flag "unavailable", not the whole report. */
const evidenceTimeoutMs = 20_000;
/** Evidence reads in flight at once: the vendors rate-limit usage data per account. */
const evidenceConcurrency = 4;

const usage = `Usage: flaglens flags [dir] [--source flagd|launchdarkly|unleash] [--url U] [--project P] [--env E …] [--format text|json [--evidence]] [--config file]

Lists flags with their state per environment. Without --source the sources come from
.flaglens.json "sources", else the flagd files (*.flagd.json, flags.json) in dir.
Tokens come from the environment: LAUNCHDARKLY_API_TOKEN, UNLEASH_API_TOKEN. They are sent only
to --url, FLAGLENS_LAUNCHDARKLY_URL / FLAGLENS_UNLEASH_URL, or LaunchDarkly's default host.

Options:
  --source   flagd, launchdarkly or unleash (overrides .flaglens.json)
  --url      LaunchDarkly base URL (default ${defaultLaunchDarklyBaseUrl}) or Unleash server URL
  --project  LaunchDarkly project key or Unleash project (default "default")
  --env      environment to show (repeatable); LaunchDarkly reads only these
  --format   text (default) or json (stable, documented shape: {"version":1,"source",…,"flags":[…]})
  --evidence with --format json: evaluation counts per environment from the source (Unleash client
             metrics, LaunchDarkly usage API): "evaluations" (longest window), "evaluations24h",
             and "evaluationsUnavailable" when there are none (flagd: always null)
  --config   config file, relative to the current folder (default: dir/.flaglens.json)
${trustConfigUrlsUsage}

Exit codes: 0 ok, 2 usage or config error, 3 source error (auth, network, broken flag file).`;

export const flagsCommand: CliCommand = {
  name: 'flags',
  summary: 'List flags with per-environment state from flagd, LaunchDarkly or Unleash',
  usage,
  options: { ...sourceOptions, evidence: { type: 'boolean' } },
  run: runFlags,
};

async function runFlags(args: ParsedCommandArgs, io: CliIo): Promise<number> {
  const format = parseFormat(args.values.format, ['text', 'json']);
  const root = await resolveRoot(io.cwd, optionalDirectory(args.positionals));
  const environments = stringValues(args.values.env);
  const withEvidence = args.values.evidence === true;
  if (withEvidence && format !== 'json') throw new FlagLensError('usage', '--evidence needs --format json.');
  const secrets = secretList(tokensFromEnvironment(io.env));
  let workspace: FlagWorkspace | undefined;
  try {
    workspace = await openSourceWorkspace(root, args, io);
    const loaded = workspace.snapshots;
    const failures = workspace.failures;
    // With one source there is nothing to show; with several, the readable ones still print.
    if (loaded.length === 0) throw failures[0]!.error;
    const report = {
      sources: loaded.map(({ source, snapshot }): FlagsReportSource => ({ id: source.id, kind: source.kind, label: source.label, snapshot })),
      environments,
      ...(withEvidence ? { evidence: await loadReportEvidence(loaded, environments, io.signal) } : {}),
    };
    io.stdout(format === 'json' ? formatFlagsJson(report) : formatFlagsText(report));
    let code: number = ExitCode.ok;
    for (const { source, error } of failures) {
      io.stderr(`flaglens flags: ${source.label}: ${redact(describeError(error), secrets)}\n`);
      code = Math.max(code, exitCodeFor(error));
    }
    for (const { source, snapshot, refreshError } of loaded) {
      if (refreshError !== undefined) io.stderr(`flaglens flags: ${source.label}: ${redact(describeError(refreshError), secrets)} (showing the snapshot from ${snapshot.fetchedAt.toISOString()})\n`);
      for (const problem of snapshot.problems ?? []) {
        const where = problem.file ? `${path.relative(root, problem.file) || problem.file}${problem.line !== undefined ? `:${problem.line + 1}:${(problem.character ?? 0) + 1}` : ''}: ` : '';
        io.stderr(`flaglens flags: ${source.label}: ${where}${problem.message}\n`);
        // A file that could not be read is a source error; a warning about a readable one is not.
        if (problem.severity !== 'warning') code = Math.max(code, ExitCode.source);
      }
      for (const environment of environments) {
        if (source.kind === 'flagd' && !snapshot.environments.some((e) => e.key === environment)) {
          io.stderr(`flaglens flags: ${source.label} has no environment '${environment}' (known: ${snapshot.environments.map((e) => e.key).join(', ') || 'none'}).\n`);
        }
      }
    }
    return code;
  } catch (error) {
    io.stderr(`flaglens flags: ${redact(describeError(error), secrets)}\n`);
    return exitCodeFor(error);
  } finally {
    workspace?.dispose();
  }
}

/** Counts for every listed flag in every listed environment, a few flags at a time, each bounded. */
async function loadReportEvidence(loaded: FlagWorkspace['snapshots'], environments: readonly string[], signal: AbortSignal | undefined): Promise<EvidenceLookup> {
  const cache = new EvidenceCache({ maxConcurrent: evidenceConcurrency, timeoutMs: evidenceTimeoutMs });
  const only = environments.length > 0 ? new Set(environments) : undefined;
  const requests = loaded.flatMap(({ source, snapshot }) =>
    snapshot.flags.map((flag) => ({ source, key: flag.key, environments: Object.keys(flag.environments).filter((e) => !only || only.has(e)) })),
  );
  return collectEvidence(cache, requests, signal);
}

/**
 * The folder as `flags` and `toggle` read it: sources only (no reference index), chosen by
 * `--source` (with `--url`/`--project`/`--env`, falling back to the config's values), else
 * `.flaglens.json` "sources", else the flagd files in the folder, each read once. Throws
 * `usage`/`invalidConfig` (exit 2) for anything the caller must fix.
 */
export async function openSourceWorkspace(root: string, args: ParsedCommandArgs, io: CliIo, commandName = 'flags'): Promise<FlagWorkspace> {
  const selectSources = sourceSelector(args, io, commandName);
  const configFile = resolveConfigFile(io.cwd, args.values.config);
  return openCliWorkspace(root, io, {
    ...(configFile ? { configFile } : {}),
    selectSources,
    index: false,
    checkpoints: {
      sourcesCreated: (opened) => {
        if (opened.skipped.length > 0) {
          const first = opened.skipped[0]!;
          throw new FlagLensError('unsupported', `The ${first.kind} source cannot start: ${first.reason}`);
        }
        if (opened.sources.length === 0) {
          throw new FlagLensError('usage', `No flag sources: ${root} has no .flaglens.json "sources" and no flagd files (*.flagd.json, flags.json). Use --source to pick one.`);
        }
      },
    },
  });
}

function sourceSelector(args: ParsedCommandArgs, io: CliIo, commandName: string): SourceSelector {
  const sourceOption = stringValue(args.values.source, 'source');
  const urlOption = args.values.url === undefined ? undefined : checkedUrl(stringValue(args.values.url, 'url')!, '--url');
  const projectOption = stringValue(args.values.project, 'project');
  const envOption = stringValues(args.values.env);
  if (sourceOption !== undefined && !sourceKinds.includes(sourceOption as SourceKind)) {
    throw new FlagLensError('usage', `Unknown --source '${sourceOption}' (expected ${sourceKinds.join(', ')}).`);
  }
  if ((urlOption || projectOption) && !sourceOption) throw new FlagLensError('usage', '--url and --project need --source launchdarkly or --source unleash.');
  if (sourceOption === 'flagd' && (urlOption || projectOption)) throw new FlagLensError('usage', '--url and --project do not apply to --source flagd.');
  const user = userChosenUrls(io.env, urlOption && (sourceOption === 'launchdarkly' || sourceOption === 'unleash') ? { kind: sourceOption, url: urlOption } : undefined);

  return async (config, { signal, configProblems }) => {
    // A config that does not parse may have lost its "sources"; guessing flagd instead would mislead.
    const syntax = configProblems.find((p) => p.origin === 'config' && (p.message.startsWith('JSON syntax error') || p.message.startsWith('The config')));
    if (syntax) throw new FlagLensError('invalidConfig', problemLine(syntax), { ...(syntax.file ? { file: syntax.file } : {}), ...(syntax.line !== undefined ? { line: syntax.line } : {}) });
    const completed = completeSources(config.sources ?? {}, { file: config.file, text: await configText(config, signal) });
    const configured = completed.config;
    // The section's problems from load plus what a source still lacks. Only the sources we are about
    // to use must be valid; a broken unleash entry must not block `--source flagd`.
    const sectionProblems = [
      ...configProblems.filter((p) => p.path?.startsWith('sources')),
      ...completed.problems.map((p): WorkspaceProblem => ({ origin: 'sources', severity: p.severity === 'warning' ? 'warning' : 'error', message: p.message, file: p.file, line: p.line, character: p.character, path: p.path })),
    ];
    const relevant = sectionProblems.filter((p) => !sourceOption || p.path!.startsWith(`sources.${sourceOption}`) || !sourceKinds.some((k) => p.path!.startsWith(`sources.${k}`)));
    // A warning (a refused glob) is said and the rest goes on; an error stops the command.
    for (const p of relevant.filter((problem) => problem.severity === 'warning')) io.stderr(`flaglens ${commandName}: warning: ${problemLine(p)}\n`);
    const errors = relevant.filter((problem) => problem.severity !== 'warning');
    if (errors.length > 0) {
      const first = errors[0]!;
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
      throw new FlagLensError('invalidConfig', `${problemLine(first)}${more}`, { ...(first.file ? { file: first.file } : {}), ...(first.line !== undefined ? { line: first.line } : {}) });
    }

    const sources: SourcesConfig = { pollIntervalSeconds: configured.pollIntervalSeconds, protectedEnvironments: configured.protectedEnvironments };
    if (sourceOption === 'flagd') {
      sources.flagd = configured.flagd || {};
    } else if (sourceOption === 'launchdarkly') {
      const project = projectOption ?? configured.launchdarkly?.project;
      if (!project) throw new FlagLensError('usage', 'LaunchDarkly needs a project: pass --project or set sources.launchdarkly.project.');
      const baseUrl = urlOption ?? configured.launchdarkly?.baseUrl ?? user.launchdarkly ?? defaultLaunchDarklyBaseUrl;
      sources.launchdarkly = { project, environments: envOption.length > 0 ? envOption : configured.launchdarkly?.environments ?? [], baseUrl };
    } else if (sourceOption === 'unleash') {
      const url = urlOption ?? configured.unleash?.url ?? user.unleash;
      if (!url) throw new FlagLensError('usage', 'Unleash needs a server URL: pass --url or set FLAGLENS_UNLEASH_URL.');
      const environments = envOption.length > 0 ? envOption : configured.unleash?.environments;
      sources.unleash = { url, project: projectOption ?? configured.unleash?.project ?? 'default', ...(environments ? { environments } : {}) };
    } else if (hasConfiguredSources(configured)) {
      Object.assign(sources, { flagd: configured.flagd, launchdarkly: configured.launchdarkly, unleash: configured.unleash });
      if (sources.launchdarkly && envOption.length > 0) sources.launchdarkly = { ...sources.launchdarkly, environments: envOption };
    }

    const trusted = trustedSources(commandName, sources, args, io, { configFile: config.file, user });
    if (trusted.refused.length > 0) throw new FlagLensError('usage', trusted.refused[0]!.reason);
    const secrets: SourceSecrets = tokensFromEnvironment(io.env);
    if (trusted.sources.launchdarkly && !secrets.launchDarklyToken) throw new FlagLensError('usage', 'Set LAUNCHDARKLY_API_TOKEN to read LaunchDarkly.');
    if (trusted.sources.unleash && !secrets.unleashToken) throw new FlagLensError('usage', 'Set UNLEASH_API_TOKEN to read Unleash (an admin or personal access token).');
    return { sources: trusted.sources, secrets, allowRemote: true, waits: cliWaitLimits };
  };
}

export function exitCodeFor(error: unknown): number {
  if (FlagLensError.is(error)) {
    if (error.reason === 'usage' || error.reason === 'invalidConfig' || error.reason === 'protectedEnvironment') return ExitCode.usage;
    return ExitCode.source;
  }
  return ExitCode.source;
}

export function secretList(secrets: SourceSecrets): string[] {
  return [secrets.launchDarklyToken, secrets.unleashToken].filter((s): s is string => !!s);
}

function stringValue(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new FlagLensError('usage', `--${name} needs a value.`);
  return value.trim();
}

export function stringValues(value: unknown): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  // `--env a,b` and `--env a --env b` both work.
  return [...new Set(list.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean))];
}
