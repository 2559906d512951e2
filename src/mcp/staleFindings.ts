import { formatStaleJson, type StaleReportSource } from '../core/report/staleReport';
import { analyzeStaleFlags } from '../core/stale/detectStaleFlags';
import type { StaleAnalysis, StaleKind } from '../core/stale/model';
import type { FlagWorkspace } from '../core/workspace/flagWorkspace';

/** One finding as `flaglens stale --format json` writes it. */
export interface StaleFindingJson {
  kind: StaleKind;
  key: string;
  severity: string;
  message: string;
  evidence: string[];
  action: string;
  keepValue?: unknown;
  suggestion?: string;
  sourceId?: string;
  permanent?: boolean;
  definedAt?: unknown;
  references: unknown[];
}

/** `flaglens stale --format json` (version 1), as an object. */
export interface StaleReportJson {
  version: 1;
  root: string;
  generatedAt: string;
  thresholds: unknown;
  sources: unknown[];
  summary: unknown;
  notChecked: string[];
  findings: StaleFindingJson[];
  notStale: { key: string; kind: string; sourceId?: string; reason: string }[];
}

/**
 * The stale report exactly as the CLI builds it (the same input from `staleInput`, the same
 * formatter), read back as an object; `kinds` keeps only those findings, with the summary counting
 * what is kept.
 */
export function staleReport(workspace: FlagWorkspace, options: { kinds?: readonly StaleKind[]; now?: Date } = {}): { report: StaleReportJson; analysis: StaleAnalysis } {
  const now = options.now ?? new Date();
  const full = analyzeStaleFlags(workspace.staleInput(now));
  const wanted = options.kinds && options.kinds.length > 0 ? new Set(options.kinds) : undefined;
  const analysis: StaleAnalysis = wanted ? { ...full, findings: full.findings.filter((f) => wanted.has(f.kind)), notStale: full.notStale.filter((n) => wanted.has(n.kind)) } : full;
  const text = formatStaleJson({
    root: workspace.root,
    analysis,
    references: workspace.index?.all() ?? [],
    sources: workspace.snapshots.map(({ source, snapshot }): StaleReportSource => ({
      id: snapshot.sourceId,
      label: source.label,
      kind: source.kind,
      flags: snapshot.flags.length,
      fetchedAt: snapshot.fetchedAt,
      fromCache: snapshot.fromCache ?? false,
    })),
    generatedAt: now,
  });
  return { report: JSON.parse(text) as StaleReportJson, analysis };
}
