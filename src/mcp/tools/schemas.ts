import { z } from 'zod';

/**
 * Output schemas of the documented JSON shapes the tools return (`flaglens flags`/`stale --format
 * json`, version 1). Objects are loose: those shapes only ever gain fields.
 */

const location = z.looseObject({ file: z.string(), line: z.number(), column: z.number(), endLine: z.number(), endColumn: z.number() });

/** What an enabled flag serves: a variation, a split with percentages, or rules (with what the rest get). */
export const servingSchema = z.looseObject({
  type: z.enum(['variation', 'split', 'rules']),
  variation: z.string().optional(),
  split: z.array(z.object({ variation: z.string(), percent: z.number() })).optional(),
  count: z.number().optional(),
  summary: z.string().optional(),
  fallthrough: z.looseObject({ type: z.string() }).optional(),
});

export const flagJsonSchema = z.looseObject({
  key: z.string(),
  name: z.string(),
  kind: z.string(),
  temporary: z.boolean(),
  archived: z.boolean(),
  type: z.string().nullable(),
  source: z.string(),
  description: z.string().optional(),
  defaultValue: z.unknown().optional(),
  environments: z.record(
    z.string(),
    z.looseObject({
      on: z.boolean(),
      protected: z.boolean(),
      serving: servingSchema,
      offVariation: z.string().optional(),
      lastModified: z.string().nullable(),
      status: z.string().nullable(),
      lastEvaluated: z.string().nullable(),
    }),
  ),
});

export const staleFindingSchema = z.looseObject({
  kind: z.string(),
  key: z.string(),
  severity: z.string(),
  message: z.string(),
  evidence: z.array(z.string()),
  action: z.string(),
  keepValue: z.unknown().optional(),
  suggestion: z.string().optional(),
  sourceId: z.string().optional(),
  permanent: z.boolean().optional(),
  definedAt: location.optional(),
  references: z.array(location),
});

export const staleReportSchema = z.object({
  version: z.literal(1),
  root: z.string(),
  generatedAt: z.string(),
  thresholds: z.looseObject({}),
  sources: z.array(z.looseObject({ id: z.string(), label: z.string(), kind: z.string(), flags: z.number() })),
  summary: z.looseObject({ findings: z.number(), flags: z.number(), byKind: z.record(z.string(), z.number()), bySeverity: z.record(z.string(), z.number()) }),
  notChecked: z.array(z.string()),
  findings: z.array(staleFindingSchema),
  notStale: z.array(z.looseObject({ key: z.string(), kind: z.string(), reason: z.string() })),
});

export const flagsReportSchema = z.object({
  version: z.literal(1),
  source: z.string(),
  flags: z.array(flagJsonSchema),
  problems: z.array(z.looseObject({ source: z.string(), severity: z.string(), message: z.string() })),
  /** Sources that did not answer: they are missing from `flags`. Not in the CLI's JSON, which prints them to stderr. */
  sourceErrors: z.array(z.object({ source: z.string(), message: z.string() })),
});
