import { toolVersion } from '../toolVersion';
import { optionalDirectory, parseFormat, resolveConfigFile, resolveRoot } from '../args';
import { ExitCode, type CliCommand, type CliIo, type ParsedCommandArgs } from '../command';
import { describeError } from '../../core/errors';
import { formatScanJson, formatScanSarif, formatScanText } from '../../core/report/scanReport';
import { localFlagdSources, openCliWorkspace, printWarnings, refuseConfigErrors } from '../workspaceAccess';

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

async function runScan(args: ParsedCommandArgs, io: CliIo): Promise<number> {
  const format = parseFormat(args.values.format, ['text', 'json', 'sarif']);
  const root = await resolveRoot(io.cwd, optionalDirectory(args.positionals));
  const configFile = resolveConfigFile(io.cwd, args.values.config);
  // Only the local flagd files, for text matching: scan never talks to a remote source.
  const workspace = await openCliWorkspace(root, io, {
    ...(configFile ? { configFile } : {}),
    selectSources: localFlagdSources,
    index: {},
    checkpoints: {
      // Warnings (a limit was applied) are reported and the scan goes on; errors mean the config is not what was written.
      configLoaded: (opened) => {
        // A remote source's settings do not concern an offline scan; the flagd ones do.
        const relevant = opened.problems.filter((p) => !p.path?.startsWith('sources') || p.path.startsWith('sources.flagd'));
        printWarnings('scan', relevant, io);
        refuseConfigErrors(relevant);
      },
    },
  });
  try {
    for (const { source, error } of workspace.failures) io.logger.warn(`Flag file not used for text matching: ${source.label}: ${describeError(error)}`);
    const index = workspace.index!;
    const input = { root: index.root, references: index.all(), dynamic: index.dynamic(), stats: index.stats, skipped: index.skipped };
    if (format === 'json') io.stdout(formatScanJson(input));
    else if (format === 'sarif') io.stdout(formatScanSarif(input, await toolVersion()));
    else io.stdout(formatScanText(input));
    return ExitCode.ok;
  } finally {
    workspace.dispose();
  }
}
