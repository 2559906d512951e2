import { protectionReason } from '../sources/pollingSource';
import type { EnvironmentInfo } from '../sources/model';
import type { CatalogDefinition } from './model';

/**
 * Why toggling this environment needs explicit opt-in, or undefined for a dev environment. Adds the
 * vendor's comment/approval requirements to the sources' rule: an environment that wants a comment
 * or an approval for every change is treated as production.
 */
export function environmentProtection(
  environmentKey: string,
  environment: EnvironmentInfo | undefined,
  configuredProtected: readonly string[],
): string | undefined {
  const reason = protectionReason(environmentKey, environment, configuredProtected);
  if (reason) return reason;
  if (environment?.requireComments) return 'the source requires a comment for every change';
  if (environment?.approvalsRequired) return 'the source requires approvals for changes';
  return undefined;
}

/** The environment a "Toggle in ‹env›" action targets: the chosen one when it is not protected, else the first dev one. */
export function toggleTarget(
  definition: CatalogDefinition,
  preferredEnvironment: string | undefined,
  configuredProtected: readonly string[],
): EnvironmentInfo | undefined {
  const unprotected = definition.environments.filter(
    (environment) => environmentProtection(environment.key, environment, configuredProtected) === undefined,
  );
  return unprotected.find((environment) => environment.key === preferredEnvironment) ?? unprotected[0];
}
