/** A build's phases, in wall-clock milliseconds; the parse of files read for the analysis is apart from the analysis. */
export interface BuildTimings {
  discoverMs: number;
  /** Reading every script and its prefilter signals. */
  readMs: number;
  parseMs: number;
  analysisMs: number;
  textFallbackMs: number;
}

/**
 * Where an index build's time goes: wall clock and process CPU at the end of each phase, and the
 * time spent in TypeScript's parser (read from the workspace) so the analysis can be told apart.
 */
export class BuildClock {
  private readonly started = performance.now();
  private readonly cpuStart = process.cpuUsage();
  private discovered = 0;
  private cpuDiscovered = 0;
  private read = 0;
  private cpuRead = 0;
  private parseMsAtRead = 0;
  private analyzed = 0;

  constructor(
    /** Milliseconds in the parser so far. */
    private readonly parseMs: () => number,
  ) {}

  private cpuSinceStart(): number {
    const used = process.cpuUsage(this.cpuStart);
    return Math.round((used.user + used.system) / 1000);
  }

  discoveryDone(): void {
    this.discovered = performance.now();
    this.cpuDiscovered = this.cpuSinceStart();
  }

  readDone(): void {
    this.read = performance.now();
    this.cpuRead = this.cpuSinceStart();
    this.parseMsAtRead = this.parseMs();
  }

  analysisDone(): void {
    this.analyzed = performance.now();
  }

  /** Milliseconds since the build started. */
  elapsedMs(): number {
    return Math.round(performance.now() - this.started);
  }

  /** The phases once the text fallback is done too, with the log line that gives them and the CPU. */
  finish(): { timings: BuildTimings; parseMs: number; logLine: string } {
    const now = performance.now();
    const ms = (from: number, to: number) => Math.round(to - from);
    const parseMs = this.parseMs() - this.parseMsAtRead;
    const timings: BuildTimings = {
      discoverMs: ms(this.started, this.discovered),
      readMs: ms(this.discovered, this.read),
      parseMs: Math.round(parseMs),
      analysisMs: Math.round(this.analyzed - this.read - parseMs),
      textFallbackMs: ms(this.analyzed, now),
    };
    const logLine =
      `Index CPU ${this.cpuSinceStart()} ms (discover ${this.cpuDiscovered}, read ${this.cpuRead - this.cpuDiscovered}); ` +
      `wall: discover ${timings.discoverMs} ms, read ${timings.readMs} ms, prefilter+parse+analyze ${ms(this.read, this.analyzed)} ms, text fallback ${timings.textFallbackMs} ms`;
    return { timings, parseMs, logLine };
  }
}
