import type { CliIo, ParsedCommandArgs } from './command';
import { FlagLensError } from '../core/errors';
import type { SourceSecrets } from '../core/sources/createSources';
import type { SourcesConfig } from '../core/sources/sourceConfig';
import { applyTokenDestinations, displayUrl, type TrustedSources, type UserChosenUrls } from '../core/sources/tokenDestinations';

/**
 * Credentials and their destinations for every command that reads a remote source. Tokens come from
 * the environment only; where they may go comes from the user (flags, environment), never from the
 * repository's config unless `--trust-config-urls` says so.
 */

export const trustConfigUrlsOption = { 'trust-config-urls': { type: 'boolean' } } as const;

export const trustConfigUrlsUsage = `  --trust-config-urls  send tokens to the URLs in .flaglens.json even when they differ from
                       FLAGLENS_LAUNCHDARKLY_URL / FLAGLENS_UNLEASH_URL / the vendor's default`;

export const urlEnvironmentVariables = { launchdarkly: 'FLAGLENS_LAUNCHDARKLY_URL', unleash: 'FLAGLENS_UNLEASH_URL' } as const;

export function tokensFromEnvironment(env: NodeJS.ProcessEnv): SourceSecrets {
  return { launchDarklyToken: env.LAUNCHDARKLY_API_TOKEN?.trim() || undefined, unleashToken: env.UNLEASH_API_TOKEN?.trim() || undefined };
}

/** The URLs the user chose: `--url` for the one `--source` named, else the environment variables. */
export function userChosenUrls(env: NodeJS.ProcessEnv, override?: { kind: keyof UserChosenUrls; url: string }): UserChosenUrls {
  const urls: UserChosenUrls = {};
  for (const kind of ['launchdarkly', 'unleash'] as const) {
    const name = urlEnvironmentVariables[kind];
    const value = env[name]?.trim();
    if (value) urls[kind] = checkedUrl(value, name);
  }
  if (override) urls[override.kind] = override.url;
  return urls;
}

/** Applies the token-destination rule to a validated `sources` section and prints one line per URL set aside. */
export function trustedSources(
  command: string,
  sources: SourcesConfig,
  args: ParsedCommandArgs,
  io: CliIo,
  options: { configFile?: string; user?: UserChosenUrls } = {},
): TrustedSources {
  const trusted = applyTokenDestinations(sources, {
    user: options.user ?? userChosenUrls(io.env),
    trustConfigUrls: args.values['trust-config-urls'] === true,
    configFile: options.configFile,
  });
  for (const warning of trusted.warnings) io.stderr(`flaglens ${command}: warning: ${warning}\n`);
  return trusted;
}

export function checkedUrl(value: string, name: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value.replace(/\/+$/, '');
  } catch {
    // fall through
  }
  throw new FlagLensError('usage', `${name} must be an http(s) URL, got '${displayUrl(value) === '(not a valid URL)' ? value.replace(/\/\/[^/@]*@/, '//***@') : displayUrl(value)}'.`);
}
