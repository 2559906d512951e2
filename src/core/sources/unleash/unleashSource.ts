import { loadOptionalExtra } from '../optionalExtra';
import type { EnvironmentEvidence } from '../../evidence/model';
import { fetchUnleashEvidence } from '../../evidence/unleashEvidence';
import { FlagLensError } from '../../errors';
import type { Logger } from '../../log';
import type { FlagDefinition, FlagSnapshot, RolloutRequest, SourceProblem, ToggleRequest, UnreleaseRequest } from '../model';
import { planUnleashRollout } from './unleashRollout';
import { PollingSource } from '../pollingSource';
import type { SnapshotCache } from '../snapshotCache';
import { UnleashClient } from './unleashClient';
import { ChangeHistory } from './unleashHistory';
import { resolveEnvironments } from './unleashEnvironments';
import { archivedFlagFromUnleash, flagFromUnleash, segmentIdsIn, type UnleashMappingContext } from './unleashFlags';
import { mapWithConcurrency } from '../../util/mapWithConcurrency';
import { hasUserinfo, headerValueProblem } from '../http';
import { mapReply, ReplyShape } from '../replyShape';
import type { WaitLimits } from '../waitLimits';

export interface UnleashSourceOptions {
  token: string;
  url: string;
  project: string;
  environments?: string[];
  pollIntervalMs?: number;
  cache?: SnapshotCache;
  logger?: Logger;
  protectedEnvironments?: string[];
  now?: () => Date;
  /** Per request; default 15 s. */
  timeoutMs?: number;
  /** Per-flag detail requests in flight at once; default 6 (a self-hosted server is often small). */
  concurrency?: number;
  /** Default `editorWaitLimits`; the CLI passes `cliWaitLimits`. */
  waits?: WaitLimits;
}

const defaultPollIntervalMs = 60_000;
const defaultConcurrency = 6;
/** Two pages of the event log per refresh; older changes are reported as "at least this old". */
const maxHistoryEvents = 1000;
/** Far beyond any real project; bounds the per-flag detail requests of one refresh. */
const maxFlags = 20_000;

/**
 * Unleash through its Admin API: the project's flags with per-environment strategies (one detail
 * request per flag, a few at a time), archived flags via search, toggles per environment.
 */
export class UnleashSource extends PollingSource {
  private readonly client: UnleashClient;
  private readonly project: string;
  private readonly wantedEnvironments: readonly string[];
  private readonly concurrency: number;
  private readonly hasToken: boolean;
  private readonly tokenProblem: string | undefined;
  private readonly urlHasUserinfo: boolean;
  /** The evidence fetcher's reads go to the same server with the same token and timeout as the client's. */
  private readonly token: string;
  private readonly timeoutMs: number | undefined;

  constructor(options: UnleashSourceOptions) {
    const client = new UnleashClient(options.url, options.token, options.timeoutMs);
    super({
      id: `unleash:${client.baseUrl}#${options.project}`,
      kind: 'unleash',
      label: `Unleash: ${options.project}`,
      pollIntervalMs: options.pollIntervalMs ?? defaultPollIntervalMs,
      cache: options.cache,
      logger: options.logger,
      now: options.now,
      protectedEnvironments: options.protectedEnvironments,
      secrets: options.token ? [options.token] : [],
      waits: options.waits,
    });
    this.client = client;
    this.project = options.project;
    this.wantedEnvironments = options.environments ?? [];
    this.concurrency = Math.max(1, options.concurrency ?? defaultConcurrency);
    this.hasToken = options.token.trim() !== '';
    this.tokenProblem = headerValueProblem(options.token);
    this.urlHasUserinfo = hasUserinfo(options.url);
    this.token = options.token;
    this.timeoutMs = options.timeoutMs;
  }

  /** Raw client metrics per environment (see `fetchUnleashEvidence`); one set of reads answers every environment. */
  async evidence(key: string, environments: readonly string[], signal: AbortSignal): Promise<Record<string, EnvironmentEvidence>> {
    this.checkConfig();
    const endpoint = { baseUrl: this.client.baseUrl, token: this.token, ...(this.timeoutMs === undefined ? {} : { timeoutMs: this.timeoutMs }) };
    return (await fetchUnleashEvidence(endpoint, this.id, key, environments, signal, () => this.now())).environments;
  }

  protected async fetchSnapshot(signal: AbortSignal): Promise<FlagSnapshot> {
    this.checkConfig();
    const problems: SourceProblem[] = [];
    const [projectInfo, instanceEnvironments, list, archived, events] = await Promise.all([
      this.client.project(this.project, signal),
      loadOptionalExtra('Unleash', 'environment types', problems, async () => (await this.client.environments(signal)).environments),
      this.client.features(this.project, signal),
      loadOptionalExtra('Unleash', 'archived flags', problems, () => this.client.archivedFeatures(this.project, signal)),
      loadOptionalExtra('Unleash', 'change history', problems, () => this.client.projectEvents(this.project, maxHistoryEvents, signal)),
    ]);
    const shape = new ReplyShape('Unleash', `the flags of project '${this.project}'`);
    const environments = mapReply(shape, () => resolveEnvironments({
      project: this.project,
      projectInfo,
      instanceEnvironments,
      features: list.features ?? [],
      wanted: this.wantedEnvironments,
      configuredProtected: this.configuredProtected,
    }));
    const features = list.features ?? [];
    // One detail request per flag: a reply listing millions must not become millions of requests.
    if (features.length > maxFlags) throw shape.error(`${features.length} flags, more than the ${maxFlags} Flag Lens reads`);
    const details = await mapWithConcurrency(features, this.concurrency, (feature) => this.client.feature(this.project, feature.name, signal), signal);
    const segmentIds = mapReply(shape, () => segmentIdsIn(details));
    const segments = new Map<number, string>();
    if (segmentIds.length) {
      const known = await loadOptionalExtra('Unleash', 'segment names', problems, async () => (await this.client.segments(signal)).segments);
      for (const segment of known ?? []) segments.set(segment.id, segment.name);
    }
    const flags: FlagDefinition[] = mapReply(shape, () => {
      const history = events ? new ChangeHistory(events.events, events.complete) : ChangeHistory.empty();
      const context: UnleashMappingContext = { baseUrl: this.client.baseUrl, project: this.project, environments, segments, history };
      const mapped = features.map((feature, i) => flagFromUnleash(feature, details[i], context));
      const active = new Set(mapped.map((f) => f.key));
      for (const item of archived ?? []) {
        // A name can be reused after archiving; the live flag wins.
        if (!active.has(item.name)) mapped.push(archivedFlagFromUnleash(item, context));
      }
      return mapped;
    });
    return { sourceId: this.id, flags, environments, fetchedAt: this.now(), ...(problems.length ? { problems } : {}) };
  }

  protected async applyToggle(request: ToggleRequest, signal: AbortSignal): Promise<void> {
    this.checkConfig();
    if (request.comment) this.logger.debug(`${this.label}: Unleash takes no comment on a toggle; '${request.key}' is changed without one.`);
    await this.client.setEnabled(this.project, request.key, request.environment, request.on, signal);
  }

  /** The rollout parameter of the environment's gradual rollout for everyone (see `planUnleashRollout`). */
  protected override async applyRollout(request: RolloutRequest, signal: AbortSignal): Promise<void> {
    this.checkConfig();
    // Read just before writing: a PUT replaces the whole strategy, so it must start from the current one.
    const detail = await this.client.feature(this.project, request.key, signal);
    const environment = detail.environments?.find((e) => e.name === request.environment);
    if (!environment) throw new FlagLensError('notFound', `Unleash has no environment '${request.environment}' for '${request.key}'.`);
    const plan = planUnleashRollout(request.key, request.environment, environment.strategies ?? [], request.percent);
    if (plan.kind === 'update') await this.client.updateStrategy(this.project, request.key, request.environment, plan.id, plan.strategy, signal);
    else await this.client.addStrategy(this.project, request.key, request.environment, plan.strategy, signal);
  }

  /** Unleash's own "nobody": the flag is disabled in the environment; its strategies stay for the next release. */
  protected override async applyUnrelease(request: UnreleaseRequest, signal: AbortSignal): Promise<void> {
    this.checkConfig();
    await this.client.setEnabled(this.project, request.key, request.environment, false, signal);
  }

  private checkConfig(): void {
    if (!this.hasToken) throw new FlagLensError('invalidConfig', 'No Unleash API token: the CLI reads UNLEASH_API_TOKEN, the editor keeps it in its secret storage.');
    // Refused before any request: Node's own header error would quote the token.
    if (this.tokenProblem) throw new FlagLensError('invalidConfig', `The Unleash API token contains ${this.tokenProblem}, which cannot be sent in an HTTP header; set it again.`);
    if (this.urlHasUserinfo) throw new FlagLensError('invalidConfig', 'The Unleash URL contains a user name or password; remove it (the token is sent in a header).');
    if (!this.project.trim()) throw new FlagLensError('invalidConfig', 'No Unleash project configured (sources.unleash.project).');
  }

}
