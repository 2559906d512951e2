import { ExitCode, type CliCommand, type CliIo, type ParsedCommandArgs } from '../command';
import { FlagLensError, describeError } from '../../core/errors';
import { redact } from '../../core/log';
import { flagJson } from '../../core/report/flagsReport';
import { rolloutOutcomeText, unreleaseOutcomeText } from '../../core/catalog/present/actionText';
import type { FlagSnapshot, FlagSource } from '../../core/sources/model';
import { flagRolloutPercent, parsePercent, rolloutCapable } from '../../core/sources/rollout';
import { terminalSafeText } from '../../core/catalog/present/plainText';
import { parseFormat, resolveRoot } from '../args';
import { exitCodeFor, openSourceWorkspace, secretList, sourceOptions, stringValues } from './flags';
import { tokensFromEnvironment } from '../sourceAccess';
import type { FlagWorkspace } from '../../core/workspace/flagWorkspace';
import { closestKey } from '../../core/stale/rules/closestKey';
import { typedPathPattern } from '../../core/util/paths';

const common = `Protected environments (marked by the vendor, listed in .flaglens.json "protectedEnvironments",
or named like production: prod, production, live, prd…) are refused unless --allow-protected is
given. Only flags with on/off variations (true/false, or named on and off) can be ramped.

Options:
  --env              the environment (may be left out when the source has exactly one)
  --allow-protected  really change a protected environment
  --comment          change comment, where the vendor records one (LaunchDarkly)
  --source, --url, --project, --config: as for \`flaglens flags\`
  --format           text (default) or json

Exit codes: 0 ok, 2 usage/config error or protected environment refused, 3 source error (or a flag
whose targeting one percentage cannot describe).`;

const rolloutUsage = `Usage: flaglens rollout <key> <percent> --env <environment> [dir] [--allow-protected] [--comment text] [--source flagd|launchdarkly|unleash] [--url U] [--project P] [--format text|json]

Sets the share of everyone that gets the flag's "on" variation in one environment (0–100, up to
three decimals; Unleash takes whole numbers). flagd: the weights of the flag's on/off "fractional"
split are edited in place (a flag without targeting gets one; three-way splits are refused).
Unleash: the "rollout" of the environment's gradual rollout strategy. LaunchDarkly: the default
rule becomes a percentage rollout. Ramping does not turn a disabled flag on. To take a release
back for everyone, use \`flaglens unrelease\`.

${common}`;

const unreleaseUsage = `Usage: flaglens unrelease <key> --env <environment> [dir] [--allow-protected] [--comment text] [--source flagd|launchdarkly|unleash] [--url U] [--project P] [--format text|json]

Serves the flag's "off" variation to everyone in one environment. flagd: "defaultVariant" becomes
the off variant, "targeting" is removed and the flag is enabled (a disabled flagd flag would give
the code's own default instead). Unleash: the flag is disabled there, its strategies kept.
LaunchDarkly: targeting off, with the off variation set to the flag's off (false) variation.

${common}`;

const options = { ...sourceOptions, 'allow-protected': { type: 'boolean' as const }, comment: { type: 'string' as const } };

export const rolloutCommand: CliCommand = {
  name: 'rollout',
  summary: 'Set the percentage of a flag\'s rollout in one environment (protected environments need --allow-protected)',
  usage: rolloutUsage,
  options,
  run: (args, io) => runChange(args, io, 'rollout'),
};

export const unreleaseCommand: CliCommand = {
  name: 'unrelease',
  summary: 'Serve a flag\'s off variation to everyone in one environment',
  usage: unreleaseUsage,
  options,
  run: (args, io) => runChange(args, io, 'unrelease'),
};

async function runChange(args: ParsedCommandArgs, io: CliIo, command: 'rollout' | 'unrelease'): Promise<number> {
  const format = parseFormat(args.values.format, ['text', 'json']);
  const usage = command === 'rollout' ? rolloutUsage : unreleaseUsage;
  const [key, ...rest] = args.positionals;
  const percentArg = command === 'rollout' ? rest.shift() : undefined;
  const [dir, ...extra] = rest;
  if (!key || (command === 'rollout' && !percentArg) || extra.length > 0) {
    throw new FlagLensError('usage', `Expected ${command === 'rollout' ? '<key> <percent>' : '<key>'} [dir].\n${usage}`);
  }
  const percent = percentArg === undefined ? undefined : parsePercent(percentArg);
  const environments = stringValues(args.values.env);
  if (environments.length > 1) throw new FlagLensError('usage', 'Change one environment at a time: pass a single --env.');
  const root = await resolveRoot(io.cwd, dir);
  const secrets = secretList(tokensFromEnvironment(io.env));
  let workspace: FlagWorkspace | undefined;
  try {
    workspace = await openSourceWorkspace(root, args, io, command);
    // Changing a flag needs its current state: a source that cannot be read stops the change.
    const failure = workspace.failures[0]?.error ?? workspace.snapshots.find((s) => s.refreshError !== undefined)?.refreshError;
    if (failure !== undefined) throw failure;
    const { source, snapshot } = pickSource(workspace.snapshots, key);
    const environment = pickEnvironment(snapshot, source, environments[0]);
    if (!rolloutCapable(source)) throw new FlagLensError('unsupported', `${source.label} cannot change rollouts.`);
    const before = flagRolloutPercent(snapshot.flags.find((f) => f.key === key), environment);
    const request = {
      key,
      environment,
      comment: typeof args.values.comment === 'string' ? args.values.comment : undefined,
      allowProtected: args.values['allow-protected'] === true,
      signal: io.signal,
    };
    if (percent === undefined) await source.unrelease(request);
    else await source.setRollout({ ...request, percent });
    const after = source.snapshot?.flags.find((f) => f.key === key);
    const afterPercent = flagRolloutPercent(after, environment);
    if (format === 'json') {
      const result = {
        version: 1,
        source: source.kind,
        key,
        environment,
        ...(percent === undefined ? { unreleased: true } : { percent }),
        before: before ?? null,
        after: afterPercent ?? null,
        flag: after ? flagJson(after, source.kind) : null,
      };
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    } else if (percent === undefined) {
      io.stdout(terminalSafeText(`${unreleaseOutcomeText(key, environment, after)} (${source.label})`) + '\n');
    } else {
      const outcome = rolloutOutcomeText(key, environment, percent, before, afterPercent, after);
      const applied = afterPercent === undefined || Math.abs(afterPercent - percent) < 0.0005;
      if (applied) io.stdout(terminalSafeText(`${outcome} (${source.label})`) + '\n');
      else io.stderr(terminalSafeText(`flaglens rollout: warning: ${outcome} (${source.label})`) + '\n');
    }
    return ExitCode.ok;
  } catch (error) {
    const hint = FlagLensError.is(error, 'protectedEnvironment') ? ' (pass --allow-protected to change it anyway)' : '';
    io.stderr(`flaglens ${command}: ${redact(describeError(error), secrets)}${hint}\n`);
    return exitCodeFor(error);
  } finally {
    workspace?.dispose();
  }
}

// The same source and environment choice as `flaglens toggle`, so both commands accept the same arguments.

function pickSource(loaded: readonly { source: FlagSource; snapshot: FlagSnapshot }[], key: string): { source: FlagSource; snapshot: FlagSnapshot } {
  const withKey = loaded.filter(({ snapshot }) => snapshot.flags.some((f) => f.key === key && Object.keys(f.environments).length > 0));
  if (withKey.length === 1) return withKey[0]!;
  if (withKey.length > 1) {
    throw new FlagLensError('usage', `'${key}' is defined by ${withKey.map(({ source }) => source.label).join(' and ')}; pick one with --source.`);
  }
  if (loaded.some(({ snapshot }) => snapshot.flags.some((f) => f.key === key))) {
    throw new FlagLensError('usage', `'${key}' is only declared in a manifest (no live state to change).`);
  }
  const broken = loaded.flatMap(({ snapshot }) => (snapshot.problems ?? []).filter((p) => p.severity !== 'warning'));
  if (broken.length > 0) {
    const first = broken[0]!;
    const where = first.file ? `${first.file}${first.line !== undefined ? `:${first.line + 1}:${(first.character ?? 0) + 1}` : ''}: ` : '';
    throw new FlagLensError('parse', `Flag '${key}' not found, and a flag file could not be read: ${where}${first.message}`, { file: first.file, line: first.line });
  }
  const suggestion = closestKey(key, loaded.flatMap(({ snapshot }) => snapshot.flags.map((f) => f.key)));
  throw new FlagLensError('usage', `Flag '${key}' not found in ${loaded.map(({ source }) => source.label).join(', ')}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`);
}

function pickEnvironment(snapshot: FlagSnapshot, source: FlagSource, wanted: string | undefined): string {
  const known = snapshot.environments.map((e) => e.key);
  if (wanted === undefined) {
    if (known.length === 1) return known[0]!;
    throw new FlagLensError('usage', `Pass --env: ${source.label} has ${known.length} environments (${known.join(', ') || 'none'}).`);
  }
  const match = snapshot.environments.find((e) => e.key === wanted) ?? snapshot.environments.find((e) => e.name === typedPathPattern(wanted));
  if (match) return match.key;
  throw new FlagLensError('usage', `${source.label} has no environment '${wanted}' (known: ${known.join(', ') || 'none'}).`);
}
