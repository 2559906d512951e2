import type { IndexResult } from './indexPhase';
import type { ParseOnlyResult } from './parseOnlyPhase';

type WithRss<T> = T & { peakRssMb: number };

const min = (values: number[]): number => Math.min(...values);

/**
 * Best of several runs: on a shared machine interference only ever adds time, so the minimum of
 * each timing is the best estimate; memory takes the maximum, so it is never understated.
 */
export function bestParseOnly(runs: WithRss<ParseOnlyResult>[]): WithRss<ParseOnlyResult> {
  const first = runs[0] as WithRss<ParseOnlyResult>;
  return { ...first, ms: min(runs.map((r) => r.ms)), cpuMs: min(runs.map((r) => r.cpuMs)), peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)) };
}

export function bestIndex(runs: WithRss<IndexResult>[]): WithRss<IndexResult> {
  // The fastest build supplies the non-timing details (its log, stats, coverage), so they match the time shown.
  const first = [...runs].sort((a, b) => a.coldIndexMs - b.coldIndexMs)[0] as WithRss<IndexResult>;
  if (runs.length === 1 || !first.available) return first;
  const reindex = runs.map((r) => r.reindex);
  return {
    ...first,
    coldIndexMs: min(runs.map((r) => r.coldIndexMs)),
    coldIndexCpuMs: min(runs.map((r) => r.coldIndexCpuMs)),
    buildPeakRssMb: Math.max(...runs.map((r) => r.buildPeakRssMb)),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    reindex: {
      ...first.reindex,
      medianMs: min(reindex.map((r) => r.medianMs)),
      p95Ms: min(reindex.map((r) => r.p95Ms)),
      maxMs: min(reindex.map((r) => r.maxMs)),
      cpuMedianMs: min(reindex.map((r) => r.cpuMedianMs)),
      cpuP95Ms: min(reindex.map((r) => r.cpuP95Ms)),
      byKind: Object.fromEntries(
        Object.keys(first.reindex.byKind).map((kind) => [
          kind,
          { medianMs: min(reindex.map((r) => r.byKind[kind]?.medianMs ?? NaN)), p95Ms: min(reindex.map((r) => r.byKind[kind]?.p95Ms ?? NaN)) },
        ]),
      ),
    },
    query: { ...first.query, referencesOfMs: min(runs.map((r) => r.query.referencesOfMs)), referenceAtMs: min(runs.map((r) => r.query.referenceAtMs)) },
  };
}
