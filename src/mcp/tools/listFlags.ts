import { describeError } from '../../core/errors';
import { flagsReportJson, type FlagsReportSource } from '../../core/report/flagsReport';
import type { FlagWorkspace } from '../../core/workspace/flagWorkspace';
import type { FlagLensTool } from '../flagLensTool';
import { whyNoSource } from '../flagLookup';
import { ToolError } from '../toolError';
import { toolInput } from '../toolInput';
import { flagsReportSchema } from './schemas';

/** `flaglens flags --format json` for the folder's configured sources, plus the sources that did not answer. */
export function flagsReport(workspace: FlagWorkspace): Record<string, unknown> {
  const noSource = whyNoSource(workspace);
  if (noSource) throw new ToolError(`No flags to list: ${noSource}.`);
  const report = flagsReportJson({ sources: workspace.snapshots.map(({ source, snapshot }): FlagsReportSource => ({ kind: source.kind, label: source.label, snapshot })) });
  const sourceErrors = [
    ...workspace.failures.map(({ source, error }) => ({ source: source.label, message: describeError(error) })),
    ...workspace.snapshots.filter((s) => s.refreshError !== undefined).map(({ source, snapshot, refreshError }) => ({ source: source.label, message: `${describeError(refreshError)} (showing the snapshot from ${snapshot.fetchedAt.toISOString()})` })),
    ...workspace.skipped.map((s) => ({ source: s.kind, message: `not started: ${s.reason}` })),
  ];
  return { ...report, sourceErrors };
}

export const listFlagsTool: FlagLensTool<Record<string, never>> = {
  name: 'list_flags',
  title: 'List flags',
  description:
    'Every flag the folder\'s flag sources define (the same JSON as `flaglens flags --format json`, version 1): key, kind, temporary or permanent, archived, and per environment whether it is on, what it serves (variation, percentage split or rules) and whether the environment is protected. Sources come from .flaglens.json "sources", else the flagd files in the folder. sourceErrors lists sources that could not be read (their flags are missing).',
  input: toolInput('list_flags', {}),
  output: flagsReportSchema,
  annotations: { readOnlyHint: true, openWorldHint: true },
  needs: { sources: true },
  run: (_args, { workspace }) => Promise.resolve(flagsReport(workspace)),
};
