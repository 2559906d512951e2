import { defaultLaunchDarklyBaseUrl, type SourcesConfig } from './sourceConfig';

/**
 * Where a token may be sent. A repository's `.flaglens.json` is written by whoever wrote the
 * repository (a pull request, a cloned project), so a URL found there never decides where a
 * credential goes: only a URL the person running Flag Lens chose does (a CLI flag, an environment
 * variable, VS Code user settings), or the vendor's own default host.
 */

export type RemoteSourceKind = 'launchdarkly' | 'unleash';

/** URLs the user chose, by kind; undefined = the user chose none. */
export interface UserChosenUrls {
  launchdarkly?: string;
  unleash?: string;
}

export interface TokenDestinationOptions {
  user: UserChosenUrls;
  /** The user explicitly trusts the repository's URLs (`--trust-config-urls`). */
  trustConfigUrls?: boolean;
  /** Names the file in warnings. */
  configFile?: string;
}

export interface TokenDestination {
  /** Where the token goes; undefined = nowhere (the source must not start). */
  url?: string;
  /** One line for the log when the repository's URL was set aside, or why there is no destination. */
  warning?: string;
}

const vendorDefaults: Record<RemoteSourceKind, string | undefined> = {
  launchdarkly: defaultLaunchDarklyBaseUrl,
  // Unleash is self-hosted: there is no host a token can safely default to.
  unleash: undefined,
};

const userSettingNames: Record<RemoteSourceKind, string> = {
  launchdarkly: 'FLAGLENS_LAUNCHDARKLY_URL (or --url, or flaglens.launchDarkly.baseUrl in VS Code user settings)',
  unleash: 'FLAGLENS_UNLEASH_URL (or --url, or flaglens.unleash.url in VS Code user settings)',
};

const configKeys: Record<RemoteSourceKind, string> = { launchdarkly: 'sources.launchdarkly.baseUrl', unleash: 'sources.unleash.url' };

/** Decides where one source's token may go, from what the repository says and what the user chose. */
export function chooseTokenDestination(kind: RemoteSourceKind, fromConfig: string | undefined, options: TokenDestinationOptions): TokenDestination {
  const chosen = options.user[kind]?.trim() || undefined;
  const fallback = chosen ?? vendorDefaults[kind];
  if (fromConfig === undefined || (fallback !== undefined && sameDestination(fromConfig, fallback))) return { url: fallback };
  if (options.trustConfigUrls) return { url: fromConfig };
  const file = options.configFile ?? '.flaglens.json';
  if (fallback === undefined) {
    return {
      warning: `Ignoring ${configKeys[kind]} (${displayUrl(fromConfig)}) from ${file}: a token is only sent to a URL you chose. Set ${userSettingNames[kind]}, or pass --trust-config-urls.`,
    };
  }
  return {
    url: fallback,
    warning: `Ignoring ${configKeys[kind]} (${displayUrl(fromConfig)}) from ${file}: the token is only sent to ${displayUrl(fallback)} (${chosen ? 'the URL you chose' : "the vendor's default"}). Pass --trust-config-urls to use the file's URL.`,
  };
}

export interface TrustedSources {
  sources: SourcesConfig;
  warnings: string[];
  /** Sources that asked for a destination nobody trusted: they are not started. */
  refused: { kind: RemoteSourceKind; reason: string }[];
}

/** Applies `chooseTokenDestination` to both remote sources of a validated `sources` section. */
export function applyTokenDestinations(sources: SourcesConfig, options: TokenDestinationOptions): TrustedSources {
  const result: SourcesConfig = { ...sources };
  const warnings: string[] = [];
  const refused: TrustedSources['refused'] = [];
  const decide = (kind: RemoteSourceKind, fromConfig: string): string | undefined => {
    const destination = chooseTokenDestination(kind, fromConfig, options);
    if (destination.warning) warnings.push(destination.warning);
    if (!destination.url) refused.push({ kind, reason: destination.warning ?? 'no trusted URL.' });
    return destination.url;
  };
  if (sources.launchdarkly) {
    const baseUrl = decide('launchdarkly', sources.launchdarkly.baseUrl);
    result.launchdarkly = baseUrl ? { ...sources.launchdarkly, baseUrl } : undefined;
  }
  if (sources.unleash) {
    const url = decide('unleash', sources.unleash.url);
    result.unleash = url ? { ...sources.unleash, url } : undefined;
  }
  return { sources: result, warnings, refused };
}

/** Same scheme, host, port and path: a trailing slash or letter case in the host does not make a new destination. */
export function sameDestination(a: string, b: string): boolean {
  const left = normalized(a);
  const right = normalized(b);
  return left !== undefined && left === right;
}

function normalized(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    // Credentials in a URL are part of where the request goes: a different user is a different destination.
    return `${url.protocol}//${url.username}:${url.password}@${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/** A URL fit for a message: the password (if any) hidden, no query or fragment. */
export function displayUrl(value: string): string {
  try {
    const url = new URL(value.trim());
    const user = url.username ? `${url.username}${url.password ? ':***' : ''}@` : '';
    return `${url.protocol}//${user}${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(not a valid URL)';
  }
}
