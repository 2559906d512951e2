import { z } from 'zod';
import { EvidenceCache } from '../../core/evidence/evidenceCache';
import { noEvidenceFromFlagd, type EvidenceState } from '../../core/evidence/model';
import { FlagLensError } from '../../core/errors';
import { evidenceJson, flagJson } from '../../core/report/flagsReport';
import type { FlagSource } from '../../core/sources/model';
import { environmentProtection } from '../../core/sources/protection';
import { argumentFields, checkFlagKey } from '../arguments';
import type { FlagLensTool } from '../flagLensTool';
import { definitionsOf, unknownFlag } from '../flagLookup';
import { staleReport } from '../staleFindings';
import { toolInput } from '../toolInput';
import { servingSchema, staleFindingSchema } from './schemas';

const windowSchema = z.looseObject({
  since: z.string(),
  until: z.string(),
  total: z.number(),
  byVariation: z.record(z.string(), z.number()),
  series: z.array(z.object({ at: z.string(), total: z.number() })).optional(),
});

/** How long one call waits for a source's counts; past it the environments say so and the rest of the answer stands. */
const evidenceWaitMs = 8_000;
/** One cache per folder workspace: repeated calls within the TTL do not read the vendor again. */
const caches = new WeakMap<object, EvidenceCache>();

const environmentSchema = z.looseObject({
  on: z.boolean(),
  protected: z.boolean(),
  protectedBecause: z.string().optional(),
  serving: servingSchema,
  offVariation: z.string().optional(),
  lastModified: z.string().nullable(),
  status: z.string().nullable(),
  lastEvaluated: z.string().nullable(),
  evaluations: windowSchema.nullable(),
  evaluations24h: windowSchema.nullable().optional(),
  evaluationsUnavailable: z.string().optional(),
  evaluationsNote: z.string().optional(),
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
  /** Set when the source has no counts at all (flagd); each environment's `evaluations` is then null. */
  evaluationsUnavailable: z.string().optional(),
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
    'One flag as each flag source (flagd files, LaunchDarkly, Unleash) defines it: its variations and, per environment, whether it is on, what it serves (a variation, a percentage split with each variation\'s percent, or targeting rules), whether the environment is protected and why, plus the stale findings for the flag (released, removed, unused, …, with the value to keep when the source says) and how many references the code has. Per environment, evaluations holds the counts LaunchDarkly (usage API) or Unleash (client metrics) reports: {since, until, total, byVariation, series} over the longest window the source keeps (7 days, or 48 h on an Unleash server without extended metrics), with evaluations24h for the last day; when the counts cannot be read in time it is null with evaluationsUnavailable saying why. For flagd files evaluations is always null (they carry no counts; the definition-level evaluationsUnavailable says so). An unknown key is an error that names the closest existing key.',
  input: toolInput('get_flag', { key: argumentFields.key }),
  output,
  annotations: { readOnlyHint: true, openWorldHint: true },
  needs: { sources: true },
  async run({ key }, { workspace, root, signal }) {
    await checkFlagKey(key, root);
    const found = definitionsOf(workspace, key);
    if (found.length === 0) throw unknownFlag(workspace, key);
    const configured = workspace.config.sources?.protectedEnvironments ?? [];
    const { report } = staleReport(workspace);
    let cache = caches.get(workspace);
    if (!cache) caches.set(workspace, (cache = new EvidenceCache()));
    const counts = await Promise.all(found.map(({ loaded: { source }, flag }) => evidenceOf(cache, source, flag.key, Object.keys(flag.environments), signal)));
    return {
      key,
      definitions: found.map(({ loaded: { source, snapshot }, flag }, i) => {
        const { key: _key, source: _kind, environments, ...rest } = flagJson(flag, source.kind);
        const evidence = counts[i];
        return {
          source: { id: snapshot.sourceId, kind: source.kind, label: source.label, fetchedAt: snapshot.fetchedAt.toISOString(), fromCache: snapshot.fromCache ?? false },
          ...rest,
          variations: flag.variations.map((v) => ({ name: v.name, value: v.value })),
          environments: Object.fromEntries(
            Object.entries(environments).map(([environment, state]) => {
              const info = snapshot.environments.find((e) => e.key === environment);
              const because = environmentProtection(environment, info, configured);
              const fields = evidence ? evidenceJson(evidence[environment]) : { evaluations: null };
              return [environment, { ...state, protected: because !== undefined, ...(because ? { protectedBecause: because } : {}), ...fields }];
            }),
          ),
          ...(evidence ? {} : { evaluationsUnavailable: noEvidenceFromFlagd }),
        };
      }),
      references: workspace.index?.referencesOf(key).length ?? 0,
      stale: report.findings.filter((f) => f.key === key),
      notStale: report.notStale.filter((n) => n.key === key),
    };
  },
};

/**
 * The source's counts for the flag's environments, waiting at most `evidenceWaitMs`; undefined for
 * a source without counts. A wait that runs out leaves each environment "unavailable", not the call.
 */
async function evidenceOf(cache: EvidenceCache, source: FlagSource, key: string, environments: string[], signal: AbortSignal): Promise<Record<string, EvidenceState> | undefined> {
  const load = source.evidence?.bind(source);
  if (!load) return undefined;
  if (environments.length === 0) return {};
  // Without a signal: a load that outlasts this call's wait still finishes (bounded by the cache's
  // own timeout) and is cached for the next call, rather than being aborted and started over.
  const pending = cache.getMany(source.id, key, environments, (wanted, loadSignal) => load(key, wanted, loadSignal));
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, evidenceWaitMs, undefined)));
  try {
    const states = await Promise.race([pending, waited, aborted(signal)]);
    if (states) return states;
  } finally {
    clearTimeout(timer);
  }
  const late: EvidenceState = { state: 'unavailable', reason: `no evidence: the source did not answer within ${evidenceWaitMs / 1000} s (asked again on the next call)`, cause: 'timeout' };
  return Object.fromEntries(environments.map((environment) => [environment, late]));
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    const fail = () => reject(new FlagLensError('cancelled', 'The operation was cancelled.'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}
