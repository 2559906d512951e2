import { FlagLensError, type FlagLensErrorReason } from '../errors';
import { redact } from '../log';

export interface HttpRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Per request; defaults to 15 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Values that must never appear in an error message (tokens); redacted on top of the generic patterns. */
  secrets?: string[];
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  /** Parsed JSON; `undefined` for an empty body (204, or a 200 with nothing in it). */
  body: T;
}

export const defaultHttpTimeoutMs = 15_000;
const maxServerMessageLength = 160;

/**
 * One JSON request over the platform fetch. Every failure becomes a FlagLensError whose reason a
 * source can act on (re-authenticate, back off, fix config) and whose one-line message names the host
 * and status but never a credential.
 */
export async function requestJson<T>(request: HttpRequest): Promise<HttpResponse<T>> {
  const method = (request.method ?? 'GET').toUpperCase();
  const secrets = request.secrets ?? [];
  const target = describeTarget(method, request.url, secrets);
  if (request.signal?.aborted) throw cancelled(target);

  const timeoutMs = request.timeoutMs ?? defaultHttpTimeoutMs;
  const timeoutSignal = AbortSignal.timeout(timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeoutSignal]) : timeoutSignal;
  const failure = (error: unknown): FlagLensError => {
    if (request.signal?.aborted) return cancelled(target);
    if (timeoutSignal.aborted) return new FlagLensError('timeout', `${target} timed out after ${formatMs(timeoutMs)}.`, { cause: error });
    return networkError(target, error, secrets);
  };

  let response: Response;
  let text: string;
  try {
    const headers = new Headers(request.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    response = await fetch(request.url, {
      method,
      headers,
      body: request.body,
      signal,
      redirect: 'follow',
    });
    // The body can stall as well as the headers, so it stays under the same signal.
    text = await response.text();
  } catch (error) {
    throw failure(error);
  }

  if (response.status < 200 || response.status >= 300) {
    throw statusError(target, response, text, secrets);
  }
  if (text.trim() === '') return { status: response.status, headers: response.headers, body: undefined as T };
  try {
    return { status: response.status, headers: response.headers, body: JSON.parse(text) as T };
  } catch (error) {
    throw new FlagLensError('parse', `${target} returned ${response.status} with a body that is not JSON.`, {
      cause: error,
      status: response.status,
    });
  }
}

function describeTarget(method: string, url: string, secrets: readonly string[]): string {
  try {
    const parsed = new URL(url);
    // The query is left out: it is long and is where a careless caller would put a credential.
    return redact(`${method} ${parsed.host}${parsed.pathname}`, secrets);
  } catch {
    throw new FlagLensError('invalidConfig', `Invalid URL: ${redact(url, secrets)}`);
  }
}

function cancelled(target: string): FlagLensError {
  return new FlagLensError('cancelled', `${target} was cancelled.`);
}

function networkError(target: string, error: unknown, secrets: readonly string[]): FlagLensError {
  const code = errorCode(error);
  const why =
    code === 'ECONNREFUSED' ? 'connection refused'
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'host not found'
    : code === 'ECONNRESET' ? 'connection reset'
    : code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connection timed out'
    : code?.startsWith('CERT_') || code?.includes('SSL') || code?.includes('TLS') ? `TLS error (${code})`
    : oneLine(error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));
  const suffix = code && !why.includes(code) ? ` (${code})` : '';
  return new FlagLensError('network', redact(`${target} failed: ${why}${suffix}.`, secrets), { cause: error });
}

function errorCode(error: unknown): string | undefined {
  // undici wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function statusError(target: string, response: Response, text: string, secrets: readonly string[]): FlagLensError {
  const status = response.status;
  const serverSays = serverMessage(text);
  const detail = serverSays ? `: ${serverSays}` : '';
  const at = `${target} → ${status}`;
  let reason: FlagLensErrorReason;
  let message: string;
  let retryAfterMs: number | undefined;
  if (status === 401) {
    reason = 'unauthorized';
    message = `${at} Unauthorized — the token is missing, wrong or expired${detail}`;
  } else if (status === 403) {
    reason = 'forbidden';
    message = `${at} Forbidden — the token lacks permission for this${detail}`;
  } else if (status === 404) {
    reason = 'notFound';
    message = `${at} Not Found — check the project, environment and URL${detail}`;
  } else if (status === 429) {
    reason = 'rateLimited';
    retryAfterMs = retryAfter(response.headers);
    message = `${at} Too Many Requests${retryAfterMs === undefined ? '' : ` — retry in ${formatMs(retryAfterMs)}`}${detail}`;
  } else if (status >= 500) {
    reason = 'server';
    retryAfterMs = retryAfter(response.headers);
    message = `${at} server error${detail}`;
  } else {
    // 400/405/409/422…: the request we built was refused, which in practice means the configuration
    // (a key, an environment) is wrong. Vendors that give a status a meaning (405 = approvals) map it themselves.
    reason = 'invalidConfig';
    message = `${at} ${response.statusText || 'request refused'}${detail}`;
  }
  return new FlagLensError(reason, redact(oneLine(message), secrets), { status, retryAfterMs });
}

/** The vendor's own explanation, when the error body carries one (`message`, `error`, `details`). */
function serverMessage(text: string): string | undefined {
  if (!text.trim()) return undefined;
  let candidate: string | undefined;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    for (const field of ['message', 'error', 'details', 'detail', 'code']) {
      const value = parsed?.[field];
      if (typeof value === 'string' && value.trim()) {
        candidate = value;
        break;
      }
      if (Array.isArray(value) && value.length > 0) {
        const first = value[0] as { message?: unknown; description?: unknown } | string;
        const text = typeof first === 'string' ? first : typeof first?.message === 'string' ? first.message : typeof first?.description === 'string' ? first.description : undefined;
        if (text) {
          candidate = text;
          break;
        }
      }
    }
  } catch {
    // An HTML error page says nothing useful in one line.
    if (!/^\s*</.test(text)) candidate = text;
  }
  if (!candidate) return undefined;
  const line = oneLine(candidate);
  return line.length > maxServerMessageLength ? `${line.slice(0, maxServerMessageLength - 1)}…` : line;
}

/** `Retry-After` (seconds or an HTTP date) wins; LaunchDarkly also sends `X-Ratelimit-Reset` as epoch ms. */
export function retryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const retry = headers.get('retry-after')?.trim();
  if (retry) {
    if (/^\d+(\.\d+)?$/.test(retry)) return Math.round(Number(retry) * 1000);
    const date = Date.parse(retry);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers.get('x-ratelimit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) {
    const value = Number(reset);
    // Epoch ms per LaunchDarkly; tolerate epoch seconds from proxies that rewrite it.
    const resetMs = value < 1e12 ? value * 1000 : value;
    return Math.max(0, resetMs - now);
  }
  return undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 60_000)} min`;
}
