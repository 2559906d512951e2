import type { EnvironmentInfo } from './model';

/**
 * The one rule for protected environments. An environment is protected when its vendor says so,
 * when the workspace or the user lists it, or when its name looks like production; a false positive
 * costs one confirmation, a false negative can take production down. Every reason is kept as words
 * so the user is told why, never just "protected".
 */

/** Sets `protected` and its reason on an environment a source is building. */
export function withProtection<T extends Pick<EnvironmentInfo, 'key' | 'name'>>(
  environment: T,
  /** The vendor's own reason (critical, change requests…), or undefined when the vendor says nothing. */
  vendorReason: string | undefined,
  configuredProtected: readonly string[],
): T & Pick<EnvironmentInfo, 'protected' | 'protectedBecause'> {
  const reason = vendorReason ?? workspaceReason(environment.key, environment.name, configuredProtected);
  return { ...environment, protected: reason !== undefined, ...(reason ? { protectedBecause: reason } : {}) };
}

/**
 * Why an environment must not be changed without explicit opt-in, or undefined. Uses the reason the
 * source recorded, then the workspace's list and the name, so a rule added after the snapshot was
 * taken (a new setting) still applies.
 */
export function protectionReason(
  environmentKey: string,
  environment: EnvironmentInfo | undefined,
  configuredProtected: readonly string[],
): string | undefined {
  if (environment?.protected) return environment.protectedBecause ?? 'the flag source marks it protected';
  return workspaceReason(environmentKey, environment?.name, configuredProtected);
}

/** `protectionReason` plus the vendor's change requirements: an environment that wants a comment or an approval for every change is treated as production. */
export function environmentProtection(
  environmentKey: string,
  environment: EnvironmentInfo | undefined,
  configuredProtected: readonly string[],
): string | undefined {
  const reason = protectionReason(environmentKey, environment, configuredProtected);
  if (reason) return reason;
  if (environment?.requireComments) return 'the flag source requires a comment for every change';
  if (environment?.approvalsRequired) return 'the flag source requires approvals for changes';
  return undefined;
}

/** The environment a one-click toggle targets: the preferred one when it is not protected, else the first unprotected one. */
export function toggleTarget(
  environments: readonly EnvironmentInfo[],
  preferredEnvironment: string | undefined,
  configuredProtected: readonly string[],
): EnvironmentInfo | undefined {
  const unprotected = environments.filter((environment) => environmentProtection(environment.key, environment, configuredProtected) === undefined);
  return unprotected.find((environment) => environment.key === preferredEnvironment) ?? unprotected[0];
}

/** Every protected-environment name a workspace configures: user settings first, then `.flaglens.json`. */
export function configuredProtectedEnvironments(...lists: readonly (readonly string[] | undefined)[]): string[] {
  return [...new Set(lists.flatMap((list) => list ?? []))];
}

function workspaceReason(key: string, name: string | undefined, configuredProtected: readonly string[]): string | undefined {
  const names = [key, name].filter((n): n is string => !!n);
  const configured = new Set(configuredProtected.map((e) => e.toLowerCase()));
  const listed = names.find((n) => configured.has(n.toLowerCase()));
  if (listed !== undefined) return `'${listed}' is listed in protectedEnvironments`;
  const productionLike = names.find(isProductionLike);
  if (productionLike !== undefined) return `its name '${productionLike}' looks like production`;
  return undefined;
}

const productionWords = new Set(['prod', 'production', 'prd', 'live', 'produktion', 'produccion', 'produção', 'producao']);
const negatingWords = new Set(['pre', 'non', 'not', 'no']);

/**
 * True for names such as "production", "prod", "prd", "live", "prod-eu", "eu_production",
 * "ProdUS", "production2" — and false for "preprod", "pre-prod", "non-prod", "delivery", "staging".
 */
export function isProductionLike(environmentKeyOrName: string): boolean {
  const words = environmentKeyOrName
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .map((w) => w.replace(/\d+$/, ''))
    .filter(Boolean);
  return words.some((word, i) => productionWords.has(word) && !(i > 0 && negatingWords.has(words[i - 1]!)));
}
