import { FlagLensError } from '../errors';
import { getJsonObject, toTime, type EvidenceEndpoint } from './evidenceHttp';
import { addCount, dayMs, weekMs, type EnvironmentEvidence, type EvaluationPoint, type EvaluationWindow, type FlagEvidence } from './model';

/** The usage endpoints are beta: LaunchDarkly wants this header on every call to them. */
const betaHeaders = { 'LD-API-Version': 'beta' };
/** The version the flag-status shape was checked against (same as the source's client). */
const statusHeaders = { 'LD-API-Version': '20240415' };

export interface LaunchDarklyEvidenceRequest {
  project: string;
  key: string;
  environments: readonly string[];
  /** The flag's variation names in LaunchDarkly's order: the usage series number them by index. */
  variationNames: readonly string[];
}

/**
 * Evaluation counts of one LaunchDarkly flag per environment, from the account usage API
 * (`/api/v2/usage/evaluations/{project}/{env}/{flag}`, beta): one read for the last 7 days (daily
 * points) and one for the last 24 h (hourly points, LaunchDarkly's granularity for ranges within
 * two days), plus `lastRequested` from the flag's statuses across environments.
 */
export async function fetchLaunchDarklyEvidence(
  endpoint: EvidenceEndpoint,
  sourceId: string,
  request: LaunchDarklyEvidenceRequest,
  signal: AbortSignal,
  now: () => Date = () => new Date(),
): Promise<FlagEvidence> {
  const until = now();
  const lastRequested = await lastRequestedPerEnvironment(endpoint, request, signal);
  const environments: Record<string, EnvironmentEvidence> = {};
  // One environment after the other: the usage API is rate-limited per account, and the cache
  // above already bounds how many flags load at once.
  for (const environment of request.environments) {
    const week = await usage(endpoint, request, environment, new Date(until.getTime() - weekMs), until, signal);
    const lastDay = await usage(endpoint, request, environment, new Date(until.getTime() - dayMs), until, signal);
    environments[environment] = {
      environment,
      evaluations: week,
      lastDay,
      lastRequested: lastRequested.get(environment) ?? null,
    };
  }
  return { sourceId, key: request.key, fetchedAt: until, environments };
}

async function usage(endpoint: EvidenceEndpoint, request: LaunchDarklyEvidenceRequest, environment: string, since: Date, until: Date, signal: AbortSignal): Promise<EvaluationWindow> {
  const query = new URLSearchParams({ from: String(since.getTime()), to: String(until.getTime()) });
  const path = `/api/v2/usage/evaluations/${encodeURIComponent(request.project)}/${encodeURIComponent(environment)}/${encodeURIComponent(request.key)}?${query.toString()}`;
  const body = await getJsonObject(endpoint, path, betaHeaders, 'LaunchDarkly', signal);
  if (!Array.isArray(body.series)) throw new FlagLensError('parse', `LaunchDarkly returned an unexpected response for the evaluations of '${request.key}' in '${environment}' (no series).`);
  const columns = columnVariations(Array.isArray(body.metadata) ? body.metadata : [], request.variationNames);

  const byVariation: Record<string, number> = {};
  const series: EvaluationPoint[] = [];
  for (const point of body.series as unknown[]) {
    if (!point || typeof point !== 'object') continue;
    const record = point as Record<string, unknown>;
    const at = toTime(record.time);
    if (!at) continue;
    let total = 0;
    for (const [column, count] of Object.entries(record)) {
      if (column === 'time') continue;
      total += addCount(byVariation, columns(column), count);
    }
    series.push({ at, total });
  }
  series.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { since, until, total: series.reduce((sum, point) => sum + point.total, 0), byVariation, series };
}

/**
 * Series columns are labelled `0`, `1`… and "explained in the metadata". Each metadata item is read
 * for the variation index it describes (`variation`, else a numeric `key`); without one, the column
 * label is the variation index, which is what the labels are.
 */
function columnVariations(metadata: readonly unknown[], names: readonly string[]): (column: string) => string {
  return (column) => {
    const index = /^\d+$/.test(column) ? Number(column) : undefined;
    const described = index === undefined ? undefined : (metadata[index] as Record<string, unknown> | undefined);
    const variation = variationIndex(described?.variation) ?? variationIndex(described?.key) ?? index;
    if (variation === undefined) return column;
    return names[variation] ?? `variation ${variation}`;
  };
}

function variationIndex(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** `GET /api/v2/flag-status/{project}/{flag}` (status across environments): every environment's `lastRequested` in one read. */
async function lastRequestedPerEnvironment(endpoint: EvidenceEndpoint, request: LaunchDarklyEvidenceRequest, signal: AbortSignal): Promise<Map<string, Date | null>> {
  const query = new URLSearchParams();
  for (const environment of request.environments) query.append('env', environment);
  const path = `/api/v2/flag-status/${encodeURIComponent(request.project)}/${encodeURIComponent(request.key)}?${query.toString()}`;
  const body = await getJsonObject(endpoint, path, statusHeaders, 'LaunchDarkly', signal);
  const found = new Map<string, Date | null>();
  const environments = body.environments;
  if (!environments || typeof environments !== 'object') return found;
  for (const [environment, status] of Object.entries(environments as Record<string, unknown>)) {
    const value = status && typeof status === 'object' ? (status as Record<string, unknown>).lastRequested : undefined;
    found.set(environment, toTime(value) ?? null);
  }
  return found;
}
