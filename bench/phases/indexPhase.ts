import * as fs from 'node:fs';
import type { CorpusManifest } from '../generateCorpus';
import { compareReferences, countBy, type CoverageResult } from './coverage';
import { planEdits } from './edits';
import { CapturingLogger, loadReferenceIndex, loadWorkspaceConfig, type BenchedIndex } from './indexApi';
import { collectGarbage, startClock, type PeakRss } from './memory';
import { PhaseProfiler } from './profiler';

export interface IndexResult {
  available: boolean;
  coldIndexMs: number;
  coldIndexCpuMs: number;
  buildPeakRssMb: number;
  stats?: BenchedIndex['stats'];
  skipped: number;
  dynamic: number;
  coverage?: CoverageResult;
  /** The index's own log lines about the build (its phase split). */
  buildLog: string[];
  buildWarnings: number;
  dynamicReasons: [string, number][];
  reindex: { count: number; reflected: number; medianMs: number; p95Ms: number; maxMs: number; cpuMedianMs: number; cpuP95Ms: number; changedFilesMax: number; byKind: Record<string, { medianMs: number; p95Ms: number }>; slowest: { file: string; kind: string; ms: number; cpuMs: number; lines: number }[] };
  query: { referencesOfMs: number; referenceAtMs: number; calls: number };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/** Cold build, coverage against the generator's record, 100 single-file re-indexes, then query latency. */
export async function runIndex(manifest: CorpusManifest, memory: PeakRss, edits = 100, profileDir?: string, queryCalls = 20_000): Promise<IndexResult> {
  const ReferenceIndex = await loadReferenceIndex();
  const empty: IndexResult = { available: false, buildLog: [], buildWarnings: 0, coldIndexMs: NaN, coldIndexCpuMs: NaN, buildPeakRssMb: NaN, skipped: 0, dynamic: 0, dynamicReasons: [], reindex: { count: 0, reflected: 0, medianMs: NaN, p95Ms: NaN, maxMs: NaN, cpuMedianMs: NaN, cpuP95Ms: NaN, changedFilesMax: 0, byKind: {}, slowest: [] }, query: { referencesOfMs: NaN, referenceAtMs: NaN, calls: 0 } };
  if (!ReferenceIndex) return empty;

  // Everything but the build itself (module loading, JIT of the bench) happens before the clock starts.
  const plannedEdits = planEdits(manifest, edits);
  const config = await loadWorkspaceConfig(manifest.root);
  const logger = new CapturingLogger();
  const profiler = profileDir ? new PhaseProfiler(profileDir) : undefined;
  const profiled = <T>(name: string, work: () => Promise<T>): Promise<T> => (profiler ? profiler.profile(name, work) : work());
  collectGarbage();
  const stop = startClock();
  const index = await profiled('build', () => ReferenceIndex.build({ root: manifest.root, config, logger }));
  const { wallMs: coldIndexMs, cpuMs: coldIndexCpuMs } = stop();
  const buildPeakRssMb = memory.peakMb();
  const buildLog = [...logger.phaseLines];
  const buildWarnings = logger.warnings;

  const coverage = compareReferences(manifest.root, manifest.expected, index.all());
  const dynamic = index.dynamic();
  const dynamicReasons = countBy(dynamic, (d) => d.reason.replace(/'[^']*'/g, "'…'"));
  const result: IndexResult = { ...empty, available: true, buildLog, buildWarnings, coldIndexMs, coldIndexCpuMs, buildPeakRssMb, stats: { ...index.stats }, skipped: index.skipped.length, dynamic: dynamic.length, dynamicReasons, coverage };

  const timings: { kind: string; ms: number; cpuMs: number; file: string; lines: number }[] = [];
  let reflected = 0;
  let changedFilesMax = 0;
  await profiled('reindex', async () => {
    for (const edit of plannedEdits) {
      const stopEdit = startClock();
      const { files } = await index.updateFile(edit.file, edit.text);
      const elapsed = stopEdit();
      timings.push({ kind: edit.kind, ms: elapsed.wallMs, cpuMs: elapsed.cpuMs, file: edit.file.slice(manifest.root.length + 1), lines: edit.text.split('\n').length });
      changedFilesMax = Math.max(changedFilesMax, files.length);
      if (index.referencesIn(edit.file).some((r) => r.key === edit.key && r.keySpan.startLine === edit.line)) reflected++;
    }
  });
  profiler?.dispose();
  const sorted = (kind?: string): number[] => timings.filter((t) => !kind || t.kind === kind).map((t) => t.ms).sort((a, b) => a - b);
  const all = sorted();
  const cpu = timings.map((t) => t.cpuMs).sort((a, b) => a - b);
  result.reindex = {
    count: timings.length,
    reflected,
    medianMs: percentile(all, 50),
    p95Ms: percentile(all, 95),
    maxMs: all[all.length - 1] ?? NaN,
    cpuMedianMs: percentile(cpu, 50),
    cpuP95Ms: percentile(cpu, 95),
    changedFilesMax,
    slowest: [...timings].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 5).map(({ file, kind, ms, cpuMs, lines }) => ({ file, kind, ms, cpuMs, lines })),
    byKind: Object.fromEntries(['changeKey', 'addReference'].map((kind) => [kind, { medianMs: percentile(sorted(kind), 50), p95Ms: percentile(sorted(kind), 95) }])),
  };
  result.query = measureQueries(index, manifest, queryCalls);
  index.dispose();
  return result;
}

function measureQueries(index: BenchedIndex, manifest: CorpusManifest, calls: number): IndexResult['query'] {
  const keys = index.keys();
  const references = index.all();
  // Half the lookups hit a key span, half land on arbitrary offsets of files that reference flags.
  const probes: { file: string; offset: number }[] = references.map((r) => ({ file: r.file, offset: r.keySpan.start + 1 }));
  const flagged = manifest.flaggedFiles.map((f) => `${manifest.root}/${f}`);
  const sizes = new Map(flagged.map((f) => [f, fs.statSync(f).size]));
  const hits = probes.length;
  for (let i = 0; i < Math.max(1, hits); i++) {
    const file = flagged[i % flagged.length] as string;
    probes.push({ file, offset: (i * 7919) % (sizes.get(file) ?? 1) });
  }
  if (keys.length === 0 || flagged.length === 0) return { referencesOfMs: NaN, referenceAtMs: NaN, calls: 0 };
  let sink = 0;
  let started = performance.now();
  for (let i = 0; i < calls; i++) sink += index.referencesOf(keys[i % keys.length] as string).length;
  const referencesOfMs = (performance.now() - started) / calls;
  started = performance.now();
  for (let i = 0; i < calls; i++) {
    const probe = probes[i % probes.length] as { file: string; offset: number };
    if (index.referenceAt(probe.file, probe.offset)) sink++;
  }
  const referenceAtMs = (performance.now() - started) / calls;
  if (sink < 0) throw new Error('unreachable');
  return { referencesOfMs, referenceAtMs, calls };
}
