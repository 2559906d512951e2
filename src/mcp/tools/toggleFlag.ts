import { z } from 'zod';
import { flagJson } from '../../core/report/flagsReport';
import type { FlagSnapshot, FlagSource } from '../../core/sources/model';
import { environmentProtection } from '../../core/sources/protection';
import { typedPathPattern } from '../../core/util/paths';
import { argumentFields, checkFlagKey, checkName } from '../arguments';
import type { FlagLensTool } from '../flagLensTool';
import { definitionsOf, unknownFlag } from '../flagLookup';
import { ToolError, quoted } from '../toolError';
import { toolInput } from '../toolInput';
import { flagJsonSchema } from './schemas';

interface ToggleArgs {
  key: string;
  environment: string;
  on: boolean;
}

const output = z.object({
  key: z.string(),
  environment: z.string(),
  on: z.boolean(),
  changed: z.boolean().describe('False when the flag already was in that state.'),
  source: z.object({ kind: z.string(), label: z.string() }),
  flag: flagJsonSchema.nullable().describe('The flag as the source reports it after the change.'),
});

/**
 * Turns a flag on or off in an environment that is not protected. Protected environments (marked
 * by the vendor, needing comments or approvals, listed in protectedEnvironments, or named like
 * production) are refused, and no argument can change that: the opt-in exists only for people
 * (the editor's user setting, the CLI's --allow-protected).
 */
export const toggleFlagTool: FlagLensTool<ToggleArgs> = {
  name: 'toggle_flag',
  title: 'Toggle a flag',
  description:
    'Turns a flag on or off in one environment that is not protected (development, test, staging…). Protected environments — production-like names (prod, production, live…), environments the vendor marks critical or that need comments or approvals, and those listed in .flaglens.json protectedEnvironments — are always refused here; only a person can change them. flagd files are edited in place with a minimal change; LaunchDarkly and Unleash through their APIs.',
  input: toolInput('toggle_flag', {
    key: argumentFields.key,
    environment: argumentFields.environment,
    on: z.boolean().describe('true to turn the flag on (serve its targeting), false to turn it off.'),
  }),
  output,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  needs: { sources: true },
  writes: true,
  async run({ key, environment, on }, { workspace, root, signal, markWritten }) {
    await checkFlagKey(key, root);
    checkName(environment, 'environment');
    // Changing a flag needs its current state: a source that cannot be read stops the toggle.
    const stale = workspace.snapshots.find((s) => s.refreshError !== undefined);
    if (stale) throw new ToolError(`${stale.source.label} could not be read just now, so the flag's current state is unknown; try again.`);
    const found = definitionsOf(workspace, key).filter(({ flag }) => Object.keys(flag.environments).length > 0);
    if (found.length === 0) {
      if (definitionsOf(workspace, key).length > 0) throw new ToolError(`${quoted(key)} is only declared in a manifest: it has no state to toggle.`);
      throw unknownFlag(workspace, key);
    }
    if (found.length > 1) throw new ToolError(`${quoted(key)} is defined by ${found.map(({ loaded }) => loaded.source.label).join(' and ')}; toggle it in the editor or with flaglens toggle --source.`);
    const { loaded } = found[0]!;
    const { source, snapshot } = loaded;
    const target = environmentOf(snapshot, source, environment);
    const protection = environmentProtection(target.key, target, workspace.config.sources?.protectedEnvironments ?? []);
    if (protection) {
      throw new ToolError(
        `Refused: ${quoted(target.key)} is a protected environment (${protection}). Agents cannot change protected environments through Flag Lens; a person can, in the editor or with flaglens toggle --allow-protected.`,
      );
    }
    const before = loaded.snapshot.flags.find((f) => f.key === key)?.environments[target.key]?.on;
    await source.toggle({ key, environment: target.key, on, allowProtected: false, signal });
    markWritten();
    const after = source.snapshot?.flags.find((f) => f.key === key);
    return {
      key,
      environment: target.key,
      on,
      changed: before !== on,
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
