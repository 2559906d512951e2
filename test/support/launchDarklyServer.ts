// A local stand-in for the LaunchDarkly REST API v2 on 127.0.0.1: it serves the documented response
// shapes (typed with launchdarkly-api-typescript, so drift from the real API is a compile error),
// records every request, and has knobs for the failures a real account produces.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Environment, Environments, FeatureFlag, FeatureFlagConfig, FeatureFlags, FeatureFlagStatuses, FlagStatusRep, SeriesListRep } from 'launchdarkly-api-typescript';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export interface ScriptedResponse {
  status: number;
  /** Wait this long before answering (timeouts, cancellation). */
  delayMs?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface LaunchDarklyServerState {
  token: string;
  project: string;
  environments: Environment[];
  /** Each flag carries configs for every environment; the server returns only the requested ones. */
  flags: FeatureFlag[];
  /** environment key → flag key → status. */
  statuses?: Record<string, Record<string, Pick<FlagStatusRep, 'name' | 'lastRequested'>>>;
  /**
   * environment key → flag key → evaluations the SDKs reported, for the usage API to bucket. Without
   * it the usage API is not served (404), as for the tests written before the route existed.
   */
  evaluations?: Record<string, Record<string, LaunchDarklyEvaluations[]>>;
}

/** Evaluations at one moment: `counts[i]` is how many served variation `i` (LaunchDarkly's index). */
export interface LaunchDarklyEvaluations {
  at: number;
  counts: number[];
}

/** The semantic patch instructions the server understands, as LaunchDarkly documents their parameters. */
interface SemanticInstructionBody {
  kind?: string;
  variationId?: unknown;
  rolloutWeights?: unknown;
  rolloutBucketBy?: unknown;
  rolloutContextKind?: unknown;
}

/** What the real API refuses, so the client's batching and paging are checked, not assumed. */
export const serverLimits = { maxEnvironments: 3, maxLimit: 100 };

export class LaunchDarklyTestServer {
  readonly requests: RecordedRequest[] = [];
  /** Page size the server uses when smaller than the requested `limit` (forces pagination). */
  pageSize = serverLimits.maxLimit;
  /** `flag/env` pairs whose toggles need approval (PATCH → 405). */
  readonly approvalRequired = new Set<string>();
  private readonly scripts: { match: (r: RecordedRequest) => boolean; responses: ScriptedResponse[] }[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly state: LaunchDarklyServerState,
  ) {}

  static async start(state: LaunchDarklyServerState): Promise<LaunchDarklyTestServer> {
    const holder: { instance?: LaunchDarklyTestServer } = {};
    const server = createServer((request, response) => {
      void holder.instance!.handle(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.instance = new LaunchDarklyTestServer(server, `http://127.0.0.1:${port}`, state);
    return holder.instance;
  }

  /** The next matching requests get these responses, in order, before normal handling resumes. */
  script(match: (request: RecordedRequest) => boolean, ...responses: ScriptedResponse[]): void {
    this.scripts.push({ match, responses });
  }

  requestsTo(pathPrefix: string, method = 'GET'): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', this.url);
    const recorded: RecordedRequest = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
    this.requests.push(recorded);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
      response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      response.end(body === undefined ? '' : JSON.stringify(body));
    };

    const script = this.scripts.find((s) => s.responses.length > 0 && s.match(recorded));
    if (script) {
      const scripted = script.responses.shift()!;
      if (scripted.delayMs) await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
      if (response.destroyed || request.socket.destroyed) return;
      send(scripted.status, scripted.body, scripted.headers);
      return;
    }
    if (request.headers.authorization !== this.state.token) {
      send(401, { code: 'unauthorized', message: 'Invalid access token' });
      return;
    }
    const project = encodeURIComponent(this.state.project);
    let match: RegExpExecArray | null;
    // The usage API is beta: LaunchDarkly answers 403 to a call without `LD-API-Version: beta`.
    if (this.state.evaluations && (match = /^\/api\/v2\/usage\/evaluations\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname)) && recorded.method === 'GET') {
      if (request.headers['ld-api-version'] !== 'beta') return send(403, { code: 'forbidden', message: 'This is a beta resource: pass the header LD-API-Version: beta' });
      if (match[1] !== project) return send(404, { code: 'not_found', message: 'Unknown project' });
      return this.evaluationsUsage(decodeURIComponent(match[2]!), decodeURIComponent(match[3]!), url, send);
    }
    if (request.headers['ld-api-version'] === undefined) {
      send(400, { code: 'invalid_request', message: 'LD-API-Version header missing' });
      return;
    }
    if (recorded.method === 'GET' && url.pathname === `/api/v2/projects/${project}/environments`) return send(200, this.environmentsPage(url));
    if (recorded.method === 'GET' && url.pathname === `/api/v2/flags/${project}`) return this.flagsPage(url, send);
    if (recorded.method === 'GET' && (match = /^\/api\/v2\/flag-statuses\/([^/]+)\/([^/]+)$/.exec(url.pathname)) && match[1] === project) {
      return send(200, this.statusesOf(decodeURIComponent(match[2]!)));
    }
    if (recorded.method === 'GET' && (match = /^\/api\/v2\/flag-status\/([^/]+)\/([^/]+)$/.exec(url.pathname)) && match[1] === project) {
      return send(200, this.statusAcrossEnvironments(decodeURIComponent(match[2]!), url.searchParams.getAll('env')));
    }
    if (recorded.method === 'PATCH' && (match = /^\/api\/v2\/flags\/([^/]+)\/([^/]+)$/.exec(url.pathname)) && match[1] === project) {
      return this.patch(decodeURIComponent(match[2]!), recorded, send);
    }
    send(404, { code: 'not_found', message: 'Unknown resource' });
  }

  private environmentsPage(url: URL): Environments {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 20), this.pageSize);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const items = this.state.environments.slice(offset, offset + limit);
    const links: Environments['_links'] = { self: { href: `${url.pathname}${url.search}`, type: 'application/json' } };
    if (offset + limit < this.state.environments.length) {
      links.next = { href: `${url.pathname}?limit=${limit}&offset=${offset + limit}`, type: 'application/json' };
    }
    return { items, totalCount: this.state.environments.length, _links: links };
  }

  private flagsPage(url: URL, send: (status: number, body?: unknown) => void): void {
    const environments = url.searchParams.getAll('env');
    const limit = Number(url.searchParams.get('limit') ?? 20);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    if (environments.length > serverLimits.maxEnvironments) return send(400, { code: 'invalid_request', message: `at most ${serverLimits.maxEnvironments} env filters` });
    if (limit > serverLimits.maxLimit) return send(400, { code: 'invalid_request', message: `limit must be ≤ ${serverLimits.maxLimit}` });
    const archived = url.searchParams.get('filter') === 'state:archived';
    const summary = url.searchParams.get('summary') !== '0';
    const matching = this.state.flags.filter((f) => f.archived === archived);
    const pageSize = Math.min(limit, this.pageSize);
    const items = matching.slice(offset, offset + pageSize).map((flag): FeatureFlag => {
      const configs: Record<string, FeatureFlagConfig> = {};
      // Per-environment configs only come back with an env filter and summary=0.
      if (!summary) for (const env of environments) if (flag.environments?.[env]) configs[env] = flag.environments[env];
      const { environments: _all, ...rest } = flag;
      return environments.length ? { ...rest, environments: configs } : rest;
    });
    const links: FeatureFlags['_links'] = { self: { href: `${url.pathname}${url.search}`, type: 'application/json' } };
    if (offset + pageSize < matching.length) {
      const next = new URLSearchParams(url.searchParams);
      next.set('limit', String(pageSize));
      next.set('offset', String(offset + pageSize));
      links.next = { href: `${url.pathname}?${next.toString()}`, type: 'application/json' };
    }
    const body: FeatureFlags = { items, totalCount: matching.length, _links: links };
    send(200, body);
  }

  /** `GET /api/v2/flag-status/{project}/{flag}`: one flag's status in each environment (`env` filters). */
  private statusAcrossEnvironments(key: string, only: readonly string[]): { key: string; environments: Record<string, unknown>; _links: Record<string, unknown> } {
    const environments: Record<string, unknown> = {};
    for (const [environment, statuses] of Object.entries(this.state.statuses ?? {})) {
      const status = statuses[key];
      if (status && (only.length === 0 || only.includes(environment))) environments[environment] = status;
    }
    return { key, environments, _links: { self: { href: `/api/v2/flag-status/${this.state.project}/${encodeURIComponent(key)}`, type: 'application/json' } } };
  }

  /**
   * `GET /api/v2/usage/evaluations/{project}/{env}/{flag}`: a `SeriesListRep` whose points carry
   * `time` and one column per variation (`0`, `1`…), described in `metadata`. As LaunchDarkly
   * documents it: `from` defaults to 30 days ago and `to` to now; a range starting within the past
   * two hours is answered by the minute, within two days by the hour, else by the (UTC) day. Every
   * bucket of the range is listed, with zeros where nothing was evaluated.
   */
  private evaluationsUsage(environment: string, key: string, url: URL, send: (status: number, body?: unknown) => void): void {
    const flag = this.state.flags.find((f) => f.key === key);
    if (!flag || !this.state.environments.some((e) => e.key === environment)) return send(404, { code: 'not_found', message: 'Unknown flag or environment' });
    const now = Date.now();
    const time = (name: string, fallback: number): number | undefined => {
      const raw = url.searchParams.get(name);
      if (raw === null) return fallback;
      const value = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
      return Number.isFinite(value) ? value : undefined;
    };
    const from = time('from', now - 30 * 86_400_000);
    const to = time('to', now);
    if (from === undefined || to === undefined || from > to) return send(400, { code: 'invalid_request', message: 'Invalid from/to' });
    const width = from >= now - 2 * 3_600_000 ? 60_000 : from >= now - 2 * 86_400_000 ? 3_600_000 : 86_400_000;
    const variations = (flag.variations ?? []).length;
    const buckets = new Map<number, number[]>();
    for (let start = Math.floor(from / width) * width; start <= to; start += width) buckets.set(start, new Array<number>(variations).fill(0));
    for (const reported of this.state.evaluations?.[environment]?.[key] ?? []) {
      if (reported.at < from || reported.at > to) continue;
      const bucket = buckets.get(Math.floor(reported.at / width) * width)!;
      reported.counts.forEach((count, index) => {
        if (index < variations) bucket[index]! += count;
      });
    }
    const series = [...buckets].map(([start, counts]) => Object.fromEntries([['time', start], ...counts.map((count, index) => [String(index), count])]) as Record<string, number>);
    const body: SeriesListRep = {
      _links: { self: { href: `${url.pathname}${url.search}`, type: 'application/json' } },
      metadata: (flag.variations ?? []).map((_, index) => ({ key: String(index), variation: index })),
      series,
    };
    send(200, body);
  }

  private statusesOf(environment: string): FeatureFlagStatuses {
    const statuses = this.state.statuses?.[environment] ?? {};
    const items: FlagStatusRep[] = Object.entries(statuses).map(([key, status]) => ({
      ...status,
      _links: {
        parent: { href: `/api/v2/flags/${this.state.project}/${encodeURIComponent(key)}`, type: 'application/json' },
        self: { href: `/api/v2/flag-statuses/${this.state.project}/${environment}/${encodeURIComponent(key)}`, type: 'application/json' },
      },
    }));
    return { items, _links: { self: { href: `/api/v2/flag-statuses/${this.state.project}/${environment}`, type: 'application/json' } } };
  }

  private patch(key: string, recorded: RecordedRequest, send: (status: number, body?: unknown) => void): void {
    const flag = this.state.flags.find((f) => f.key === key);
    if (!flag) return send(404, { code: 'not_found', message: 'Unknown flag' });
    if (recorded.headers['content-type'] !== 'application/json; domain-model=launchdarkly.semanticpatch') {
      return send(400, { code: 'invalid_request', message: 'Expected a semantic patch content type' });
    }
    let patch: { environmentKey?: string; comment?: string; instructions?: SemanticInstructionBody[] };
    try {
      patch = JSON.parse(recorded.body) as typeof patch;
    } catch {
      return send(400, { code: 'invalid_request', message: 'Body is not JSON' });
    }
    const config = patch.environmentKey ? flag.environments?.[patch.environmentKey] : undefined;
    if (!config) return send(400, { code: 'invalid_request', message: 'Unknown environmentKey' });
    if (this.approvalRequired.has(`${key}/${patch.environmentKey}`)) {
      return send(405, { code: 'method_not_allowed', message: 'Approval is required to make changes in this environment' });
    }
    const environment = this.state.environments.find((e) => e.key === patch.environmentKey);
    if (environment?.requireComments && !patch.comment) return send(400, { code: 'invalid_request', message: 'A comment is required' });
    // Validate every instruction before applying any: LaunchDarkly applies a semantic patch all or nothing.
    const indexOf = (id: unknown): number => (typeof id === 'string' ? (flag.variations ?? []).findIndex((v) => v._id === id) : -1);
    const changes: (() => void)[] = [];
    for (const instruction of patch.instructions ?? []) {
      if (instruction.kind === 'turnFlagOn') changes.push(() => (config.on = true));
      else if (instruction.kind === 'turnFlagOff') changes.push(() => (config.on = false));
      else if (instruction.kind === 'updateOffVariation') {
        const index = indexOf(instruction.variationId);
        if (index < 0) return send(400, { code: 'invalid_request', message: 'Unknown variationId' });
        changes.push(() => (config.offVariation = index));
      } else if (instruction.kind === 'updateFallthroughVariationOrRollout') {
        const weights = instruction.rolloutWeights;
        if (weights !== undefined && instruction.variationId !== undefined) return send(400, { code: 'invalid_request', message: 'Give variationId or rolloutWeights, not both' });
        if (weights !== undefined) {
          const entries = typeof weights === 'object' && weights !== null ? Object.entries(weights) : [];
          if (entries.some(([id, weight]) => indexOf(id) < 0 || !Number.isInteger(weight) || (weight as number) < 0)) return send(400, { code: 'invalid_request', message: 'Invalid rolloutWeights' });
          if (entries.reduce((sum, [, weight]) => sum + (weight as number), 0) !== 100000) return send(400, { code: 'invalid_request', message: 'rolloutWeights must sum to 100000' });
          const rollout = {
            variations: entries.map(([id, weight]) => ({ variation: indexOf(id), weight: weight as number })),
            ...(typeof instruction.rolloutBucketBy === 'string' ? { bucketBy: instruction.rolloutBucketBy } : {}),
            ...(typeof instruction.rolloutContextKind === 'string' ? { contextKind: instruction.rolloutContextKind } : {}),
          };
          changes.push(() => (config.fallthrough = { rollout }));
        } else {
          const index = indexOf(instruction.variationId);
          if (index < 0) return send(400, { code: 'invalid_request', message: 'Unknown variationId' });
          changes.push(() => (config.fallthrough = { variation: index }));
        }
      } else return send(400, { code: 'invalid_request', message: `Unsupported instruction ${String(instruction.kind)}` });
    }
    for (const change of changes) change();
    config.version++;
    config.lastModified = Date.now();
    flag._version++;
    send(200, flag);
  }
}

// Fixture builders: every required field of the vendor types is filled, so they stay honest.

export function ldEnvironment(key: string, overrides: Partial<Environment> = {}): Environment {
  return {
    _links: { self: { href: `/api/v2/projects/p/environments/${key}`, type: 'application/json' } },
    _id: `env-${key}`,
    key,
    name: key[0]!.toUpperCase() + key.slice(1),
    apiKey: `sdk-${key}-redacted`,
    mobileKey: `mob-${key}-redacted`,
    color: '417505',
    defaultTtl: 0,
    secureMode: false,
    defaultTrackEvents: false,
    requireComments: false,
    confirmChanges: false,
    tags: [],
    critical: false,
    ...overrides,
  };
}

export function ldFlagConfig(environment: string, overrides: Partial<FeatureFlagConfig> = {}): FeatureFlagConfig {
  return {
    on: false,
    archived: false,
    salt: 'salt',
    sel: 'sel',
    lastModified: Date.UTC(2026, 10, 1),
    version: 1,
    targets: [],
    contextTargets: [],
    rules: [],
    fallthrough: { variation: 0 },
    offVariation: 1,
    prerequisites: [],
    _site: { href: `/default/${environment}/features/flag`, type: 'text/html' },
    _environmentName: environment,
    trackEvents: false,
    trackEventsFallthrough: false,
    ...overrides,
  };
}

export function ldFlag(key: string, environments: Record<string, Partial<FeatureFlagConfig>>, overrides: Partial<FeatureFlag> = {}): FeatureFlag {
  const configs: Record<string, FeatureFlagConfig> = {};
  for (const [env, config] of Object.entries(environments)) {
    configs[env] = ldFlagConfig(env, { _site: { href: `/default/${env}/features/${key}`, type: 'text/html' }, ...config });
  }
  return {
    name: key,
    kind: 'boolean',
    key,
    _version: 1,
    creationDate: Date.UTC(2026, 0, 15),
    variations: [
      { _id: 'v-true', value: true },
      { _id: 'v-false', value: false },
    ],
    temporary: true,
    tags: [],
    _links: { self: { href: `/api/v2/flags/default/${key}`, type: 'application/json' } },
    experiments: { baselineIdx: 0, items: [] },
    customProperties: {},
    archived: false,
    environments: configs,
    ...overrides,
  };
}
