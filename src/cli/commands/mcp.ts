import { promises as fs } from 'node:fs';
import { optionalDirectory, resolveConfigFile, resolveRoot } from '../args';
import { ExitCode, type CliCommand, type CliIo, type ParsedCommandArgs } from '../command';
import { FlagLensError } from '../../core/errors';
import type { WaitLimits } from '../../core/sources/waitLimits';
import type { SourceSelector } from '../../core/workspace/model';
import type * as ServeMcpModule from '../../mcp/serveMcp';
import { toolVersion } from '../toolVersion';
import { tokensFromEnvironment, trustConfigUrlsOption, trustConfigUrlsUsage } from '../sourceAccess';
import { configuredSources } from '../workspaceAccess';

const defaultTimeoutSeconds = 120;

const usage = `Usage: flaglens mcp [dir] [--config file] [--timeout seconds] [--trust-config-urls]

Serves the flags of dir (default: the current folder) to AI agents over the Model Context Protocol
on stdin/stdout. Configure it in an MCP client (VS Code, Claude Code, Cursor…) as the command
\`flaglens mcp <dir>\`; stdout carries the protocol, logs go to stderr (--verbose for more).

Tools: find_flag_references, get_flag, list_flags, list_stale_flags, plan_flag_cleanup (never
writes), apply_flag_cleanup (writes only a cleanup the TypeScript compiler verified), toggle_flag
(unprotected environments only: there is no way to change a protected one from an agent).
Resource: flaglens://flags (the flag catalog as JSON).

Sources come from .flaglens.json "sources" (flagd files in dir by default); tokens from the
environment: LAUNCHDARKLY_API_TOKEN, UNLEASH_API_TOKEN, sent only to FLAGLENS_LAUNCHDARKLY_URL /
FLAGLENS_UNLEASH_URL or LaunchDarkly's default host. The index is built once; each call first
re-reads the files changed since the last one and the flag sources.

Options:
  --config   config file, relative to the current folder (default: dir/.flaglens.json)
  --timeout  the longest one tool call may take, in seconds (default ${defaultTimeoutSeconds})
${trustConfigUrlsUsage}

Exit codes: 0 when the client disconnects, 2 usage error.`;

export const mcpCommand: CliCommand = {
  name: 'mcp',
  summary: 'Serve the flags to AI agents over the Model Context Protocol (stdio)',
  usage,
  options: { config: { type: 'string' }, timeout: { type: 'string' }, ...trustConfigUrlsOption },
  run: runMcp,
};

/** A remote source may take this long per refresh in a tool call (retries included), well inside the call's bound. */
const mcpWaitLimits: WaitLimits = { maxRetryAfterMs: 10_000, maxTotalWaitMs: 30_000 };

async function runMcp(args: ParsedCommandArgs, io: CliIo): Promise<number> {
  const root = await resolveRoot(io.cwd, optionalDirectory(args.positionals));
  const configFile = resolveConfigFile(io.cwd, args.values.config);
  // Said now, not as the answer to every tool call: the client shows a server that exits with its stderr.
  if (configFile && !(await fs.stat(configFile).catch(() => undefined))?.isFile()) throw new FlagLensError('usage', `--config ${configFile} is not a file.`);
  const callTimeoutMs = parseTimeout(args.values.timeout) * 1000;
  const configured = configuredSources('mcp', args, io);
  const selectSources: SourceSelector = async (config, context) => ({ ...(await configured(config, context)), waits: mcpWaitLimits });
  const secrets = tokensFromEnvironment(io.env);
  if (process.stdin.isTTY) io.stderr('flaglens mcp: waiting for an MCP client on stdin (this command is started by one; see flaglens mcp --help).\n');
  // The MCP SDK and its schemas (zod, ajv) are loaded only by this command, not on every start. A
  // require, not import(): the tests run the sources as CommonJS (tsx/cjs), where import() of a .ts path fails.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { serveMcp } = require('../../mcp/serveMcp') as typeof ServeMcpModule;
  // The protocol owns the process's stdin and stdout; `io.stdout` would also mangle it for a terminal.
  await serveMcp({
    root,
    ...(configFile ? { configFile } : {}),
    selectSources,
    logger: io.logger,
    signal: io.signal,
    input: process.stdin,
    output: process.stdout,
    callTimeoutMs,
    secrets: [secrets.launchDarklyToken, secrets.unleashToken].filter((s): s is string => !!s),
    version: await toolVersion(),
  });
  return ExitCode.ok;
}

function parseTimeout(value: unknown): number {
  if (value === undefined) return defaultTimeoutSeconds;
  const seconds = typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new FlagLensError('usage', `--timeout must be a number of seconds between 0 and 3600, got '${String(value)}'.`);
  return seconds;
}
