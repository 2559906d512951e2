import { describeError } from '../../core/errors';
import { findingKinds, type StaleKind } from '../../core/stale/model';
import { argumentFields } from '../arguments';
import type { FlagLensTool } from '../flagLensTool';
import { staleReport } from '../staleFindings';
import { ToolError } from '../toolError';
import { toolInput } from '../toolInput';
import { staleReportSchema } from './schemas';

/** The findings of `flaglens stale --format json`, optionally only some kinds. */
export const listStaleFlagsTool: FlagLensTool<{ kinds?: StaleKind[] | undefined }> = {
  name: 'list_stale_flags',
  title: 'List stale flags',
  description: `Stale flags and code hints, exactly as \`flaglens stale --format json\` (version 1) reports them. Stale kinds (need a flag source): removed, released (serves one value everywhere; keepValue is the value to keep), markedStale, inactive, unknownKey (referenced but not defined; suggestion is the closest key), unused (defined but never referenced). Hints from the code alone: similarKeys, dynamicKey, singleReference. Each finding has a message, evidence, a suggested action and its places (1-based lines and columns, paths relative to root). kinds filters the findings (${findingKinds.join(', ')}). notChecked lists the kinds that could not be judged because no flag source loaded.`,
  input: toolInput('list_stale_flags', { kinds: argumentFields.kinds }),
  output: staleReportSchema,
  annotations: { readOnlyHint: true, openWorldHint: true },
  needs: { sources: true },
  run({ kinds }, { workspace }) {
    // As `flaglens stale`: a configured source that is not read would turn all of its flags into unknown keys.
    const skipped = workspace.skipped[0];
    if (skipped) throw new ToolError(`The ${skipped.kind} source did not start, so its flags would all look unknown: ${skipped.reason}`);
    const failure = workspace.failures[0];
    if (failure) throw new ToolError(`${failure.source.label} could not be read, so its flags would all look unknown: ${describeError(failure.error)}`);
    return Promise.resolve({ ...staleReport(workspace, { ...(kinds ? { kinds } : {}) }).report });
  },
};
