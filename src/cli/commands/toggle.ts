import { ExitCode, type CliCommand, type CliIo, type ParsedCommandArgs } from '../command';
import { FlagLensError, describeError } from '../../core/errors';
import { redact } from '../../core/log';
import { flagJson } from '../../core/report/flagsReport';
import { toggleOutcomeText } from '../../core/catalog/present/actionText';
import type { FlagSnapshot, FlagSource } from '../../core/sources/model';
import { terminalSafeText } from '../../core/catalog/present/plainText';
import { parseFormat, resolveRoot } from '../args';
import { exitCodeFor, openSourceWorkspace, secretList, sourceOptions, stringValues } from './flags';
import { tokensFromEnvironment } from '../sourceAccess';
import type { FlagWorkspace } from '../../core/workspace/flagWorkspace';
import { closestKey } from '../../core/stale/rules/closestKey';
import { typedPathPattern } from '../../core/util/paths';

const usage = `Usage: flaglens toggle <key> on|off --env <environment> [dir] [--allow-protected] [--comment text] [--source flagd|launchdarkly|unleash] [--url U] [--project P] [--format text|json]

Turns a flag on or off in one environment. Protected environments (marked by the vendor, listed in
.flaglens.json "protectedEnvironments", or named like production: prod, production, live, prd…)
are refused unless --allow-protected is given. flagd: flips the flag's "state" in its file with a
minimal edit. Tokens come from LAUNCHDARKLY_API_TOKEN / UNLEASH_API_TOKEN.

Options:
  --env              the environment (may be left out when the source has exactly one)
  --allow-protected  really change a protected environment
  --comment          change comment, where the vendor records one (LaunchDarkly)
  --source, --url, --project, --config: as for \`flaglens flags\`
  --format           text (default) or json

Exit codes: 0 ok, 2 usage/config error or protected environment refused, 3 source error.`;

export const toggleCommand: CliCommand = {
  name: 'toggle',
  summary: 'Turn a flag on or off in one environment (protected environments need --allow-protected)',
  usage,
  options: {
    ...sourceOptions,
    'allow-protected': { type: 'boolean' },
    comment: { type: 'string' },
  },
  run: runToggle,
};

async function runToggle(args: ParsedCommandArgs, io: CliIo): Promise<number> {
  const format = parseFormat(args.values.format, ['text', 'json']);
  const [key, state, dir, ...extra] = args.positionals;
  if (!key || !state || extra.length > 0) throw new FlagLensError('usage', `Expected <key> on|off [dir].\n${usage}`);
  const on = parseOnOff(state);
  const environments = stringValues(args.values.env);
  if (environments.length > 1) throw new FlagLensError('usage', 'Toggle one environment at a time: pass a single --env.');
  const root = await resolveRoot(io.cwd, dir);
  const secrets = secretList(tokensFromEnvironment(io.env));
  let workspace: FlagWorkspace | undefined;
  try {
    workspace = await openSourceWorkspace(root, args, io, 'toggle');
    // Changing a flag needs its current state: a source that cannot be read stops the toggle.
    const failure = workspace.failures[0]?.error ?? workspace.snapshots.find((s) => s.refreshError !== undefined)?.refreshError;
    if (failure !== undefined) throw failure;
    const { source, snapshot } = pickSource(workspace.snapshots, key);
    const environment = pickEnvironment(snapshot, source, environments[0]);
    await source.toggle({
      key,
      environment,
      on,
      comment: typeof args.values.comment === 'string' ? args.values.comment : undefined,
      allowProtected: args.values['allow-protected'] === true,
      signal: io.signal,
    });
    const after = source.snapshot?.flags.find((f) => f.key === key);
    const afterState = after?.environments[environment];
    if (format === 'json') {
      const result = { version: 1, source: source.kind, key, environment, on, flag: after ? flagJson(after, source.kind) : null };
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      // The editor's notice, word for word: the state the source reports afterwards and what it serves.
      const outcome = toggleOutcomeText(key, environment, on, after);
      if (afterState && afterState.on !== on) io.stderr(terminalSafeText(`flaglens toggle: warning: ${outcome} (${source.label})`) + '\n');
      else io.stdout(terminalSafeText(`${outcome} (${source.label})`) + '\n');
    }
    return ExitCode.ok;
  } catch (error) {
    const hint = FlagLensError.is(error, 'protectedEnvironment') ? ' (pass --allow-protected to change it anyway)' : '';
    io.stderr(`flaglens toggle: ${redact(describeError(error), secrets)}${hint}\n`);
    return exitCodeFor(error);
  } finally {
    workspace?.dispose();
  }
}

function parseOnOff(value: string): boolean {
  const normalized = value.toLowerCase();
  if (['on', 'true', 'enable', 'enabled'].includes(normalized)) return true;
  if (['off', 'false', 'disable', 'disabled'].includes(normalized)) return false;
  throw new FlagLensError('usage', `Expected on or off, got '${value}'.`);
}

function pickSource(loaded: readonly { source: FlagSource; snapshot: FlagSnapshot }[], key: string): { source: FlagSource; snapshot: FlagSnapshot } {
  const withKey = loaded.filter(({ snapshot }) => snapshot.flags.some((f) => f.key === key && Object.keys(f.environments).length > 0));
  if (withKey.length === 1) return withKey[0]!;
  if (withKey.length > 1) {
    throw new FlagLensError('usage', `'${key}' is defined by ${withKey.map(({ source }) => source.label).join(' and ')}; pick one with --source.`);
  }
  const manifestOnly = loaded.some(({ snapshot }) => snapshot.flags.some((f) => f.key === key));
  if (manifestOnly) throw new FlagLensError('usage', `'${key}' is only declared in a manifest (no live state to toggle).`);
  // A broken file hides its flags; say so instead of blaming the key.
  const broken = loaded.flatMap(({ snapshot }) => (snapshot.problems ?? []).filter((p) => p.severity !== 'warning'));
  if (broken.length > 0) {
    const first = broken[0]!;
    const where = first.file ? `${first.file}${first.line !== undefined ? `:${first.line + 1}:${(first.character ?? 0) + 1}` : ''}: ` : '';
    throw new FlagLensError('parse', `Flag '${key}' not found, and a flag file could not be read: ${where}${first.message}`, { file: first.file, line: first.line });
  }
  const keys = loaded.flatMap(({ snapshot }) => snapshot.flags.map((f) => f.key));
  // The same did-you-mean as the unknown-key diagnostic and `stale`, so every surface suggests one key.
  const suggestion = closestKey(key, keys);
  throw new FlagLensError('usage', `Flag '${key}' not found in ${loaded.map(({ source }) => source.label).join(', ')}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`);
}

function pickEnvironment(snapshot: FlagSnapshot, source: FlagSource, wanted: string | undefined): string {
  const known = snapshot.environments.map((e) => e.key);
  if (wanted === undefined) {
    if (known.length === 1) return known[0]!;
    throw new FlagLensError('usage', `Pass --env: ${source.label} has ${known.length} environments (${known.join(', ') || 'none'}).`);
  }
  // The key, or the name people see (for flagd, the file's path relative to the folder).
  const match = snapshot.environments.find((e) => e.key === wanted) ?? snapshot.environments.find((e) => e.name === typedPathPattern(wanted));
  if (match) return match.key;
  throw new FlagLensError('usage', `${source.label} has no environment '${wanted}' (known: ${known.join(', ') || 'none'}).`);
}
