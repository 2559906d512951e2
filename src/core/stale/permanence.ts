import type { FlagDefinition } from '../sources/model';

const permanentTypes = new Set(['kill-switch', 'operational', 'permission']);

/** Vendors spell types `kill-switch`, `kill_switch`, `Kill Switch`, `killswitch`: one spelling. */
export function normalizeFlagType(type: string | undefined): string | undefined {
  if (!type) return undefined;
  const spaced = type.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return spaced === 'killswitch' ? 'kill-switch' : spaced;
}

/**
 * Permanent flags (kill switches, operational, permission, LaunchDarkly `temporary: false`) live
 * as long as the product; no rule ever suggests removing them from code.
 */
export function permanenceReason(flag: FlagDefinition): string | undefined {
  const type = normalizeFlagType(flag.type);
  if (type && permanentTypes.has(type)) return `permanent flag (type ${type})`;
  if (flag.temporary === false) return 'permanent flag (not temporary)';
  return undefined;
}
