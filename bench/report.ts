import type { CorpusManifest } from './generateCorpus';
import { countBy } from './phases/coverage';
import type { FlagdResult } from './phases/flagdPhase';
import type { IndexResult } from './phases/indexPhase';
import type { NaiveResult } from './phases/naivePhase';
import type { ParseOnlyResult } from './phases/parseOnlyPhase';

export interface BenchFigures {
  manifest: CorpusManifest;
  reusedCorpus: boolean;
  /** Commit (and dirty state) of the measured code. */
  code: string;
  /** Parse-only and index runs; timings are the best of them. */
  repeat: number;
  /** 1-minute load average at the start and end, and the core count: timings mean little when load ≫ cores. */
  load: { start: number; end: number; cores: number };
  parseOnly: ParseOnlyResult & { peakRssMb: number };
  naive?: NaiveResult & { peakRssMb: number };
  index: IndexResult & { peakRssMb: number };
  flagd?: FlagdResult;
}

export const targets = { ratioToParseOnly: 0.35, speedupVsNaive: 10, reindexP95Ms: 30, queryMs: 1, peakRssMb: 500 };

const round = (value: number, digits = 1): number => (Number.isFinite(value) ? Number(value.toFixed(digits)) : NaN);
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');

function row(label: string, value: string, target = '', status = '', note = ''): string {
  return `${label.padEnd(26)}${value.padStart(14)}   ${target.padEnd(16)}${status.padEnd(7)}${note}`;
}

function ms(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a';
}

/** The human-readable table, then the one JSON line results are compared by. */
export function formatReport(figures: BenchFigures): string[] {
  const { manifest, parseOnly, naive, index, flagd } = figures;
  const lines: string[] = [];
  lines.push(
    `Flag Lens benchmark: ${manifest.files} files, ${manifest.totalLines.toLocaleString('en-US')} lines, ${(manifest.totalBytes / 1048576).toFixed(1)} MiB, seed ${manifest.seed}`,
    `corpus ${manifest.root} (${figures.reusedCorpus ? 'reused' : `generated in ${(manifest.generateMs / 1000).toFixed(1)} s`}); ${manifest.flaggedFiles.length} files reference ${manifest.flags.length} flags, ${manifest.decoyFiles} carry decoys`,
  );
  lines.push(`code: ${figures.code}`);
  const busiest = Math.max(figures.load.start, figures.load.end);
  lines.push(`machine: ${figures.load.cores} cores, load average ${figures.load.start.toFixed(1)} at start, ${figures.load.end.toFixed(1)} at end${busiest > figures.load.cores * 1.5 ? ' (BUSY: other processes compete for the CPU, wall-clock figures are inflated; compare the cpu figures)' : ''}`, '');
  if (!index.available) {
    lines.push('ReferenceIndex is not available yet (src/core/references/referenceIndex.ts); index figures are n/a.');
  } else {
    const coverage = index.coverage;
    if (coverage) {
      lines.push(`references found/expected: ${coverage.matched}/${coverage.expected} (index reported ${coverage.found} AST references: ${coverage.missing.length} missing, ${coverage.unexpected.length} unexpected; ${coverage.textMatches} text matches)`);
      if (coverage.missing.length > 0) {
        lines.push(`  missing by pattern: ${countBy(coverage.missing, (m) => m.pattern).map(([p, n]) => `${p} ×${n}`).join(', ')}`);
        for (const m of coverage.missing.slice(0, 8)) lines.push(`    missing ${m.key} at ${m.file}:${m.line + 1} (${m.pattern})`);
      }
      if (coverage.unexpected.length > 0) {
        lines.push(`  unexpected by pattern: ${countBy(coverage.unexpected, (m) => m.pattern).map(([p, n]) => `${p} ×${n}`).join(', ')}`);
        for (const m of coverage.unexpected.slice(0, 8)) lines.push(`    unexpected ${m.key} at ${m.file}:${m.line + 1} (${m.pattern})`);
      }
    }
    lines.push(`dynamic references: ${index.dynamic} (the corpus has ${manifest.dynamicSites} calls with computed keys; unused wrappers add more): ${index.dynamicReasons.slice(0, 4).map(([reason, n]) => `${reason} ×${n}`).join('; ')}`);
    if (index.stats) {
      const s = index.stats;
      for (const line of index.buildLog) lines.push(`index log: ${line}`);
      if (index.buildWarnings > 0) lines.push(`index logged ${index.buildWarnings} warnings/errors during the build`);
      lines.push(`index stats: discovered ${s.filesDiscovered}, scanned ${s.filesScanned}, parsed ${s.filesParsed} (${((100 * s.filesParsed) / manifest.files).toFixed(1)} % of files), skipped ${s.filesSkipped}; own duration ${ms(s.durationMs, 0)}`);
    }
  }
  lines.push('');
  const ratio = index.coldIndexMs / parseOnly.ms;
  const cpuRatio = index.coldIndexCpuMs / parseOnly.cpuMs;
  const speedup = naive ? naive.ms / index.coldIndexMs : NaN;
  const cpuSpeedup = naive ? naive.cpuMs / index.coldIndexCpuMs : NaN;
  const queryMs = Math.max(index.query.referencesOfMs, index.query.referenceAtMs);
  const cpu = (value: number, digits = 0): string => `cpu ${ms(value, digits)}`;
  lines.push(row('figure (wall clock)', 'value', 'target', 'result', `notes (cpu = user+system time of that process${figures.repeat > 1 ? `; parse-only and index: best of ${figures.repeat} runs` : ''})`));
  lines.push(row('cold index', ms(index.coldIndexMs, 0), '', '', cpu(index.coldIndexCpuMs)));
  lines.push(row('parse-only (ts)', ms(parseOnly.ms, 0), '', '', `${cpu(parseOnly.cpuMs)}; createSourceFile over ${parseOnly.files} files, reads included`));
  if (naive) lines.push(row('naive (ts-morph)', ms(naive.ms, 0), '', '', `${cpu(naive.cpuMs)}; ${naive.extrapolated ? `EXTRAPOLATED linearly from ${naive.filesMeasured} of ${naive.files} files (${ms(naive.measuredMs, 0)} measured)` : `all ${naive.files} files, ${naive.callExpressions} call expressions visited`}`));
  else lines.push(row('naive (ts-morph)', 'skipped'));
  lines.push(row('cold / parse-only', `${ratio.toFixed(3)}×`, `≤ ${targets.ratioToParseOnly}×`, verdict(ratio <= targets.ratioToParseOnly), `by cpu ${cpuRatio.toFixed(3)}× ${verdict(cpuRatio <= targets.ratioToParseOnly)}`));
  lines.push(row('naive / cold', naive ? `${speedup.toFixed(1)}×` : 'n/a', `≥ ${targets.speedupVsNaive}×`, naive ? verdict(speedup >= targets.speedupVsNaive) : '', naive ? `by cpu ${cpuSpeedup.toFixed(1)}× ${verdict(cpuSpeedup >= targets.speedupVsNaive)}` : ''));
  lines.push(row('re-index median', ms(index.reindex.medianMs, 2), '', '', `${cpu(index.reindex.cpuMedianMs, 2)}; ${index.reindex.count} edits, ${index.reindex.reflected} reflected in referencesIn()`));
  lines.push(row('re-index p95', ms(index.reindex.p95Ms, 2), `< ${targets.reindexP95Ms} ms`, verdict(index.reindex.p95Ms < targets.reindexP95Ms), `${cpu(index.reindex.cpuP95Ms, 2)} ${verdict(index.reindex.cpuP95Ms < targets.reindexP95Ms)}; max ${ms(index.reindex.maxMs, 2)}; most files changed by one edit: ${index.reindex.changedFilesMax}`));
  for (const [kind, figures] of Object.entries(index.reindex.byKind)) lines.push(row(`  ${kind}`, ms(figures.medianMs, 2), '', '', `p95 ${ms(figures.p95Ms, 2)}`));
  if (index.reindex.slowest.length > 0) lines.push(row('  slowest by cpu', '', '', '', index.reindex.slowest.map((s) => `${s.file.split('/').slice(-2).join('/')} (${s.lines} lines, ${s.kind}) ${ms(s.cpuMs, 0)}`).join('; ')));
  lines.push(row('referencesOf(key)', ms(index.query.referencesOfMs, 4), `< ${targets.queryMs} ms`, verdict(index.query.referencesOfMs < targets.queryMs), `mean of ${index.query.calls} calls`));
  lines.push(row('referenceAt(file,offset)', ms(index.query.referenceAtMs, 4), `< ${targets.queryMs} ms`, verdict(index.query.referenceAtMs < targets.queryMs), `mean of ${index.query.calls} calls`));
  lines.push(row('peak RSS (index process)', `${index.peakRssMb.toFixed(0)} MB`, `< ${targets.peakRssMb} MB`, verdict(index.peakRssMb < targets.peakRssMb), `after cold build ${index.buildPeakRssMb.toFixed(0)} MB; parse-only process ${parseOnly.peakRssMb.toFixed(0)} MB${naive ? `; naive process ${naive.peakRssMb.toFixed(0)} MB` : ''}`));
  if (flagd) lines.push(flagd.available ? `flagd source, ${flagd.flags} flags (${(flagd.fileBytes / 1048576).toFixed(1)} MiB file): loaded ${flagd.loaded} flags in ${ms(flagd.ms, 0)} (${cpu(flagd.cpuMs)})${flagd.problems ? `, ${flagd.problems} problems` : ''}` : 'flagd source not available yet; skipped the 10k-flag load');
  lines.push('');
  lines.push(
    JSON.stringify({
      files: manifest.files,
      coldIndexMs: round(index.coldIndexMs),
      parseOnlyMs: round(parseOnly.ms),
      naiveMs: naive ? round(naive.ms) : null,
      ratioToParseOnly: round(ratio, 3),
      speedupVsNaive: naive ? round(speedup, 1) : null,
      reindexMedianMs: round(index.reindex.medianMs, 2),
      reindexP95Ms: round(index.reindex.p95Ms, 2),
      queryMs: round(queryMs, 4),
      peakRssMb: round(index.peakRssMb, 0),
    }),
  );
  return lines;
}
