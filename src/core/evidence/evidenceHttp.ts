import { FlagLensError } from '../errors';
import { requestJson } from '../sources/http';
import { defaultRetryPolicy, withRetries, type RetryPolicy } from '../sources/launchdarkly/retryPolicy';

/**
 * Where a fetcher sends its reads. The vendor clients keep their token private, so the evidence
 * fetchers are handed the same URL and token the source was built with and go through the same
 * `requestJson` (origin-pinned redirects, capped bodies, redacted errors) and retry policy.
 */
export interface EvidenceEndpoint {
  /** Normalized base URL, no trailing slash, no `/api`. */
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/** One GET that must answer with a JSON object; 429/5xx are retried within the policy's bounds. */
export async function getJsonObject(endpoint: EvidenceEndpoint, pathAndQuery: string, headers: Record<string, string>, vendor: string, signal: AbortSignal): Promise<Record<string, unknown>> {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...endpoint.retry };
  const response = await withRetries(
    () =>
      requestJson<unknown>({
        url: `${endpoint.baseUrl}${pathAndQuery}`,
        headers: { Authorization: endpoint.token, Accept: 'application/json', ...headers },
        signal,
        secrets: [endpoint.token],
        timeoutMs: endpoint.timeoutMs,
      }),
    policy,
    signal,
  );
  const body = response.body;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new FlagLensError('parse', `${vendor} returned an unexpected response for ${pathAndQuery.split('?')[0]} (not a JSON object).`);
  }
  return body as Record<string, unknown>;
}

/** ISO string or epoch (seconds or ms) → Date, else undefined. */
export function toTime(value: unknown): Date | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value < 1e12 ? value * 1000 : value);
  if (typeof value === 'string' && value.trim() !== '') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}
