import type { FlagLensConfig } from '../config/loadConfig';
import type { DeclaredSources } from './sourceConfig';
import type { Logger } from '../log';
import { displayUrl, sameDestination } from './tokenDestinations';

/** User-level (application-scoped) settings: the only place a token destination may come from. */
export interface UserSourceSettings {
  readonly launchDarklyBaseUrl: string;
  readonly unleashUrl: string;
  readonly protectedEnvironments: readonly string[];
  readonly pollIntervalSeconds: number;
}

/** Folder-level choices that do not decide where a token goes. */
export interface FolderSourceSettings {
  readonly launchDarklyProject: string;
  readonly launchDarklyEnvironments: readonly string[];
  readonly unleashProject: string;
  readonly unleashEnvironments: readonly string[];
}

/**
 * The `sources` section the extension hands to `createSources`, with the security rules applied:
 * where a token is sent comes only from user (application-scoped) settings, never from a
 * repository's `.flaglens.json`; an untrusted workspace gets the local flagd source only.
 */
export function effectiveSourceConfig(
  config: FlagLensConfig,
  settings: UserSourceSettings,
  folder: FolderSourceSettings,
  trusted: boolean,
  logger: Logger,
  /** The folder has flagd files the default discovery would find. */
  flagdFilesFound = false,
): FlagLensConfig {
  const declared: DeclaredSources = config.sources ?? {};
  const sources: DeclaredSources = {};
  if (declared.flagd !== undefined) sources.flagd = declared.flagd;
  const protectedEnvironments = [...new Set([...(declared.protectedEnvironments ?? []), ...settings.protectedEnvironments])];
  if (protectedEnvironments.length > 0) sources.protectedEnvironments = protectedEnvironments;
  sources.pollIntervalSeconds = declared.pollIntervalSeconds ?? settings.pollIntervalSeconds;

  if (trusted) {
    const launchDarkly = declared.launchdarkly ?? {};
    const ldProject = folder.launchDarklyProject || launchDarkly.project || '';
    if (ldProject) {
      if (launchDarkly.baseUrl !== undefined && !sameDestination(launchDarkly.baseUrl, settings.launchDarklyBaseUrl)) {
        logger.warn(`Ignoring launchdarkly.baseUrl (${displayUrl(launchDarkly.baseUrl)}) from ${config.file ?? '.flaglens.json'}: the token is only sent to flaglens.launchDarkly.baseUrl from user settings (${displayUrl(settings.launchDarklyBaseUrl)}).`);
      }
      sources.launchdarkly = {
        project: ldProject,
        environments: folder.launchDarklyEnvironments.length > 0 ? [...folder.launchDarklyEnvironments] : [...(launchDarkly.environments ?? [])],
        baseUrl: settings.launchDarklyBaseUrl,
      };
    }
    const unleash = declared.unleash;
    // A server URL in user settings alone connects nothing: the folder or its config must ask for a project.
    const unleashConfigured = unleash !== undefined || folder.unleashProject !== '';
    if (unleashConfigured) {
      const workspaceUrl = unleash?.url;
      if (!settings.unleashUrl) {
        if (workspaceUrl) logger.warn(`Unleash is configured in ${config.file ?? '.flaglens.json'} (${displayUrl(workspaceUrl)}) but flaglens.unleash.url is not set in user settings; run "Flag Lens: Connect Unleash…" to confirm the server.`);
      } else {
        if (workspaceUrl && !sameDestination(workspaceUrl, settings.unleashUrl)) {
          logger.warn(`Ignoring unleash.url (${displayUrl(workspaceUrl)}) from ${config.file ?? '.flaglens.json'}: the token is only sent to flaglens.unleash.url from user settings (${displayUrl(settings.unleashUrl)}).`);
        }
        sources.unleash = {
          url: settings.unleashUrl,
          project: folder.unleashProject || unleash?.project || 'default',
          environments: folder.unleashEnvironments.length > 0 ? [...folder.unleashEnvironments] : [...(unleash?.environments ?? [])],
        };
      }
    }
  } else if (declared.launchdarkly !== undefined || declared.unleash !== undefined) {
    logger.info('Workspace is not trusted: remote flag sources are off; only local flagd files are read.');
  }
  // Naming any source switches the default flagd discovery off. A connection made in settings must
  // not make the workspace's own flag files disappear, so keep them explicitly.
  const remoteFromSettingsOnly = declared.launchdarkly === undefined && declared.unleash === undefined && (sources.launchdarkly !== undefined || sources.unleash !== undefined);
  if (remoteFromSettingsOnly && declared.flagd === undefined && flagdFilesFound) sources.flagd = {};
  return { ...config, sources };
}
