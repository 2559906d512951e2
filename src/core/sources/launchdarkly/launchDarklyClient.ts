import type { FeatureFlag, FlagStatusRep, Environment } from 'launchdarkly-api-typescript';
import { FlagLensError } from '../../errors';
import { requestJson, withoutUserinfo } from '../http';
import { ReplyShape } from '../replyShape';
import { editorWaitLimits, type WaitLimits } from '../waitLimits';
import { checkEnvironment, checkFlag, checkPage, checkStatus, type ItemCheck } from './launchDarklyReplies';
import { defaultRetryPolicy, withRetries, type RetryPolicy } from './retryPolicy';

export const defaultLaunchDarklyBaseUrl = 'https://app.launchdarkly.com';
/** The version every response shape here was checked against. */
export const launchDarklyApiVersion = '20240415';
/** LaunchDarkly caps list pages at 100 when per-environment configs are included. */
export const flagPageSize = 100;
/** Per-environment configs get expensive server-side; integrations keep to three per request. */
export const maxEnvironmentsPerRequest = 3;
/** A server that never stops returning `next` must not loop forever. */
const maxPages = 500;

export interface LaunchDarklyClientOptions {
  token: string;
  baseUrl?: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Server-chosen delays beyond `maxRetryAfterMs` are not waited out within a request. */
  waits?: WaitLimits;
}

/**
 * The LaunchDarkly REST v2 calls Flag Lens makes: `Authorization: <token>` (no scheme),
 * a pinned `LD-API-Version`, `_links.next` pagination, bounded retries on 429/5xx.
 */
export class LaunchDarklyClient {
  readonly baseUrl: string;
  private readonly token: string;
  private readonly timeoutMs: number | undefined;
  private readonly retry: RetryPolicy;

  constructor(options: LaunchDarklyClientOptions) {
    this.baseUrl = withoutUserinfo((options.baseUrl?.trim() || defaultLaunchDarklyBaseUrl).replace(/\/+$/, '').replace(/\/api(\/v2)?$/, ''));
    this.token = options.token;
    this.timeoutMs = options.timeoutMs;
    const retry = { ...defaultRetryPolicy, ...options.retry };
    this.retry = { ...retry, maxRateLimitWaitMs: Math.min(retry.maxRateLimitWaitMs, (options.waits ?? editorWaitLimits).maxRetryAfterMs) };
  }

  /** The project's environments, all pages. */
  async environments(project: string, signal: AbortSignal): Promise<Environment[]> {
    const first = `/api/v2/projects/${encodeURIComponent(project)}/environments?limit=${flagPageSize}`;
    return this.paginate<Environment>(first, `the environments of project '${project}'`, checkEnvironment, signal);
  }

  /** Flags with full per-environment configs for up to three environments, all pages. */
  async flags(project: string, environments: readonly string[], signal: AbortSignal): Promise<FeatureFlag[]> {
    if (environments.length > maxEnvironmentsPerRequest) throw new Error(`at most ${maxEnvironmentsPerRequest} environments per flag request`);
    const query = new URLSearchParams();
    for (const environment of environments) query.append('env', environment);
    query.set('summary', '0');
    query.set('limit', String(flagPageSize));
    query.set('offset', '0');
    return this.paginate<FeatureFlag>(`/api/v2/flags/${encodeURIComponent(project)}?${query.toString()}`, `the flags of project '${project}'`, checkFlag, signal);
  }

  /** Archived flags (the default list leaves them out), without environment configs. */
  async archivedFlags(project: string, signal: AbortSignal): Promise<FeatureFlag[]> {
    const query = new URLSearchParams({ filter: 'state:archived', limit: String(flagPageSize), offset: '0' });
    return this.paginate<FeatureFlag>(`/api/v2/flags/${encodeURIComponent(project)}?${query.toString()}`, `the archived flags of project '${project}'`, checkFlag, signal);
  }

  /** Evaluation statuses for one environment. The items carry no key; it is in `_links.parent.href`. */
  async flagStatuses(project: string, environment: string, signal: AbortSignal): Promise<FlagStatusRep[]> {
    return this.paginate<FlagStatusRep>(
      `/api/v2/flag-statuses/${encodeURIComponent(project)}/${encodeURIComponent(environment)}`,
      `the flag statuses of '${environment}'`,
      checkStatus,
      signal,
    );
  }

  /** A semantic patch; the only kind of write Flag Lens makes. */
  async semanticPatch(project: string, flag: string, body: SemanticPatch, signal: AbortSignal): Promise<FeatureFlag> {
    const url = `${this.baseUrl}/api/v2/flags/${encodeURIComponent(project)}/${encodeURIComponent(flag)}`;
    const response = await withRetries(
      () =>
        requestJson<FeatureFlag>({
          method: 'PATCH',
          url,
          headers: { ...this.headers(), 'Content-Type': 'application/json; domain-model=launchdarkly.semanticpatch' },
          body: JSON.stringify(body),
          signal,
          secrets: [this.token],
          timeoutMs: this.timeoutMs,
        }),
      this.retry,
      signal,
    );
    return response.body;
  }

  private async paginate<Item>(first: string, what: string, check: ItemCheck<Item>, signal: AbortSignal): Promise<Item[]> {
    const all: Item[] = [];
    const shape = new ReplyShape('LaunchDarkly', what);
    let next: string | undefined = first;
    const seen = new Set<string>();
    for (let page = 0; next !== undefined; page++) {
      if (page >= maxPages || seen.has(next)) throw new FlagLensError('parse', `LaunchDarkly kept returning more pages (${page}) for ${first.split('?')[0]}; stopping.`);
      seen.add(next);
      const checked = checkPage(shape, await this.get<unknown>(next, signal), check);
      all.push(...checked.items);
      next = this.sameOriginPath(checked.next);
    }
    return all;
  }

  private async get<T>(pathAndQuery: string, signal: AbortSignal): Promise<T> {
    const response = await withRetries(
      () => requestJson<T>({ url: `${this.baseUrl}${pathAndQuery}`, headers: this.headers(), signal, secrets: [this.token], timeoutMs: this.timeoutMs }),
      this.retry,
      signal,
    );
    // An empty 200 is no answer: it must not become an empty project.
    if (response.body === undefined || response.body === null || typeof response.body !== 'object') {
      throw new FlagLensError('parse', `LaunchDarkly returned an unexpected response for ${pathAndQuery.split('?')[0]} (an empty or non-object body).`);
    }
    return response.body;
  }

  /** `_links.next` is a path on the same host; anything pointing elsewhere would receive our token. */
  private sameOriginPath(href: string | undefined): string | undefined {
    if (!href) return undefined;
    const base = new URL(this.baseUrl);
    let resolved: URL;
    try {
      resolved = new URL(href, base);
    } catch {
      throw new FlagLensError('parse', 'LaunchDarkly returned an unexpected response (an invalid next-page link).');
    }
    if (resolved.origin !== base.origin) throw new FlagLensError('parse', `LaunchDarkly pagination pointed at another host (${resolved.host}); not following it with the token.`);
    return `${resolved.pathname}${resolved.search}`;
  }

  private headers(): Record<string, string> {
    return { Authorization: this.token, 'LD-API-Version': launchDarklyApiVersion, Accept: 'application/json' };
  }
}

/** The semantic patch instructions Flag Lens sends (LaunchDarkly's names and parameters). */
export type SemanticInstruction =
  | { kind: 'turnFlagOn' | 'turnFlagOff' }
  | { kind: 'updateFallthroughVariationOrRollout'; variationId?: string; rolloutWeights?: Record<string, number>; rolloutBucketBy?: string; rolloutContextKind?: string }
  | { kind: 'updateOffVariation'; variationId: string };

export interface SemanticPatch {
  environmentKey: string;
  comment?: string;
  instructions: SemanticInstruction[];
}

/** `…/flags/{project}/{key}` → key. */
export function flagKeyFromStatus(status: FlagStatusRep): string | undefined {
  const href = status._links?.parent?.href;
  if (!href) return undefined;
  const path = href.split('?')[0]!.replace(/\/+$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (!last) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
