import type { UnleashHarness } from '../../../scripts/unleash/unleashHarness';

let current: UnleashHarness | undefined;

export function setHarness(harness: UnleashHarness | undefined): void {
  current = harness;
}

/** The one real Unleash server the root hook started for this run. */
export function unleash(): UnleashHarness {
  if (!current) throw new Error('The Unleash harness is not running (the root hook in hooks.ts failed or did not run).');
  return current;
}
