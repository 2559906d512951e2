/**
 * When this extension host activated Flag Lens, so the log can say how long the first lens and the
 * full index took from there (the E2E suite reads these lines). `performance.now()` counts from the
 * extension host's start.
 */
let activatedAt: number | undefined;
/** The extension host's resident memory when Flag Lens activated: what the index adds is measured from it. */
let rssAtActivation: number | undefined;

export function markActivation(at: number): void {
  activatedAt ??= at;
  rssAtActivation ??= process.memoryUsage.rss();
}

/** Milliseconds since activation began (since the host started, if activation was never marked). */
export function msSinceActivation(): number {
  return Math.round(performance.now() - (activatedAt ?? 0));
}

/** `rss 412 MB (+96 MB since activation)`: the extension host's memory, for the startup log lines. */
export function rssSinceActivation(): string {
  const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
  const now = process.memoryUsage.rss();
  return `rss ${mb(now)} MB (${rssAtActivation === undefined ? 'activation not marked' : `${now >= rssAtActivation ? '+' : '-'}${mb(Math.abs(now - rssAtActivation))} MB since activation`})`;
}
