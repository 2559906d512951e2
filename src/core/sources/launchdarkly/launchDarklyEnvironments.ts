import type { Environment } from 'launchdarkly-api-typescript';
import { FlagLensError } from '../../errors';
import type { EnvironmentInfo } from '../model';
import { withProtection } from '../protection';

/**
 * The configured environments (all of the project's when none are configured), each protected when
 * LaunchDarkly itself guards it — critical, confirm-changes, required comments or approvals — or when
 * the workspace lists it or its name looks like production.
 */
export function resolveEnvironments(project: string, available: readonly Environment[], wanted: readonly string[], configuredProtected: readonly string[]): EnvironmentInfo[] {
  const byKey = new Map(available.map((e) => [e.key, e]));
  if (wanted.length) {
    const missing = wanted.filter((key) => !byKey.has(key));
    if (missing.length) {
      throw new FlagLensError(
        'invalidConfig',
        `LaunchDarkly project '${project}' has no environment ${missing.map((m) => `'${m}'`).join(', ')} (it has ${available.map((e) => `'${e.key}'`).join(', ') || 'none'}).`,
      );
    }
  }
  const keys = wanted.length ? [...new Set(wanted)] : available.map((e) => e.key);
  return keys.map((key) => {
    const environment = byKey.get(key)!;
    // Newer accounts keep flag approvals per resource kind; older ones in approvalSettings.
    const approvalsRequired = environment.approvalSettings?.required === true || environment.resourceApprovalSettings?.flag?.required === true;
    const vendorReason =
      environment.critical === true ? 'LaunchDarkly marks it critical'
      : approvalsRequired ? 'LaunchDarkly requires approvals for changes'
      : environment.requireComments === true ? 'LaunchDarkly requires a comment for every change'
      : environment.confirmChanges === true ? 'LaunchDarkly asks to confirm every change'
      : undefined;
    return {
      ...withProtection({ key, name: environment.name || key }, vendorReason, configuredProtected),
      ...(environment.requireComments ? { requireComments: true } : {}),
      ...(approvalsRequired ? { approvalsRequired: true } : {}),
    };
  });
}
