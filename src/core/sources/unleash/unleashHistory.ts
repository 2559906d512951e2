import type { UnleashEvent } from './unleashTypes';

/**
 * When each flag last changed, per environment, from the project's recent events (newest first).
 * Unleash has no "last modified" on a flag; its event log does. Only a window of recent events is
 * read, so for anything not in it the answer is the window's oldest event: "unchanged since at least
 * then" — never later than the truth, so a stale-flag age is never overstated.
 */
export class ChangeHistory {
  private readonly byEnvironment = new Map<string, number>();
  private readonly byFlag = new Map<string, number>();
  private readonly horizon: number | undefined;

  /** `complete`: the window holds the project's whole history. */
  constructor(
    events: readonly UnleashEvent[],
    private readonly complete: boolean,
  ) {
    let oldest: number | undefined;
    for (const event of events) {
      const at = Date.parse(event.createdAt);
      if (Number.isNaN(at)) continue;
      oldest = oldest === undefined ? at : Math.min(oldest, at);
      if (!event.featureName) continue;
      bump(this.byFlag, event.featureName, at);
      if (event.environment) bump(this.byEnvironment, `${event.featureName}\u0000${event.environment}`, at);
    }
    this.horizon = oldest;
  }

  static empty(): ChangeHistory {
    return new ChangeHistory([], false);
  }

  /** Last change of the flag in one environment (or anywhere, without one). */
  lastChange(flag: string, environment: string | undefined, createdAt: Date | undefined): Date | undefined {
    const seen = environment === undefined ? this.byFlag.get(flag) : this.byEnvironment.get(`${flag}\u0000${environment}`);
    if (seen !== undefined) return new Date(seen);
    const created = createdAt?.getTime();
    // Created inside the window (or the window is everything) and no change since: creation is the last change.
    if (created !== undefined && (this.complete || (this.horizon !== undefined && created >= this.horizon))) return new Date(created);
    if (this.horizon !== undefined && !this.complete) return new Date(this.horizon);
    return undefined;
  }
}

function bump(map: Map<string, number>, key: string, at: number): void {
  const known = map.get(key);
  if (known === undefined || at > known) map.set(key, at);
}
