/**
 * When this extension host activated Flag Lens, so the log can say how long the first lens and the
 * full index took from there (the E2E suite reads these lines). `performance.now()` counts from the
 * extension host's start.
 */
let activatedAt: number | undefined;
/** The extension host's resident memory when Flag Lens activated: what the index adds is measured from it. */
let rssAtActivation: number | undefined;
/** The extension host's live JavaScript heap then: RSS keeps pages V8 has freed, this does not. */
let heapAtActivation: number | undefined;

export function markActivation(at: number): void {
  activatedAt ??= at;
  rssAtActivation ??= process.memoryUsage.rss();
  heapAtActivation ??= process.memoryUsage().heapUsed;
}

/** Milliseconds since activation began (since the host started, if activation was never marked). */
export function msSinceActivation(): number {
  return Math.round(performance.now() - (activatedAt ?? 0));
}

/** `rss 412 MB (+96 MB since activation), heap 150 MB (+60 MB)`: the extension host's memory, for the startup log lines. */
export function rssSinceActivation(): string {
  const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
  const growth = (now: number, then: number) => `${now >= then ? '+' : '-'}${mb(Math.abs(now - then))} MB`;
  const { rss, heapUsed } = process.memoryUsage();
  if (rssAtActivation === undefined || heapAtActivation === undefined) return `rss ${mb(rss)} MB (activation not marked), heap ${mb(heapUsed)} MB`;
  return `rss ${mb(rss)} MB (${growth(rss, rssAtActivation)} since activation), heap ${mb(heapUsed)} MB (${growth(heapUsed, heapAtActivation)})`;
}
