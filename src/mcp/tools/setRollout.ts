import { z } from 'zod';
import { describeError } from '../../core/errors';
import { flagJson } from '../../core/report/flagsReport';
import type { FlagSnapshot, FlagSource } from '../../core/sources/model';
import { environmentProtection } from '../../core/sources/protection';
import { checkPercent, flagRolloutPercent, noReleasePairMessage, releasePair, rolloutCapable } from '../../core/sources/rollout';
import { typedPathPattern } from '../../core/util/paths';
import { argumentFields, checkFlagKey, checkName } from '../arguments';
import type { FlagLensTool } from '../flagLensTool';
import { definitionsOf, unknownFlag } from '../flagLookup';
import { ToolError, quoted } from '../toolError';
import { toolInput } from '../toolInput';
import { flagJsonSchema } from './schemas';

interface RolloutArgs {
  key: string;
  environment: string;
  percent: number;
}

const output = z.object({
  key: z.string(),
  environment: z.string(),
  percent: z.number().describe('The share of everyone that now gets the on variation.'),
  before: z.number().nullable().describe('The share before the change, when the flag\'s state said (null: it did not, e.g. targeting rules).'),
  on: z.string().describe('The variation the percentage is for.'),
  off: z.string().describe('The variation everyone else gets.'),
  source: z.object({ kind: z.string(), label: z.string() }),
  flag: flagJsonSchema.nullable().describe('The flag as the source reports it after the change.'),
});

/**
 * Ramps a flag in an environment that is not protected, with the same refusal as toggle_flag:
 * protected environments are refused and no argument can change that.
 */
export const setRolloutTool: FlagLensTool<RolloutArgs> = {
  name: 'set_rollout',
  title: 'Set a flag\'s rollout percentage',
  description:
    'Sets the percentage of everyone that gets a flag\'s on variation (the rest get off) in one environment that is not protected (development, test, staging…). Only flags with on/off variations (true/false, or named on and off) can be ramped. flagd: the on/off "fractional" split is edited in place; Unleash: the rollout of the gradual rollout strategy (whole percentages); LaunchDarkly: the default rule becomes a percentage rollout. Ramping does not turn a disabled flag on. Protected environments — production-like names (prod, production, live…), environments the vendor marks critical or that need comments or approvals, and those listed in .flaglens.json protectedEnvironments — are always refused here; only a person can change them.',
  input: toolInput('set_rollout', {
    key: argumentFields.key,
    environment: argumentFields.environment,
    percent: z.number().min(0).max(100).describe('0–100, at most three decimals (whole numbers for Unleash): the share of everyone that gets the on variation.'),
  }),
  output,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  needs: { sources: true },
  writes: true,
  async run({ key, environment, percent }, { workspace, root, signal, markWritten }) {
    await checkFlagKey(key, root);
    checkName(environment, 'environment');
    let wanted: number;
    try {
      wanted = checkPercent(percent);
    } catch (error) {
      throw new ToolError(describeError(error));
    }
    // Changing a flag needs its current state: a source that cannot be read stops the change.
    const stale = workspace.snapshots.find((s) => s.refreshError !== undefined);
    if (stale) throw new ToolError(`${stale.source.label} could not be read just now, so the flag's current state is unknown; try again.`);
    const found = definitionsOf(workspace, key).filter(({ flag }) => Object.keys(flag.environments).length > 0);
    if (found.length === 0) {
      if (definitionsOf(workspace, key).length > 0) throw new ToolError(`${quoted(key)} is only declared in a manifest: it has no rollout to change.`);
      throw unknownFlag(workspace, key);
    }
    if (found.length > 1) throw new ToolError(`${quoted(key)} is defined by ${found.map(({ loaded }) => loaded.source.label).join(' and ')}; change it in the editor or with flaglens rollout --source.`);
    const { loaded, flag } = found[0]!;
    const { source, snapshot } = loaded;
    if (!rolloutCapable(source)) throw new ToolError(`${source.label} cannot change rollouts.`);
    const pair = releasePair(flag.variations);
    if (!pair) throw new ToolError(noReleasePairMessage(key, flag.variations));
    const target = environmentOf(snapshot, source, environment);
    const protection = environmentProtection(target.key, target, workspace.config.sources?.protectedEnvironments ?? []);
    if (protection) {
      throw new ToolError(
        `Refused: ${quoted(target.key)} is a protected environment (${protection}). Agents cannot change protected environments through Flag Lens; a person can, in the editor or with flaglens rollout --allow-protected.`,
      );
    }
    const before = flagRolloutPercent(flag, target.key);
    // A split the source cannot change (three buckets, rules only) comes back as the source's one-line reason.
    await source.setRollout({ key, environment: target.key, percent: wanted, allowProtected: false, signal });
    markWritten();
    const after = source.snapshot?.flags.find((f) => f.key === key);
    return {
      key,
      environment: target.key,
      percent: wanted,
      before: before ?? null,
      on: pair.on,
      off: pair.off,
      source: { kind: source.kind, label: source.label },
      flag: after ? flagJson(after, source.kind) : null,
    };
  },
};

/** The environment by key, or by the name people see (for flagd, the file's path relative to the folder). */
function environmentOf(snapshot: FlagSnapshot, source: FlagSource, wanted: string) {
  const match = snapshot.environments.find((e) => e.key === wanted) ?? snapshot.environments.find((e) => e.name === typedPathPattern(wanted));
  if (match) return match;
  const known = snapshot.environments.map((e) => e.key);
  throw new ToolError(`${source.label} has no environment ${quoted(wanted)} (known: ${known.join(', ') || 'none'}).`);
}
