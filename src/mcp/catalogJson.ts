import { flagJson } from '../core/report/flagsReport';
import type { FlagWorkspace } from '../core/workspace/flagWorkspace';
import { relativeFile } from './flagLookup';

/**
 * The folder's flag catalog (`flaglens://flags`): every key a source defines or the code
 * references, with its definitions (the `flags --format json` entries), where the code reads it and
 * its stale findings, so a client can attach the whole picture in one read.
 */
export function catalogJson(workspace: FlagWorkspace): Record<string, unknown> {
  const root = workspace.root;
  const catalog = workspace.catalog;
  return {
    version: 1,
    root,
    sources: catalog.sourceStates().map((s) => ({ id: s.id, label: s.label, kind: s.kind, loaded: s.loaded, ...(s.fetchedAt ? { fetchedAt: s.fetchedAt.toISOString() } : {}), fromCache: s.fromCache })),
    counts: catalog.counts(),
    flags: catalog.entries().map((entry) => ({
      key: entry.key,
      definitions: entry.definitions.map((d) => ({ ...flagJson(d.flag, d.sourceKind), sourceLabel: d.sourceLabel })),
      references: entry.references.length,
      files: [...new Set(entry.references.map((r) => relativeFile(root, r.file)))].sort(),
      stale: entry.stale.map((f) => ({ kind: f.kind, severity: f.severity, message: f.message, ...(f.suggestion ? { suggestion: f.suggestion } : {}) })),
    })),
    dynamicReferences: catalog.dynamic().map((d) => ({ file: relativeFile(root, d.file), line: d.span.startLine + 1, column: d.span.startCharacter + 1, reason: d.reason })),
  };
}
