import { FlagLensError, type FlagLensErrorReason } from '../errors';
import { redact } from '../log';

export interface HttpRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Per request, headers and body; defaults to 15 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Values that must never appear in an error message (tokens); redacted on top of the generic patterns. */
  secrets?: string[];
  /** Largest decoded body accepted; defaults to 50 MB. */
  maxBodyBytes?: number;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  /** Parsed JSON; `undefined` for an empty body (204, or a 200 with nothing in it). */
  body: T;
}

export const defaultHttpTimeoutMs = 15_000;
/** Decoded, so a small gzip that expands to gigabytes is stopped at this size, not after it. */
export const defaultMaxBodyBytes = 50 * 1024 * 1024;
/** Same-origin hops followed; a longer chain is a loop or a misconfiguration. */
export const maxRedirects = 5;
/** An error body is only mined for a one-line message. */
const maxErrorBodyBytes = 64 * 1024;
const maxServerMessageLength = 160;

/**
 * One JSON request over the platform fetch. Every failure becomes a FlagLensError whose reason a
 * source can act on (re-authenticate, back off, fix config) and whose one-line message names the host
 * and status but never a credential. Redirects are followed by hand and only within the origin, so
 * the Authorization header never reaches a host the user did not configure; bodies are streamed and
 * capped after decompression.
 */
export async function requestJson<T>(request: HttpRequest): Promise<HttpResponse<T>> {
  const method = (request.method ?? 'GET').toUpperCase();
  const secrets = request.secrets ?? [];
  const target = describeTarget(method, request.url, secrets);
  if (request.signal?.aborted) throw cancelled(target);
  const headers = checkedHeaders(request.headers, target);

  const timeoutMs = request.timeoutMs ?? defaultHttpTimeoutMs;
  const timeoutSignal = AbortSignal.timeout(timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeoutSignal]) : timeoutSignal;
  const failure = (error: unknown): FlagLensError => {
    if (FlagLensError.is(error)) return error;
    if (request.signal?.aborted) return cancelled(target);
    if (timeoutSignal.aborted) return new FlagLensError('timeout', `${target} timed out after ${formatMs(timeoutMs)}.`, { cause: error });
    return networkError(target, error, secrets);
  };

  let response: Response;
  let text: string;
  try {
    response = await fetchWithinOrigin(request.url, { method, headers, body: request.body, signal }, target);
    const ok = response.status >= 200 && response.status < 300;
    // The body can stall as well as the headers, so it stays under the same signal.
    text = await readCapped(response, ok ? (request.maxBodyBytes ?? defaultMaxBodyBytes) : maxErrorBodyBytes, ok ? target : undefined);
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

/**
 * Why a header value cannot be sent (CR, LF, NUL, other control characters, beyond Latin-1), or
 * undefined. Checked before Node's Headers sees it: its error message quotes the value, a token.
 */
export function headerValueProblem(value: string): string | undefined {
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code === 0x0a || code === 0x0d) return 'a line break';
    if (code === 0) return 'a NUL character';
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return 'a control character';
    if (code > 0xff) return 'a character outside Latin-1';
  }
  return undefined;
}

function checkedHeaders(raw: Record<string, string> | undefined, target: string): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw ?? {})) {
    const problem = headerValueProblem(value);
    if (problem) {
      throw new FlagLensError('invalidConfig', `${target}: the ${name} header contains ${problem} and cannot be sent; check the token or setting it comes from.`);
    }
    headers.set(name, value);
  }
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  return headers;
}

interface Hop {
  method: string;
  headers: Headers;
  body: string | undefined;
  signal: AbortSignal;
}

async function fetchWithinOrigin(url: string, first: Hop, target: string): Promise<Response> {
  let current = new URL(url);
  let hop = first;
  for (let redirects = 0; ; redirects++) {
    const response = await fetch(current, { method: hop.method, headers: hop.headers, body: hop.body, signal: hop.signal, redirect: 'manual' });
    const location = response.headers.get('location');
    if (!isRedirect(response.status) || location === null) return response;
    await response.body?.cancel().catch(() => undefined);
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new FlagLensError('network', `${target} was redirected to an invalid location; not following it.`, { status: response.status });
    }
    if (next.origin !== current.origin) {
      throw new FlagLensError('invalidConfig', `${target} was redirected to another origin (${current.origin} → ${next.origin}); not following it with the credentials. Configure the final URL instead.`, {
        status: response.status,
      });
    }
    if (redirects >= maxRedirects) throw new FlagLensError('network', `${target} was redirected more than ${maxRedirects} times; stopping.`, { status: response.status });
    // What browsers do: 303, and 301/302 after a POST, repeat as a GET without the body.
    const asGet = response.status === 303 || ((response.status === 301 || response.status === 302) && hop.method === 'POST');
    if (asGet && hop.method !== 'HEAD') {
      const headers = new Headers(hop.headers);
      headers.delete('content-type');
      hop = { ...hop, method: 'GET', headers, body: undefined };
    }
    current = next;
  }
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * The body as text, counting decoded bytes as they arrive. Over the cap: a `parse` error when
 * `tooLargeTarget` names the request, else the text so far (error bodies only need their start).
 */
async function readCapped(response: Response, maxBytes: number, tooLargeTarget: string | undefined): Promise<string> {
  const tooLarge = (): FlagLensError =>
    new FlagLensError('parse', `response from ${tooLargeTarget!.replace(/^\S+ /, '')} is larger than ${formatBytes(maxBytes)}.`, { status: response.status });
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  // Content-Length counts encoded bytes: it can only prove "too large" when nothing decompresses it.
  if (tooLargeTarget && !response.headers.has('content-encoding') && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (total + value.byteLength > maxBytes) {
        if (tooLargeTarget) throw tooLarge();
        chunks.push(value.subarray(0, maxBytes - total));
        total = maxBytes;
        break;
      }
      chunks.push(value);
      total += value.byteLength;
    }
  } finally {
    // Stops the download (and the decompression) of whatever is left.
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Math.round(mb * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** `https://user:pw@host` → `https://host`: a password in the URL must not reach ids, labels, links or logs. */
export function withoutUserinfo(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/+$/, '');
  } catch {
    return url;
  }
}

/** True when the URL carries a user name or password (which Flag Lens refuses to send). */
export function hasUserinfo(url: string | undefined): boolean {
  try {
    const parsed = new URL(url?.trim() ?? '');
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

function describeTarget(method: string, url: string, secrets: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FlagLensError('invalidConfig', `Invalid URL: ${redact(url, secrets)}`);
  }
  // The query is left out: it is long and is where a careless caller would put a credential.
  const target = redact(`${method} ${parsed.host}${parsed.pathname}`, secrets);
  if (parsed.username || parsed.password) {
    throw new FlagLensError('invalidConfig', `${target}: the URL contains a user name or password; remove it (the token is sent in a header).`);
  }
  return target;
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
