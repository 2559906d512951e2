const dayMs = 24 * 60 * 60 * 1000;

/** Whole days from `since` to `now` (rounded down; negative when `since` is in the future). */
export function daysBetween(since: Date, now: Date): number {
  return Math.floor((now.getTime() - since.getTime()) / dayMs);
}

/** True when at least `days` full days separate `since` from `now` (exactly 30 × 24 h counts as 30). */
export function isOlderThan(since: Date, now: Date, days: number): boolean {
  return now.getTime() - since.getTime() >= days * dayMs;
}

/** `2026-10-01`, in UTC so the evidence reads the same on every machine. */
export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `2026-10-01 (51 days ago)`. */
export function describeSince(since: Date, now: Date): string {
  const days = daysBetween(since, now);
  const ago = days < 0 ? 'in the future' : days === 1 ? '1 day ago' : `${days} days ago`;
  return `${formatDay(since)} (${ago})`;
}

/** Dates may arrive revived or as strings (cached snapshots); anything unusable becomes undefined. */
export function asDate(value: Date | string | null | undefined): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
