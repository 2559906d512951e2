import type { RepoIndexResult, RepoParseOnlyResult } from './repoPhases';

import type { CleanupPhaseResult, OpenFileResult } from './extraPhases';

export const repoTargets = { wholeProcessRatio: 0.8, wholeProcessGoal: 0.5, firstLensMs: 3000, cleanupTimeRatio: 1.0, cleanupRssRatio: 1.2 };

export interface ProcessFigures {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
}

/** Figures another part of the bench fills in (null until then), so the JSON keeps one shape. */
export interface RepoHooks {
  /** Time until the references of one chosen file are ready, the editor's open-file-first path (`--open`). */
  openFile: (OpenFileResult & { peakRssMb: number }) | null;
  /** Cleanup of one chosen flag (plan + verification, no write) vs a full `tsc --noEmit` of the same tree (`--cleanup`). */
  cleanup: (CleanupPhaseResult & { peakRssMb: number; tsc: ProcessFigures & { tsconfig: string; exitCode: number | null; errors: number }; fullCheck: (ProcessFigures & { errors: number }) | null }) | null;
}

export interface RepoFigures extends RepoHooks {
  root: string;
  /** What the folder is (a commit given with --label, or the folder's own git HEAD). */
  label: string;
  code: string;
  load: { start: number; end: number; cores: number };
  repeat: number;
  scripts: number;
  index: RepoIndexResult & { peakRssMb: number };
  parseOnly: RepoParseOnlyResult & { peakRssMb: number };
  cli: ProcessFigures & { astReferences: number; textReferences: number; dynamic: number; digest: string; filesParsed: number };
  parseOnlyProcess: ProcessFigures;
  /** The first scan of this build, before V8's code cache of the CLI exists (`cli` is the best of the runs after it). */
  cliFirstRun: ProcessFigures;
  /** `node <cli> --version` and `node -e "require(typescript)"`: how much of each process is start-up. */
  startup: { cli: ProcessFigures; typescript: ProcessFigures };
  cliFile: string;
}

const round = (value: number, digits = 1): number => (Number.isFinite(value) ? Number(value.toFixed(digits)) : NaN);
const ms = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'n/a');
const mb = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(0)} MB` : 'n/a');
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');

function row(label: string, value: string, target = '', status = '', note = ''): string {
  return `${label.padEnd(34)}${value.padStart(12)}   ${target.padEnd(10)}${status.padEnd(7)}${note}`;
}

/** The table for one repository, then its JSON line. */
export function formatRepoReport(f: RepoFigures): string[] {
  const lines: string[] = [];
  const wholeRatio = f.cli.wallMs / f.parseOnlyProcess.wallMs;
  const wholeCpuRatio = f.cli.cpuMs / f.parseOnlyProcess.cpuMs;
  const inRatio = f.index.wallMs / f.parseOnly.ms;
  const inCpuRatio = f.index.cpuMs / f.parseOnly.cpuMs;
  const parsedPct = (100 * f.index.stats.filesParsed) / Math.max(1, f.scripts);
  lines.push(`Flag Lens benchmark, real repository: ${f.root} (${f.label})`);
  lines.push(`code: ${f.code}; CLI measured: ${f.cliFile}`);
  const busiest = Math.max(f.load.start, f.load.end);
  lines.push(`machine: ${f.load.cores} cores, load average ${f.load.start.toFixed(1)} at start, ${f.load.end.toFixed(1)} at end${busiest > f.load.cores * 1.5 ? ' (BUSY: wall-clock figures are inflated; compare the cpu figures)' : ''}`);
  lines.push(
    `scripts the scan considers: ${f.scripts} (${(f.parseOnly.bytes / 1048576).toFixed(1)} MiB); parsed by the scan: ${f.index.stats.filesParsed} (${parsedPct.toFixed(1)} %); ` +
      `references: ${f.index.astReferences} from code, ${f.index.textReferences} text matches, ${f.index.dynamic} dynamic; ${f.index.skipped} skipped`,
  );
  for (const line of f.index.buildLog) lines.push(`index log: ${line}`);
  if (f.cli.digest !== f.index.digest) lines.push(`note: the CLI reported other references than the in-process index (digest ${f.cli.digest} vs ${f.index.digest}; the CLI also text-matches keys of local flagd files)`);
  lines.push('');
  lines.push(row('figure (wall clock)', 'value', 'target', 'result', `notes (cpu = user+system of that process${f.repeat > 1 ? `; best of ${f.repeat} runs each` : ''})`));
  lines.push(row('scan, whole CLI process', ms(f.cli.wallMs), '', '', `cpu ${ms(f.cli.cpuMs)}; node <cli> scan <dir> --format json, start-up included, with the CLI's code cache; peak RSS ${mb(f.cli.maxRssMb)}`));
  lines.push(row('parse-only, whole process', ms(f.parseOnlyProcess.wallMs), '', '', `cpu ${ms(f.parseOnlyProcess.cpuMs)}; node + TypeScript, read + createSourceFile of all ${f.scripts} scripts; peak RSS ${mb(f.parseOnlyProcess.maxRssMb)}`));
  lines.push(row('scan / parse-only, whole process', `${wholeRatio.toFixed(3)}×`, `≤ ${repoTargets.wholeProcessRatio}×`, verdict(wholeRatio <= repoTargets.wholeProcessRatio), `by cpu ${wholeCpuRatio.toFixed(3)}× ${verdict(wholeCpuRatio <= repoTargets.wholeProcessRatio)}; goal beyond this target ≤ ${repoTargets.wholeProcessGoal}×`));
  const firstRatio = f.cliFirstRun.wallMs / f.parseOnlyProcess.wallMs;
  const firstCpuRatio = f.cliFirstRun.cpuMs / f.parseOnlyProcess.cpuMs;
  lines.push(row('  first run (no code cache yet)', `${firstRatio.toFixed(3)}×`, `≤ ${repoTargets.wholeProcessRatio}×`, verdict(firstRatio <= repoTargets.wholeProcessRatio), `by cpu ${firstCpuRatio.toFixed(3)}× ${verdict(firstCpuRatio <= repoTargets.wholeProcessRatio)}; ${ms(f.cliFirstRun.wallMs)}, cpu ${ms(f.cliFirstRun.cpuMs)}, V8's cache of the CLI written at its exit; one run`));
  lines.push(row('  start-up in those', ms(f.startup.cli.wallMs), '', '', `cpu ${ms(f.startup.cli.cpuMs)} for node <cli> --version; node + require(typescript): ${ms(f.startup.typescript.wallMs)}, cpu ${ms(f.startup.typescript.cpuMs)}`));
  lines.push(row('source discovery ms', ms(f.index.sourceDiscoveryMs), '', '', `default flagd discovery before the index, as flaglens scan runs it: ${f.index.flagFiles} flag file(s); the index reuses its walk`));
  lines.push(row('cold index, in process', ms(f.index.wallMs), '', '', `cpu ${ms(f.index.cpuMs)}; config + ReferenceIndex.build (discovery, prefilter, parse, analysis); peak RSS ${mb(f.index.peakRssMb)}`));
  const t = f.index.timings;
  if (t) {
    lines.push(
      row('  where its time goes', '', '', '', `walk ${ms(t.discoverMs)}, read + prefilter ${ms(t.readMs)}, parse ${ms(t.parseMs)} (${f.index.stats.filesParsed} files), analysis ${ms(t.analysisMs)}, text fallback ${ms(t.textFallbackMs)}; garbage collection ${ms(f.index.gcMs)} in ${f.index.gcCount} pauses within those`),
    );
  }
  const checker = f.index.typeChecker;
  lines.push(row('  type checker in that', ms(checker.ms), '', '', `${checker.queries} receiver(s) asked, ${checker.clients} SDK client(s) found, ${checker.programs} program(s) built`));
  lines.push(row('parse-only, in process', ms(f.parseOnly.ms), '', '', `cpu ${ms(f.parseOnly.cpuMs)}; the same files, TypeScript already loaded`));
  lines.push(row('cold index / parse-only, in process', `${inRatio.toFixed(3)}×`, '', '', `by cpu ${inCpuRatio.toFixed(3)}×: the work itself, start-up left out`));
  lines.push(...openFileRows(f));
  lines.push(...cleanupRows(f));
  lines.push('');
  lines.push(
    JSON.stringify({
      mode: 'repo',
      repo: f.label,
      scripts: f.scripts,
      filesParsed: f.index.stats.filesParsed,
      references: f.index.astReferences + f.index.textReferences,
      dynamic: f.index.dynamic,
      referencesDigest: f.cli.digest,
      cliScanMs: round(f.cli.wallMs),
      cliScanCpuMs: round(f.cli.cpuMs),
      parseOnlyProcessMs: round(f.parseOnlyProcess.wallMs),
      parseOnlyProcessCpuMs: round(f.parseOnlyProcess.cpuMs),
      ratioWholeProcess: round(wholeRatio, 3),
      ratioWholeProcessCpu: round(wholeCpuRatio, 3),
      cliFirstRun: { ms: round(f.cliFirstRun.wallMs), cpuMs: round(f.cliFirstRun.cpuMs), ratio: round(f.cliFirstRun.wallMs / f.parseOnlyProcess.wallMs, 3), ratioCpu: round(f.cliFirstRun.cpuMs / f.parseOnlyProcess.cpuMs, 3) },
      sourceDiscoveryMs: round(f.index.sourceDiscoveryMs),
      coldIndexMs: round(f.index.wallMs),
      coldIndexPhasesMs: f.index.timings ? { ...f.index.timings, gc: round(f.index.gcMs), gcPauses: f.index.gcCount } : null,
      parseOnlyMs: round(f.parseOnly.ms),
      ratioInProcess: round(inRatio, 3),
      peakRssMb: { cli: round(f.cli.maxRssMb, 0), parseOnlyProcess: round(f.parseOnlyProcess.maxRssMb, 0), index: round(f.index.peakRssMb, 0) },
      startupCpuMs: { cli: round(f.startup.cli.cpuMs), typescript: round(f.startup.typescript.cpuMs) },
      openFileFirstMs: f.openFile ? round(f.openFile.readyMs) : null,
      openFile: f.openFile
        ? { file: f.openFile.file, readyMs: round(f.openFile.readyMs), readyFromProcessStartMs: round(f.openFile.readyFromProcessStartMs), fullMs: round(f.openFile.fullMs), fullFromProcessStartMs: round(f.openFile.fullFromProcessStartMs), readyBeforeFull: f.openFile.readyBeforeFull, references: f.openFile.referencesAtEnd, referencesAtReady: f.openFile.referencesAtReady, peakRssMb: round(f.openFile.peakRssMb, 0), targetFirstLensMs: repoTargets.firstLensMs }
        : null,
      cleanup: f.cleanup
        ? {
            flag: f.cleanup.key,
            keep: f.cleanup.keep,
            references: f.cleanup.references,
            changedFiles: f.cleanup.changedFiles,
            safe: f.cleanup.safe,
            ms: round(f.cleanup.ms),
            cpuMs: round(f.cleanup.cpuMs),
            indexMs: round(f.cleanup.indexMs),
            rssBeforeMb: round(f.cleanup.rssBeforeMb, 0),
            rssMb: round(f.cleanup.peakRssMb, 0),
            tscMs: round(f.cleanup.tsc.wallMs),
            tscCpuMs: round(f.cleanup.tsc.cpuMs),
            tscRssMb: round(f.cleanup.tsc.maxRssMb, 0),
            tscExitCode: f.cleanup.tsc.exitCode,
            tscErrors: f.cleanup.tsc.errors,
            tsconfig: f.cleanup.tsc.tsconfig,
            fullCheck: f.cleanup.fullCheck ? { ms: round(f.cleanup.fullCheck.wallMs), cpuMs: round(f.cleanup.fullCheck.cpuMs), rssMb: round(f.cleanup.fullCheck.maxRssMb, 0), errors: f.cleanup.fullCheck.errors } : null,
            yardstick: f.cleanup.fullCheck ? 'full type-check (tsc skipped it)' : 'tsc --noEmit',
            ratioTime: round(f.cleanup.ms / yardstickOf(f.cleanup).wallMs, 3),
            ratioCpu: round(f.cleanup.cpuMs / yardstickOf(f.cleanup).cpuMs, 3),
            ratioTimeWithIndex: round((f.cleanup.indexMs + f.cleanup.ms) / yardstickOf(f.cleanup).wallMs, 3),
            ratioRss: round(f.cleanup.peakRssMb / yardstickOf(f.cleanup).maxRssMb, 3),
            targets: { time: repoTargets.cleanupTimeRatio, rss: repoTargets.cleanupRssRatio },
          }
        : null,
    }),
  );
  return lines;
}

function openFileRows(f: RepoFigures): string[] {
  const o = f.openFile;
  if (!o) return [row('open file first', 'n/a', '', '', 'not measured: pass --open <file>')];
  const rel = o.file.startsWith(`${f.root}/`) ? o.file.slice(f.root.length + 1) : o.file;
  return [
    row(
      'open file first: file ready',
      ms(o.readyMs),
      `≤ ${repoTargets.firstLensMs} ms`,
      verdict(o.readyMs <= repoTargets.firstLensMs),
      `${rel}: ${o.referencesAtEnd} reference(s) (${o.referencesAtReady} when ready); from config + build start; ${ms(o.readyFromProcessStartMs)} from process start. Core figure: the extension's first lens adds activation and editor time`,
    ),
    ...o.log.filter((line) => line.startsWith('Priority file')).map((line) => `index log: ${line}`),
    row('  full index, same process', ms(o.fullMs), '', '', `${ms(o.fullFromProcessStartMs)} from process start; file ready ${o.readyBeforeFull ? 'before' : 'NOT before'} the full index; peak RSS ${mb(o.peakRssMb)}`),
  ];
}

/** What the cleanup is measured against: tsc, or a full type-check of the same program when tsc stopped before checking. */
function yardstickOf(c: NonNullable<RepoFigures['cleanup']>): ProcessFigures {
  return c.fullCheck ?? c.tsc;
}

function cleanupRows(f: RepoFigures): string[] {
  const c = f.cleanup;
  if (!c) return [row('cleanup vs tsc --noEmit', 'n/a', '', '', 'not measured: pass --cleanup <key> [--keep on|off|<json>] [--tsconfig FILE]')];
  const yardstick = yardstickOf(c);
  const timeRatio = c.ms / yardstick.wallMs;
  const rssRatio = c.peakRssMb / yardstick.maxRssMb;
  const withIndex = (c.indexMs + c.ms) / yardstick.wallMs;
  const tscNote = `tsc --noEmit -p ${c.tsc.tsconfig}: ${ms(c.tsc.wallMs)} (cpu ${ms(c.tsc.cpuMs)}), peak RSS ${mb(c.tsc.maxRssMb)}, exit ${c.tsc.exitCode}${c.tsc.errors > 0 ? `, ${c.tsc.errors} error line(s) (no node_modules: types of packages missing)` : ''}`;
  return [
    row(
      `cleanup / ${c.fullCheck ? 'full type-check' : 'tsc'}, time`,
      `${timeRatio.toFixed(2)}×`,
      `≤ ${repoTargets.cleanupTimeRatio}×`,
      verdict(timeRatio <= repoTargets.cleanupTimeRatio),
      `by cpu ${(c.cpuMs / yardstick.cpuMs).toFixed(2)}× ${verdict(c.cpuMs / yardstick.cpuMs <= repoTargets.cleanupTimeRatio)}; '${c.key}' keep ${JSON.stringify(c.keep)}: planCleanup ${ms(c.ms)} (cpu ${ms(c.cpuMs)}), ${c.references} reference(s), ${c.changedFiles} file(s) changed, ${c.safe ? 'safe' : 'NOT safe'}${c.problems > 0 ? `, ${c.problems} problem(s)` : ''}; with its index build first (${ms(c.indexMs)}): ${withIndex.toFixed(2)}×`,
    ),
    row(`cleanup / ${c.fullCheck ? 'full type-check' : 'tsc'}, peak RSS`, `${rssRatio.toFixed(2)}×`, `≤ ${repoTargets.cleanupRssRatio}×`, verdict(rssRatio <= repoTargets.cleanupRssRatio), `the cleanup process (index + plan): ${mb(c.peakRssMb)}, ${mb(c.rssBeforeMb)} before planCleanup`),
    row('  tsc --noEmit, whole process', ms(c.tsc.wallMs), '', '', c.fullCheck ? `${tscNote}; it stopped at option/global errors before type-checking, so it is not the yardstick` : tscNote),
    ...(c.fullCheck ? [row('  full type-check, whole process', ms(c.fullCheck.wallMs), '', '', `the same program with every file's semantic diagnostics (what tsc does when its options hold): cpu ${ms(c.fullCheck.cpuMs)}, peak RSS ${mb(c.fullCheck.maxRssMb)}, ${c.fullCheck.errors} error(s); the yardstick above`)] : []),
    ...c.log.map((line) => `cleanup log: ${line}`),
  ];
}
