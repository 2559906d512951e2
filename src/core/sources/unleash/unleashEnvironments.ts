import { FlagLensError } from '../../errors';
import type { EnvironmentInfo } from '../model';
import { withProtection } from '../protection';
import type { UnleashEnvironment, UnleashFeatureListItem, UnleashProject } from './unleashTypes';

export interface EnvironmentInputs {
  project: string;
  projectInfo: UnleashProject;
  /** From `/api/admin/environments`; undefined when the token may not read it. */
  instanceEnvironments: readonly UnleashEnvironment[] | undefined;
  features: readonly UnleashFeatureListItem[];
  /** Configured subset; all of the project's environments when empty. */
  wanted: readonly string[];
  configuredProtected: readonly string[];
}

/**
 * The project's environments in Unleash's sort order, each protected when Unleash types it
 * `production` (or the workspace lists it, or its name looks like production). A configured
 * environment the project does not have is a configuration error, not an empty column.
 */
export function resolveEnvironments(inputs: EnvironmentInputs): EnvironmentInfo[] {
  const enabledInProject = (inputs.projectInfo.environments ?? []).map((e) => (typeof e === 'string' ? e : e.environment));
  const typeOf = new Map<string, string>();
  const order = new Map<string, number>();
  const approvals = new Set<string>();
  for (const feature of inputs.features) {
    for (const environment of feature.environments ?? []) if (environment.type) typeOf.set(environment.name, environment.type);
  }
  for (const environment of inputs.instanceEnvironments ?? []) {
    if (environment.type) typeOf.set(environment.name, environment.type);
    if (environment.sortOrder !== undefined) order.set(environment.name, environment.sortOrder);
    // Enterprise change requests: a direct toggle will be refused there.
    if ((environment.requiredApprovals ?? 0) > 0) approvals.add(environment.name);
  }
  let keys = enabledInProject.length ? enabledInProject : [...typeOf.keys()];
  keys = [...keys].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  if (inputs.wanted.length) {
    const missing = inputs.wanted.filter((w) => !keys.includes(w));
    if (missing.length) {
      throw new FlagLensError(
        'invalidConfig',
        `Unleash project '${inputs.project}' has no environment ${missing.map((m) => `'${m}'`).join(', ')} (it has ${keys.map((k) => `'${k}'`).join(', ') || 'none'}).`,
      );
    }
    keys = inputs.wanted.slice();
  }
  return keys.map((key) => {
    const type = typeOf.get(key);
    const vendorReason = type === 'production' ? "its Unleash type is 'production'" : approvals.has(key) ? 'Unleash requires change requests here' : undefined;
    return {
      ...withProtection({ key, name: key }, vendorReason, inputs.configuredProtected),
      ...(approvals.has(key) ? { approvalsRequired: true } : {}),
    };
  });
}
