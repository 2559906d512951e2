import type { EnvironmentInfo } from './model';

/**
 * Why an environment must not be changed without explicit opt-in, or undefined. The vendor's own
 * flag, the workspace's list and production-like names each suffice: a false positive costs one
 * confirmation, a false negative can take production down.
 */
export function protectionReason(
  environmentKey: string,
  environment: EnvironmentInfo | undefined,
  configuredProtected: readonly string[],
): string | undefined {
  if (environment?.protected) return 'the source marks it protected';
  const names = [environmentKey, environment?.name].filter((n): n is string => !!n);
  const configured = new Set(configuredProtected.map((e) => e.toLowerCase()));
  if (names.some((n) => configured.has(n.toLowerCase()))) return 'it is listed in protectedEnvironments';
  if (names.some(isProductionLike)) return 'it looks like production';
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
