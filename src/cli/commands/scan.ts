import { toolVersion } from '../toolVersion';
import { optionalDirectory, parseFormat, resolveConfigFile, resolveRoot } from '../args';
import { ExitCode, type CliCommand, type CliIo, type ParsedCommandArgs } from '../command';
import { loadConfig, type FlagLensConfig } from '../../core/config/loadConfig';
import { FlagLensError } from '../../core/errors';
import { ReferenceIndex } from '../../core/references/referenceIndex';
import { formatScanJson, formatScanSarif, formatScanText } from '../../core/report/scanReport';
import { createSources } from '../../core/sources/createSources';

const usage = `Usage: flaglens scan [dir] [--format text|json|sarif] [--config file]

Finds every feature flag reference in the TypeScript/JavaScript files under dir (default: the
current folder): LaunchDarkly, OpenFeature, Unleash and GrowthBook SDK calls, React hooks and
components, wrappers, and the custom patterns in .flaglens.json. Keys known from the flagd files in
dir are also searched as text in other languages (reported as lower-confidence text matches).

Options:
  --format   text (default), json (stable shape, version 1) or sarif (SARIF 2.1.0)
  --config   config file, relative to the current folder (default: dir/.flaglens.json)

Exit codes: 0 ok, 2 usage or config error.`;

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'Find every flag reference in a folder (text, JSON or SARIF)',
  usage,
  options: { format: { type: 'string' }, config: { type: 'string' } },
  run: runScan,
};

/** Keys the local flagd files define: offline only, never a remote source from `scan`. */
async function localFlagKeys(root: string, config: FlagLensConfig, io: CliIo): Promise<string[]> {
  // Only the local flagd part of "sources": scan never talks to a remote source.
  const flagd = config.sources && typeof config.sources === 'object' ? (config.sources as { flagd?: unknown }).flagd : undefined;
  const localConfig: FlagLensConfig = { ...config, sources: flagd === undefined ? undefined : { flagd } };
  const sources = await createSources({ root, config: localConfig, secrets: {}, logger: io.logger, signal: io.signal, allowRemote: false });
  try {
    const snapshots = await Promise.allSettled(sources.map((s) => s.refresh(io.signal)));
    const keys = new Set<string>();
    for (const result of snapshots) {
      if (result.status === 'fulfilled') for (const flag of result.value.flags) keys.add(flag.key);
      else io.logger.warn(`Flag file not used for text matching: ${String((result.reason as Error)?.message ?? result.reason)}`);
    }
    return [...keys];
  } finally {
    for (const source of sources) source.dispose();
  }
}


async function runScan(args: ParsedCommandArgs, io: CliIo): Promise<number> {
  const format = parseFormat(args.values.format, ['text', 'json', 'sarif']);
  const root = await resolveRoot(io.cwd, optionalDirectory(args.positionals));
  const configFile = resolveConfigFile(io.cwd, args.values.config);
  const { config, problems } = await loadConfig(root, { ...(configFile ? { file: configFile } : {}), signal: io.signal });
  // Warnings (a limit was applied) are reported and the scan goes on; errors mean the config is not what was written.
  for (const warning of problems.filter((p) => p.severity === 'warning')) io.logger.warn(`${warning.file}:${warning.line + 1}:${warning.character + 1}: ${warning.message}`);
  const errors = problems.filter((p) => p.severity !== 'warning');
  if (errors.length > 0) {
    const first = errors[0]!;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new FlagLensError('invalidConfig', `${first.file}:${first.line + 1}:${first.character + 1}: ${first.message}${more}`, { file: first.file, line: first.line });
  }
  const knownKeys = await localFlagKeys(root, config, io);
  const index = await ReferenceIndex.build({ root, config, logger: io.logger, knownKeys }, io.signal);
  try {
    const input = { root: index.root, references: index.all(), dynamic: index.dynamic(), stats: index.stats, skipped: index.skipped };
    if (format === 'json') io.stdout(formatScanJson(input));
    else if (format === 'sarif') io.stdout(formatScanSarif(input, await toolVersion()));
    else io.stdout(formatScanText(input));
    return ExitCode.ok;
  } finally {
    index.dispose();
  }
}
