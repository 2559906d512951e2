import { FlagLensError } from '../../errors';
import { requestJson, withoutUserinfo } from '../http';
import { checkEnvironments, checkEvents, checkFeatureDetail, checkFeatureList, checkProject, checkSearch, checkSegments } from './unleashReplies';
import type { UnleashStrategyWrite } from './unleashRollout';
import type { UnleashEnvironments, UnleashFeatureDetail, UnleashProject, UnleashProjectFeatures, UnleashSearchResult, UnleashEvent, UnleashSegments } from './unleashTypes';

const searchPageSize = 100;
const eventPageSize = 500;
/** A runaway `total` must not turn into an endless loop. */
const maxSearchPages = 200;

/**
 * The Unleash Admin API calls Flag Lens makes. The token goes in `Authorization` as is (Unleash
 * tokens carry no scheme) and is passed to every request as a secret so no error can echo it.
 */
export class UnleashClient {
  readonly baseUrl: string;

  constructor(
    url: string,
    private readonly token: string,
    private readonly timeoutMs?: number,
  ) {
    this.baseUrl = normalizeBaseUrl(url);
  }

  async project(project: string, signal: AbortSignal): Promise<UnleashProject> {
    return checkProject(await this.get(`/api/admin/projects/${encodeURIComponent(project)}`, signal), `project '${project}'`);
  }

  async environments(signal: AbortSignal): Promise<UnleashEnvironments> {
    return checkEnvironments(await this.get('/api/admin/environments', signal), 'the environments');
  }

  async features(project: string, signal: AbortSignal): Promise<UnleashProjectFeatures> {
    return checkFeatureList(await this.get(`/api/admin/projects/${encodeURIComponent(project)}/features`, signal), `the flags of project '${project}'`);
  }

  async feature(project: string, name: string, signal: AbortSignal): Promise<UnleashFeatureDetail> {
    return checkFeatureDetail(await this.get(`/api/admin/projects/${encodeURIComponent(project)}/features/${encodeURIComponent(name)}`, signal), `flag '${name}'`);
  }

  async segments(signal: AbortSignal): Promise<UnleashSegments> {
    return checkSegments(await this.get('/api/admin/segments', signal), 'the segments');
  }

  /** 6.x has no `/api/admin/archive`-style list per project; the search endpoint filters by both. */
  async archivedFeatures(project: string, signal: AbortSignal): Promise<UnleashSearchResult['features']> {
    const found: UnleashSearchResult['features'] = [];
    for (let page = 0; page < maxSearchPages; page++) {
      const query = new URLSearchParams({
        project: `IS:${project}`,
        archived: 'IS:true',
        limit: String(searchPageSize),
        offset: String(page * searchPageSize),
      });
      const result = checkSearch(await this.get(`/api/admin/search/features?${query.toString()}`, signal), `the archived flags of project '${project}'`);
      const features = result.features ?? [];
      found.push(...features);
      if (features.length < searchPageSize || (result.total !== undefined && found.length >= result.total)) break;
    }
    return found;
  }

  /** The project's newest events, up to `max`; `complete` when that is all there is. */
  async projectEvents(project: string, max: number, signal: AbortSignal): Promise<{ events: UnleashEvent[]; complete: boolean }> {
    const events: UnleashEvent[] = [];
    const pageSize = Math.min(max, eventPageSize);
    while (events.length < max) {
      const query = new URLSearchParams({ project: `IS:${project}`, limit: String(pageSize), offset: String(events.length) });
      const result = checkEvents(await this.get(`/api/admin/search/events?${query.toString()}`, signal), `the events of project '${project}'`);
      const page = result.events ?? [];
      events.push(...page);
      if (page.length < pageSize || (result.total !== undefined && events.length >= result.total)) return { events, complete: true };
    }
    return { events, complete: false };
  }

  async setEnabled(project: string, name: string, environment: string, on: boolean, signal: AbortSignal): Promise<void> {
    const path = `/api/admin/projects/${encodeURIComponent(project)}/features/${encodeURIComponent(name)}/environments/${encodeURIComponent(environment)}/${on ? 'on' : 'off'}`;
    await requestJson<unknown>({ method: 'POST', url: this.baseUrl + path, headers: this.headers(), signal, secrets: [this.token], timeoutMs: this.timeoutMs });
  }

  /** Replaces one strategy of a flag in an environment (the whole strategy: Unleash's PUT is not a patch). */
  async updateStrategy(project: string, name: string, environment: string, strategyId: string, strategy: UnleashStrategyWrite, signal: AbortSignal): Promise<void> {
    const path = `${this.strategiesPath(project, name, environment)}/${encodeURIComponent(strategyId)}`;
    await requestJson<unknown>({ method: 'PUT', url: this.baseUrl + path, headers: this.headers(), body: JSON.stringify(strategy), signal, secrets: [this.token], timeoutMs: this.timeoutMs });
  }

  async addStrategy(project: string, name: string, environment: string, strategy: UnleashStrategyWrite, signal: AbortSignal): Promise<void> {
    const path = this.strategiesPath(project, name, environment);
    await requestJson<unknown>({ method: 'POST', url: this.baseUrl + path, headers: this.headers(), body: JSON.stringify(strategy), signal, secrets: [this.token], timeoutMs: this.timeoutMs });
  }

  private strategiesPath(project: string, name: string, environment: string): string {
    return `/api/admin/projects/${encodeURIComponent(project)}/features/${encodeURIComponent(name)}/environments/${encodeURIComponent(environment)}/strategies`;
  }

  private async get(path: string, signal: AbortSignal): Promise<unknown> {
    const response = await requestJson<unknown>({ url: this.baseUrl + path, headers: this.headers(), signal, secrets: [this.token], timeoutMs: this.timeoutMs });
    // An empty 200 is no answer: it must not become a project without flags.
    if (response.body === undefined) throw new FlagLensError('parse', `Unleash returned an unexpected response for ${path.split('?')[0]} (an empty body).`);
    return response.body;
  }

  private headers(): Record<string, string> {
    return { Authorization: this.token, Accept: 'application/json', 'Content-Type': 'application/json' };
  }
}

/** Accepts the UI URL or the API URL people copy (`…/api`, `…/api/`), without a trailing slash. */
export function normalizeBaseUrl(url: string): string {
  return withoutUserinfo(url.trim().replace(/\/+$/, '').replace(/\/api(\/admin)?$/, ''));
}
