import type { FlagLensConfig } from '../config/model';
import { throwIfAborted } from '../errors';
import { silentLogger, type Logger } from '../log';
import { discoverFlagdFiles } from './flagd/discoverFlagdFiles';
import { FlagdSource } from './flagd/flagdSource';
import type { FlagSource } from './model';
import { SnapshotCache } from './snapshotCache';
import { hasConfiguredSources, validateSourcesConfig, type SourceConfigProblem, type SourcesConfig } from './sourceConfig';
import { LaunchDarklySource } from './launchdarkly/launchDarklySource';
import { UnleashSource } from './unleash/unleashSource';
import { headerValueProblem } from './http';
import type { WaitLimits } from './waitLimits';

/** Tokens come from the caller's secure storage (extension) or environment (CLI), never from config files. */
export interface SourceSecrets {
  launchDarklyToken?: string;
  unleashToken?: string;
}

export interface CreateSourcesOptions {
  root: string;
  config: FlagLensConfig;
  secrets: SourceSecrets;
  /** Per-workspace folder for the last-good snapshots; no disk cache without it. */
  cacheDir?: string;
  logger?: Logger;
  signal?: AbortSignal;
  /** False in untrusted workspaces: only the local flagd files. Default true. */
  allowRemote?: boolean;
  /** How long remote sources may wait on a server; default `editorWaitLimits`, the CLI passes `cliWaitLimits`. */
  waits?: WaitLimits;
  /** What default flagd discovery finds, when the caller already walked the folder for it. */
  flagdFiles?: readonly string[];
}

/** A source that was configured but could not be created, and why (missing token, bad config). */
export interface SkippedSource {
  kind: 'flagd' | 'launchdarkly' | 'unleash';
  reason: string;
}

export interface CreatedSources {
  sources: FlagSource[];
  problems: SourceConfigProblem[];
  skipped: SkippedSource[];
}

/**
 * The sources a workspace folder asks for. Without a `sources` section the flagd files in the
 * folder are discovered (the embedded default); remote sources need their token and `allowRemote`.
 * Nothing here throws for a bad entry: it is logged and skipped, the rest still works.
 */
export async function createSources(options: CreateSourcesOptions): Promise<FlagSource[]> {
  const logger = options.logger ?? silentLogger;
  const created = await createSourcesDetailed(options);
  for (const problem of created.problems) logger.warn(`${problem.file}:${problem.line + 1}: ${problem.message}`);
  for (const skipped of created.skipped) logger.warn(`Source ${skipped.kind} not started: ${skipped.reason}`);
  return created.sources;
}

/** Like `createSources`, also returning config problems and skipped sources for callers that report them (CLI). */
export async function createSourcesDetailed(options: CreateSourcesOptions): Promise<CreatedSources> {
  const { config, problems } = validateSourcesConfig(options.config.sources, { file: options.config.file });
  const created = await createSourcesFromConfig({ ...options, sources: config });
  return { ...created, problems };
}

/** Builds sources from an already validated section (the CLI assembles one from its options). */
export async function createSourcesFromConfig(
  options: Omit<CreateSourcesOptions, 'config'> & { sources: SourcesConfig },
): Promise<Omit<CreatedSources, 'problems'>> {
  const logger = options.logger ?? silentLogger;
  const { sources: config } = options;
  const sources: FlagSource[] = [];
  const skipped: SkippedSource[] = [];
  const cache = options.cacheDir ? new SnapshotCache(options.cacheDir, logger) : undefined;
  const pollIntervalMs = config.pollIntervalSeconds * 1000;
  const protectedEnvironments = config.protectedEnvironments;
  const allowRemote = options.allowRemote !== false;

  if (config.flagd !== false) {
    if (config.flagd) {
      sources.push(new FlagdSource({ root: options.root, patterns: config.flagd.files, logger, protectedEnvironments, trusted: allowRemote }));
    } else if (!hasConfiguredSources(config) || !allowRemote) {
      // The embedded default: only when the folder actually has flag files, so a repo without any shows nothing.
      // Walked with the source's own trust rule (no link out of the folder when untrusted), so the source may start from this list.
      const files = options.flagdFiles ?? (await discoverFlagdFiles({ root: options.root, logger, signal: options.signal, followLinksOutside: allowRemote }));
      throwIfAborted(options.signal);
      if (files.length > 0) sources.push(new FlagdSource({ root: options.root, logger, protectedEnvironments, trusted: allowRemote, initialFiles: files }));
    }
  }

  if (config.launchdarkly) {
    const token = options.secrets.launchDarklyToken?.trim();
    if (!allowRemote) skipped.push({ kind: 'launchdarkly', reason: 'remote sources are disabled for this workspace (untrusted).' });
    else if (!token) skipped.push({ kind: 'launchdarkly', reason: 'no LaunchDarkly access token is set.' });
    else if (headerValueProblem(token)) skipped.push({ kind: 'launchdarkly', reason: unsendableToken('LaunchDarkly access token', token) });
    else {
      sources.push(
        new LaunchDarklySource({
          token,
          project: config.launchdarkly.project,
          environments: config.launchdarkly.environments,
          baseUrl: config.launchdarkly.baseUrl,
          pollIntervalMs,
          cache,
          logger,
          protectedEnvironments,
          waits: options.waits,
        }),
      );
    }
  }

  if (config.unleash) {
    const token = options.secrets.unleashToken?.trim();
    if (!allowRemote) skipped.push({ kind: 'unleash', reason: 'remote sources are disabled for this workspace (untrusted).' });
    else if (!token) skipped.push({ kind: 'unleash', reason: 'no Unleash API token is set.' });
    else if (headerValueProblem(token)) skipped.push({ kind: 'unleash', reason: unsendableToken('Unleash API token', token) });
    else {
      sources.push(
        new UnleashSource({
          token,
          url: config.unleash.url,
          project: config.unleash.project,
          environments: config.unleash.environments,
          pollIntervalMs,
          cache,
          logger,
          protectedEnvironments,
          waits: options.waits,
        }),
      );
    }
  }
  return { sources, skipped };
}

/** Never quotes the token: Node's own header error would. */
function unsendableToken(what: string, token: string): string {
  return `the ${what} contains ${headerValueProblem(token)}, which cannot be sent in an HTTP header; set it again.`;
}
