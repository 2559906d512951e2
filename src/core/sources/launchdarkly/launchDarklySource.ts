import { loadOptionalExtra } from '../optionalExtra';
import type { EnvironmentEvidence } from '../../evidence/model';
import { fetchLaunchDarklyEvidence } from '../../evidence/launchDarklyEvidence';
import { editorWaitLimits } from '../waitLimits';
import type { FeatureFlag, FlagStatusRep } from 'launchdarkly-api-typescript';
import { FlagLensError } from '../../errors';
import type { Logger } from '../../log';
import type { FlagDefinition, FlagSnapshot, RolloutRequest, SourceProblem, ToggleRequest, UnreleaseRequest } from '../model';
import { rolloutInstructions, unreleaseInstructions } from './launchDarklyRollout';
import { PollingSource } from '../pollingSource';
import type { SnapshotCache } from '../snapshotCache';
import { flagKeyFromStatus, LaunchDarklyClient, maxEnvironmentsPerRequest, type SemanticInstruction, type SemanticPatch } from './launchDarklyClient';
import { resolveEnvironments } from './launchDarklyEnvironments';
import { flagFromLaunchDarkly, variationsOf, type LaunchDarklyMappingContext } from './launchDarklyFlags';
import { defaultRetryPolicy, type RetryPolicy } from './retryPolicy';
import { mapWithConcurrency } from '../../util/mapWithConcurrency';
import { hasUserinfo, headerValueProblem } from '../http';
import { mapReply, ReplyShape } from '../replyShape';
import type { WaitLimits } from '../waitLimits';

export interface LaunchDarklySourceOptions {
  token: string;
  project: string;
  /** Environment keys; all of the project's when empty. */
  environments: string[];
  baseUrl?: string;
  pollIntervalMs?: number;
  cache?: SnapshotCache;
  logger?: Logger;
  protectedEnvironments?: string[];
  now?: () => Date;
  timeoutMs?: number;
  /** Retry tuning (tests shorten the 5xx backoff). */
  retry?: Partial<RetryPolicy>;
  /** Default `editorWaitLimits`; the CLI passes `cliWaitLimits`. */
  waits?: WaitLimits;
}

const defaultPollIntervalMs = 60_000;
const statusConcurrency = 3;

/**
 * LaunchDarkly through REST API v2: environments (with their protections), flags with per-environment
 * configs in batches of three environments, evaluation statuses per environment, and on/off toggles
 * as semantic patches.
 */
export class LaunchDarklySource extends PollingSource {
  private readonly client: LaunchDarklyClient;
  private readonly project: string;
  private readonly wantedEnvironments: readonly string[];
  private readonly hasToken: boolean;
  private readonly tokenProblem: string | undefined;
  private readonly urlHasUserinfo: boolean;
  /** The last fetch's flags as LaunchDarkly sent them: rollouts need variation ids the model does not keep. */
  private rawFlags = new Map<string, FeatureFlag>();
  /** The evidence fetcher's reads go to the same server with the same token, timeout and retry bounds as the client's. */
  private readonly token: string;
  private readonly timeoutMs: number | undefined;
  private readonly retry: Partial<RetryPolicy>;

  constructor(options: LaunchDarklySourceOptions) {
    const client = new LaunchDarklyClient({ token: options.token, baseUrl: options.baseUrl, timeoutMs: options.timeoutMs, retry: options.retry, waits: options.waits });
    super({
      id: `launchdarkly:${client.baseUrl}#${options.project}`,
      kind: 'launchdarkly',
      label: `LaunchDarkly: ${options.project}`,
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
    this.hasToken = options.token.trim() !== '';
    this.tokenProblem = headerValueProblem(options.token);
    this.urlHasUserinfo = hasUserinfo(options.baseUrl);
    this.token = options.token;
    this.timeoutMs = options.timeoutMs;
    const maxRetryAfterMs = Math.min(options.retry?.maxRateLimitWaitMs ?? defaultRetryPolicy.maxRateLimitWaitMs, (options.waits ?? editorWaitLimits).maxRetryAfterMs);
    this.retry = { ...options.retry, maxRateLimitWaitMs: maxRetryAfterMs };
  }

  /** Usage counts per variation (see `fetchLaunchDarklyEvidence`); variation names come from the last snapshot. */
  async evidence(key: string, environments: readonly string[], signal: AbortSignal): Promise<Record<string, EnvironmentEvidence>> {
    this.checkConfig();
    const raw = this.rawFlags.get(key);
    const variationNames = raw ? variationsOf(raw).map((v) => v.name) : (this.snapshot?.flags.find((f) => f.key === key)?.variations.map((v) => v.name) ?? []);
    const endpoint = { baseUrl: this.client.baseUrl, token: this.token, retry: this.retry, ...(this.timeoutMs === undefined ? {} : { timeoutMs: this.timeoutMs }) };
    const evidence = await fetchLaunchDarklyEvidence(endpoint, this.id, { project: this.project, key, environments, variationNames }, signal, () => this.now());
    return evidence.environments;
  }

  protected async fetchSnapshot(signal: AbortSignal): Promise<FlagSnapshot> {
    this.checkConfig();
    const problems: SourceProblem[] = [];
    const environments = resolveEnvironments(this.project, await this.client.environments(this.project, signal), this.wantedEnvironments, this.configuredProtected);
    const keys = environments.map((e) => e.key);

    // One pass per batch of ≤ 3 environments; flags are merged by key across batches.
    const merged = new Map<string, FeatureFlag>();
    const batches: string[][] = [];
    for (let i = 0; i < keys.length; i += maxEnvironmentsPerRequest) batches.push(keys.slice(i, i + maxEnvironmentsPerRequest));
    // A project without environments still has flags worth listing.
    if (batches.length === 0) batches.push([]);
    for (const batch of batches) {
      for (const flag of await this.client.flags(this.project, batch, signal)) {
        const known = merged.get(flag.key);
        if (known) known.environments = { ...known.environments, ...flag.environments };
        else merged.set(flag.key, { ...flag, environments: { ...flag.environments } });
      }
    }

    const statuses = new Map<string, Map<string, FlagStatusRep>>();
    // A few at a time: a project with many environments must not trip the rate limit in one burst.
    await mapWithConcurrency(
      keys,
      statusConcurrency,
      async (environment) => {
        const items = await loadOptionalExtra('LaunchDarkly', `flag statuses for '${environment}'`, problems, () => this.client.flagStatuses(this.project, environment, signal));
        const byKey = new Map<string, FlagStatusRep>();
        for (const item of items ?? []) {
          const key = flagKeyFromStatus(item);
          if (key) byKey.set(key, item);
        }
        statuses.set(environment, byKey);
      },
      signal,
    );
    const archived = await loadOptionalExtra('LaunchDarkly', 'archived flags', problems, () => this.client.archivedFlags(this.project, signal));

    this.rawFlags = merged;
    const variationNames = new Map([...merged.values()].map((flag) => [flag.key, variationsOf(flag).map((v) => v.name)]));
    const context: LaunchDarklyMappingContext = {
      baseUrl: this.client.baseUrl,
      project: this.project,
      environments,
      statuses,
      otherFlagVariation: (key, index) => variationNames.get(key)?.[index],
    };
    const flags: FlagDefinition[] = mapReply(new ReplyShape('LaunchDarkly', `the flags of project '${this.project}'`), () => {
      const mapped = [...merged.values()].map((flag) => flagFromLaunchDarkly(flag, context));
      for (const flag of archived ?? []) {
        if (!merged.has(flag.key)) mapped.push(flagFromLaunchDarkly({ ...flag, archived: true, environments: {} }, context));
      }
      return mapped;
    });
    return { sourceId: this.id, flags, environments, fetchedAt: this.now(), ...(problems.length ? { problems } : {}) };
  }

  protected async applyToggle(request: ToggleRequest, signal: AbortSignal): Promise<void> {
    await this.sendPatch(request, [{ kind: request.on ? 'turnFlagOn' : 'turnFlagOff' }], `turn '${request.key}' ${request.on ? 'on' : 'off'}`, signal);
  }

  /** The default rule becomes an on/off percentage rollout (see `rolloutInstructions`). */
  protected override async applyRollout(request: RolloutRequest, signal: AbortSignal): Promise<void> {
    const flag = await this.rawFlag(request.key, request.environment, signal);
    await this.sendPatch(request, rolloutInstructions(flag, request.environment, request.percent), `change the rollout of '${request.key}'`, signal);
  }

  /** Targeting off with the off variation served (see `unreleaseInstructions`). */
  protected override async applyUnrelease(request: UnreleaseRequest, signal: AbortSignal): Promise<void> {
    const flag = await this.rawFlag(request.key, request.environment, signal);
    await this.sendPatch(request, unreleaseInstructions(flag, request.environment), `un-release '${request.key}'`, signal);
  }

  /** The flag as LaunchDarkly last sent it (variation ids, the fallthrough's bucketing); read again when only the cache had it. */
  private async rawFlag(key: string, environment: string, signal: AbortSignal): Promise<FeatureFlag> {
    this.checkConfig();
    let flag = this.rawFlags.get(key);
    if (!flag?.environments?.[environment]) {
      flag = (await this.client.flags(this.project, [environment], signal)).find((f) => f.key === key);
    }
    if (!flag) throw new FlagLensError('notFound', `LaunchDarkly has no flag '${key}' in project '${this.project}'.`);
    return flag;
  }

  private async sendPatch(request: { key: string; environment: string; comment?: string }, instructions: SemanticInstruction[], what: string, signal: AbortSignal): Promise<void> {
    this.checkConfig();
    const environment = this.snapshot?.environments.find((e) => e.key === request.environment);
    const comment = request.comment?.trim();
    if (environment?.requireComments && !comment) {
      throw new FlagLensError('usage', `LaunchDarkly requires a comment for changes in '${environment.name}'; give one with the change.`);
    }
    const body: SemanticPatch = {
      environmentKey: request.environment,
      ...(comment ? { comment } : {}),
      instructions,
    };
    try {
      await this.client.semanticPatch(this.project, request.key, body, signal);
    } catch (error) {
      if (FlagLensError.is(error) && error.status === 405) {
        throw new FlagLensError('approvalRequired', `LaunchDarkly requires an approved change request to ${what} in '${request.environment}'; request approval in LaunchDarkly.`, {
          status: 405,
          cause: error,
        });
      }
      throw error;
    }
  }

  private checkConfig(): void {
    if (!this.hasToken) throw new FlagLensError('invalidConfig', 'No LaunchDarkly API access token: the CLI reads LAUNCHDARKLY_API_TOKEN, the editor keeps it in its secret storage.');
    // Refused before any request: Node's own header error would quote the token.
    if (this.tokenProblem) throw new FlagLensError('invalidConfig', `The LaunchDarkly access token contains ${this.tokenProblem}, which cannot be sent in an HTTP header; set it again.`);
    if (this.urlHasUserinfo) throw new FlagLensError('invalidConfig', 'The LaunchDarkly base URL contains a user name or password; remove it (the token is sent in a header).');
    if (!this.project.trim()) throw new FlagLensError('invalidConfig', 'No LaunchDarkly project configured (sources.launchdarkly.project).');
  }

}
