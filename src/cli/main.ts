import { commands } from './commands/index';
import { ExitCode, type CliIo } from './command';
import { closestName } from './closestName';
import { parseCommandLine, type CommandLine } from './commandLine';
import { toolVersion } from './toolVersion';
import { FlagLensError, describeError } from '../core/errors';
import { redact, type Logger } from '../core/log';
import { terminalSafeLines, terminalSafeText } from '../core/catalog/present/plainText';
import { isCommittingWrites } from '../core/util/atomicWrite';

function stderrLogger(verbose: boolean): Logger {
  const write = (level: string, message: string | Error, args: unknown[]) =>
    process.stderr.write(`[${level}] ${terminalSafeText(redact([describeError(message), ...args.map(String)].join(' ')))}\n`);
  return {
    trace: (m, ...a) => verbose && write('trace', m, a),
    debug: (m, ...a) => verbose && write('debug', m, a),
    info: (m, ...a) => verbose && write('info', m, a),
    warn: (m, ...a) => write('warn', m, a),
    error: (m, ...a) => write('error', m, a),
  };
}

function helpText(): string {
  const lines = ['Usage: flaglens <command> [options]', '', 'Commands:'];
  for (const c of commands) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  lines.push('', 'Run `flaglens <command> --help` (or `flaglens help <command>`) for a command\'s options,', '`flaglens --version` for the version.');
  return lines.join('\n') + '\n';
}

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // Nothing was asked, so nothing was done: a script that forgot its command must not pass.
    io.stderr(helpText());
    return ExitCode.usage;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${await toolVersion()}\n`);
    return ExitCode.ok;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const target = commands.find((c) => c.name === rest[0]);
    io.stdout(target ? target.usage + '\n' : helpText());
    return ExitCode.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const suggestion = closestName(name, [...commands.map((c) => c.name), 'help']);
    io.stderr(`flaglens: unknown command '${name}'. ${suggestion ? `Did you mean '${suggestion}'?` : "Run 'flaglens help'."}\n`);
    return ExitCode.usage;
  }
  let commandLine: CommandLine;
  try {
    commandLine = parseCommandLine(command, rest);
  } catch (error) {
    io.stderr(`flaglens ${name}: ${describeError(error)}\n${command.usage}\n`);
    return ExitCode.usage;
  }
  if (commandLine.help) {
    io.stdout(command.usage + '\n');
    return ExitCode.ok;
  }
  try {
    return await command.run(commandLine.args, io);
  } catch (error) {
    io.stderr(`flaglens ${name}: ${redact(describeError(error))}\n`);
    if (FlagLensError.is(error)) {
      return error.reason === 'usage' || error.reason === 'invalidConfig' || error.reason === 'parse' ? ExitCode.usage : ExitCode.source;
    }
    io.logger.error(error instanceof Error ? error : String(error));
    return ExitCode.findings;
  }
}

/** How long a cancelled command may take to unwind after the first Ctrl-C. */
const sigintGraceMs = 2000;
/** A write transaction in its rename phase takes milliseconds; this only bounds a stuck file system. */
const commitGraceMs = 10_000;

/** Exits 130 now, unless files are being renamed into place: then as soon as that is over (all or nothing). */
function exitWhenNoWriteIsHalfDone(): void {
  const deadline = Date.now() + commitGraceMs;
  const attempt = () => {
    if (!isCommittingWrites() || Date.now() > deadline) process.exit(130);
    setTimeout(attempt, 20).unref();
  };
  attempt();
}

if (require.main === module) {
  const controller = new AbortController();
  // Ctrl-C always ends the CLI: the first one cancels the command, which normally unwinds within a
  // moment; if something it waits on does not listen, or on a second Ctrl-C, exit 130 (128 + SIGINT).
  process.on('SIGINT', () => {
    if (controller.signal.aborted) return exitWhenNoWriteIsHalfDone();
    controller.abort();
    process.stderr.write('flaglens: cancelling…\n');
    setTimeout(exitWhenNoWriteIsHalfDone, sigintGraceMs).unref();
  });
  const verbose = process.argv.includes('--verbose');
  void runCli(process.argv.slice(2), {
    // Flag data, file names and server messages reach these; on a terminal an ESC in them would act on it.
    // Piped output stays byte for byte (JSON escapes control characters itself; a diff must apply).
    stdout: (t) => process.stdout.write(process.stdout.isTTY ? terminalSafeLines(t) : t),
    stderr: (t) => process.stderr.write(terminalSafeLines(t)),
    cwd: process.cwd(),
    env: process.env,
    logger: stderrLogger(verbose),
    signal: controller.signal,
  }).then(async (code) => {
    // Exits as soon as the output is out: a natural exit first tears down V8's heap page by page,
    // 70 ms after a scan of Unleash (170 MB) during which the person waits for nothing. What the
    // command wrote is flushed first; 'exit' handlers (the code cache) run either way.
    await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
    process.exit(controller.signal.aborted ? 130 : code);
  });
}
