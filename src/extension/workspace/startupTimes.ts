/**
 * When this extension host activated Flag Lens, so the log can say how long the first lens and the
 * full index took from there (the E2E suite reads these lines). `performance.now()` counts from the
 * extension host's start.
 */
let activatedAt: number | undefined;

export function markActivation(at: number): void {
  activatedAt ??= at;
}

/** Milliseconds since activation began (since the host started, if activation was never marked). */
export function msSinceActivation(): number {
  return Math.round(performance.now() - (activatedAt ?? 0));
}
