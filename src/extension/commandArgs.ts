import type { FlagCommandArgs } from '../core/catalog/present/hoverMarkdown';

/** Arguments every flag command accepts: from hover links, lenses, tree items and the palette (none). */
export interface FlagTarget extends FlagCommandArgs {
  /** The workspace folder's URI string; absent = the active editor's folder or a pick. */
  folder?: string;
  /** Clean-up only: the value to keep, when the caller (a stale-flag quick fix) already knows it from the source. */
  keep?: { value: unknown };
}

/** Commands may receive a FlagTarget, a tree node carrying one as `target`, or nothing at all. */
export function flagTargetOf(arg: unknown): FlagTarget | undefined {
  if (arg === null || typeof arg !== 'object') return undefined;
  const candidate = 'target' in arg ? (arg as { target: unknown }).target : arg;
  if (candidate === null || typeof candidate !== 'object') return undefined;
  const { key, sourceId, environment, folder, keep } = candidate as Record<string, unknown>;
  if (typeof key !== 'string') return undefined;
  return {
    key,
    sourceId: typeof sourceId === 'string' ? sourceId : undefined,
    environment: typeof environment === 'string' ? environment : undefined,
    folder: typeof folder === 'string' ? folder : undefined,
    keep: keep !== null && typeof keep === 'object' && 'value' in keep ? { value: (keep as { value: unknown }).value } : undefined,
  };
}
