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
/** The heap V8 had committed then, and memory outside it (buffers): with the code TypeScript compiles to, the rest of RSS. */
let committedAtActivation: number | undefined;
let externalAtActivation: number | undefined;

export function markActivation(at: number): void {
  activatedAt ??= at;
  rssAtActivation ??= process.memoryUsage.rss();
  const memory = process.memoryUsage();
  heapAtActivation ??= memory.heapUsed;
  committedAtActivation ??= memory.heapTotal;
  externalAtActivation ??= memory.external;
}

/** Milliseconds since activation began (since the host started, if activation was never marked). */
export function msSinceActivation(): number {
  return Math.round(performance.now() - (activatedAt ?? 0));
}

/**
 * `rss 412 MB (+96 MB since activation), heap 150 MB (+60 MB); committed heap 190 MB (+80 MB),
 * external +2 MB`: the extension host's memory, for the startup log lines.
 */
export function rssSinceActivation(): string {
  const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
  const growth = (now: number, then: number) => `${now >= then ? '+' : '-'}${mb(Math.abs(now - then))} MB`;
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  if (rssAtActivation === undefined || heapAtActivation === undefined || committedAtActivation === undefined || externalAtActivation === undefined) {
    return `rss ${mb(rss)} MB (activation not marked), heap ${mb(heapUsed)} MB`;
  }
  return `rss ${mb(rss)} MB (${growth(rss, rssAtActivation)} since activation), heap ${mb(heapUsed)} MB (${growth(heapUsed, heapAtActivation)}); committed heap ${mb(heapTotal)} MB (${growth(heapTotal, committedAtActivation)}), external ${growth(external, externalAtActivation)}`;
}
