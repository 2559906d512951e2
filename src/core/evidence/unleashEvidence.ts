import { FlagLensError } from '../errors';
import { getJsonObject, toTime, type EvidenceEndpoint } from './evidenceHttp';
import { addCount, dayMs, hourMs, type EnvironmentEvidence, type EvaluationPoint, type EvaluationWindow, type FlagEvidence } from './model';

/** Unleash's bucket width when it answers hour by hour (and always for `hoursBack` ≤ 48). */
const hourBucketMs = hourMs;
/** With extended usage metrics on, `hoursBack` > 48 is answered in day buckets. */
const dayBucketMs = dayMs;
const weekHours = 7 * 24;
/** Without extended usage metrics Unleash keeps (and answers for) 48 hours at most. */
const shortHours = 48;

/**
 * Evaluation counts of one Unleash flag, per environment, from the Admin API's raw client
 * metrics (`/api/admin/client-metrics/features/{name}/raw?hoursBack=`). `yes` is the `on`
 * variation and `no` the `off` one; variant counts are added under the variant's name (they are a
 * breakdown of `getVariant` calls, which Unleash also counts under yes/no).
 *
 * Unleash answers `hoursBack` > 48 only when the server runs with extended usage metrics
 * (`UNLEASH_EXPERIMENTAL_EXTENDED_USAGE_METRICS`, day buckets); otherwise it silently falls back
 * to 24 hours. The buckets in the reply show which one happened, so a 7-day figure is only
 * claimed when the reply spans seven days; otherwise the 48 hours the server keeps are used.
 * Day buckets are whole days up to yesterday (Unleash aggregates a day once it is over): the
 * 7-day window ends at midnight and today's evaluations are in the 24 h one.
 */
export async function fetchUnleashEvidence(
  endpoint: EvidenceEndpoint,
  sourceId: string,
  key: string,
  environments: readonly string[],
  signal: AbortSignal,
  now: () => Date = () => new Date(),
): Promise<FlagEvidence> {
  const week = await rawMetrics(endpoint, key, weekHours, signal);
  let longest: Map<string, EvaluationWindow>;
  let lastDay: Map<string, EvaluationWindow>;
  let note: string | undefined;
  if (week.bucketMs === dayBucketMs && week.spanMs >= 6 * dayMs) {
    longest = week.windows;
    lastDay = (await rawMetrics(endpoint, key, 24, signal)).windows;
  } else {
    const short = week.bucketMs === undefined || week.hours < shortHours ? await rawMetrics(endpoint, key, shortHours, signal) : week;
    longest = short.windows;
    lastDay = narrowTo(short, 24 * hourMs);
    // Hourly buckets for a 7-day question prove the server keeps 48 h; no buckets prove nothing.
    note =
      week.bucketMs === hourBucketMs
        ? 'this Unleash server keeps 48 h of counts'
        : 'no daily counts from Unleash yet';
  }
  const fetchedAt = now();
  const result: Record<string, EnvironmentEvidence> = {};
  for (const environment of environments) {
    const evaluations = longest.get(environment) ?? emptyWindow(fetchedAt, note ? shortHours : weekHours);
    result[environment] = {
      environment,
      evaluations,
      lastDay: lastDay.get(environment) ?? emptyWindow(fetchedAt, 24),
      ...(note ? { note } : {}),
    };
  }
  return { sourceId, key, fetchedAt, environments: result };
}

interface Bucket {
  total: number;
  byVariation: Record<string, number>;
}

interface RawMetrics {
  windows: Map<string, EvaluationWindow>;
  /** Per environment, per bucket start, for narrowing to 24 h exactly. */
  buckets: Map<string, Map<number, Bucket>>;
  /** Width of the buckets in the reply, when it had two or more distinct ones. */
  bucketMs: number | undefined;
  spanMs: number;
  /** Distinct buckets × width: how many hours the reply covers. */
  hours: number;
}

async function rawMetrics(endpoint: EvidenceEndpoint, key: string, hoursBack: number, signal: AbortSignal): Promise<RawMetrics> {
  const path = `/api/admin/client-metrics/features/${encodeURIComponent(key)}/raw?hoursBack=${hoursBack}`;
  const body = await getJsonObject(endpoint, path, {}, 'Unleash', signal);
  if (!Array.isArray(body.data)) throw new FlagLensError('parse', `Unleash returned an unexpected response for the metrics of flag '${key}' (no data list).`);

  // One row per environment × application × bucket; applications are summed.
  const buckets = new Map<string, Map<number, Bucket>>();
  const stamps = new Set<number>();
  for (const row of body.data as unknown[]) {
    if (!row || typeof row !== 'object') continue;
    const { environment, timestamp, yes, no, variants } = row as Record<string, unknown>;
    const at = toTime(timestamp);
    if (typeof environment !== 'string' || !at) continue;
    stamps.add(at.getTime());
    let perBucket = buckets.get(environment);
    if (!perBucket) buckets.set(environment, (perBucket = new Map()));
    let bucket = perBucket.get(at.getTime());
    if (!bucket) perBucket.set(at.getTime(), (bucket = { total: 0, byVariation: {} }));
    bucket.total += addCount(bucket.byVariation, 'on', yes) + addCount(bucket.byVariation, 'off', no);
    if (variants && typeof variants === 'object') {
      for (const [name, count] of Object.entries(variants as Record<string, unknown>)) {
        // `disabled` is what getVariant returns for a flag that is off: already counted as `no`.
        if (name !== 'disabled') addCount(bucket.byVariation, name, count);
      }
    }
  }

  const sorted = [...stamps].sort((a, b) => a - b);
  const gap = sorted.length >= 2 ? Math.min(...sorted.slice(1).map((t, i) => t - sorted[i]!)) : undefined;
  // Day buckets follow the server's local midnights, 23 or 25 hours apart across a DST change.
  const bucketMs = gap === undefined ? undefined : gap > 2 * hourMs ? dayBucketMs : hourBucketMs;
  const width = bucketMs ?? hourBucketMs;
  const windows = new Map<string, EvaluationWindow>();
  for (const [environment, perBucket] of buckets) windows.set(environment, windowOf(perBucket, sorted, width));
  return { windows, buckets, bucketMs, spanMs: sorted.length ? sorted[sorted.length - 1]! - sorted[0]! : 0, hours: (sorted.length * width) / hourMs };
}

function windowOf(perBucket: Map<number, Bucket>, stamps: readonly number[], width: number): EvaluationWindow {
  // Day buckets are stamped with the day's last millisecond (23:59:59.999, "end of yesterday" and
  // the six days before it); hour buckets with the hour's first.
  const startOf = (t: number): number => ((t + 1) % hourMs === 0 ? t + 1 - width : t);
  const byVariation: Record<string, number> = {};
  const series: EvaluationPoint[] = [];
  for (const t of stamps) {
    const bucket = perBucket.get(t);
    series.push({ at: new Date(startOf(t)), total: bucket?.total ?? 0 });
    for (const [name, count] of Object.entries(bucket?.byVariation ?? {})) addCount(byVariation, name, count);
  }
  return {
    since: new Date(startOf(stamps[0]!)),
    until: new Date(startOf(stamps[stamps.length - 1]!) + width),
    total: series.reduce((sum, point) => sum + point.total, 0),
    byVariation: ordered(byVariation),
    series,
  };
}

/** The buckets of the last `ms` of an hourly reply, as their own window. */
function narrowTo(raw: RawMetrics, ms: number): Map<string, EvaluationWindow> {
  const narrowed = new Map<string, EvaluationWindow>();
  for (const [environment, perBucket] of raw.buckets) {
    const window = raw.windows.get(environment)!;
    const since = window.until.getTime() - ms;
    const stamps = (window.series ?? []).map((point) => point.at.getTime()).filter((t) => t >= since);
    if (stamps.length > 0) narrowed.set(environment, windowOf(perBucket, stamps, raw.bucketMs ?? hourBucketMs));
  }
  return narrowed;
}

function emptyWindow(now: Date, hours: number): EvaluationWindow {
  return { since: new Date(now.getTime() - hours * hourMs), until: now, total: 0, byVariation: {} };
}

/** `on`, `off`, then variants by name: the order people read a split in. */
function ordered(record: Record<string, number>): Record<string, number> {
  const rank = (name: string): number => (name === 'on' ? 0 : name === 'off' ? 1 : 2);
  const out: Record<string, number> = {};
  for (const name of Object.keys(record).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))) addCount(out, name, record[name]);
  return out;
}
