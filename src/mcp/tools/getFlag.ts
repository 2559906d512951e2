import { z } from 'zod';
import { flagJson } from '../../core/report/flagsReport';
import { environmentProtection } from '../../core/sources/protection';
import { argumentFields, checkFlagKey } from '../arguments';
import type { FlagLensTool } from '../flagLensTool';
import { definitionsOf, unknownFlag } from '../flagLookup';
import { staleReport } from '../staleFindings';
import { toolInput } from '../toolInput';
import { servingSchema, staleFindingSchema } from './schemas';

const environmentSchema = z.looseObject({
  on: z.boolean(),
  protected: z.boolean(),
  protectedBecause: z.string().optional(),
  serving: servingSchema,
  offVariation: z.string().optional(),
  lastModified: z.string().nullable(),
  status: z.string().nullable(),
  lastEvaluated: z.string().nullable(),
  evaluations: z.null(),
});

const definitionSchema = z.looseObject({
  source: z.object({ id: z.string(), kind: z.string(), label: z.string(), fetchedAt: z.string(), fromCache: z.boolean() }),
  name: z.string(),
  kind: z.string(),
  type: z.string().nullable(),
  temporary: z.boolean(),
  archived: z.boolean(),
  description: z.string().optional(),
  defaultValue: z.unknown().optional(),
  variations: z.array(z.object({ name: z.string(), value: z.unknown() })),
  environments: z.record(z.string(), environmentSchema),
});

const output = z.object({
  key: z.string(),
  definitions: z.array(definitionSchema),
  references: z.number(),
  stale: z.array(staleFindingSchema),
  notStale: z.array(z.looseObject({ kind: z.string(), reason: z.string() })),
});

/** One flag as every source defines it, with its state per environment and what the stale rules say about it. */
export const getFlagTool: FlagLensTool<{ key: string }> = {
  name: 'get_flag',
  title: 'Get a flag',
  description:
    'One flag as each flag source (flagd files, LaunchDarkly, Unleash) defines it: its variations and, per environment, whether it is on, what it serves (a variation, a percentage split with each variation\'s percent, or targeting rules), whether the environment is protected and why, plus the stale findings for the flag (released, removed, unused, …, with the value to keep when the source says) and how many references the code has. evaluations is always null for now: evaluation counts are not read from the sources yet. An unknown key is an error that names the closest existing key.',
  input: toolInput('get_flag', { key: argumentFields.key }),
  output,
  annotations: { readOnlyHint: true, openWorldHint: true },
  needs: { sources: true },
  async run({ key }, { workspace, root }) {
    await checkFlagKey(key, root);
    const found = definitionsOf(workspace, key);
    if (found.length === 0) throw unknownFlag(workspace, key);
    const configured = workspace.config.sources?.protectedEnvironments ?? [];
    const { report } = staleReport(workspace);
    return {
      key,
      definitions: found.map(({ loaded: { source, snapshot }, flag }) => {
        const { key: _key, source: _kind, environments, ...rest } = flagJson(flag, source.kind);
        return {
          source: { id: snapshot.sourceId, kind: source.kind, label: source.label, fetchedAt: snapshot.fetchedAt.toISOString(), fromCache: snapshot.fromCache ?? false },
          ...rest,
          variations: flag.variations.map((v) => ({ name: v.name, value: v.value })),
          environments: Object.fromEntries(
            Object.entries(environments).map(([environment, state]) => {
              const info = snapshot.environments.find((e) => e.key === environment);
              const because = environmentProtection(environment, info, configured);
              return [environment, { ...state, protected: because !== undefined, ...(because ? { protectedBecause: because } : {}), evaluations: null }];
            }),
          ),
        };
      }),
      references: workspace.index?.referencesOf(key).length ?? 0,
      stale: report.findings.filter((f) => f.key === key),
      notStale: report.notStale.filter((n) => n.key === key),
    };
  },
};
