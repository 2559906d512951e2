import type { RepoIndexResult, RepoParseOnlyResult } from './repoPhases';

export const repoTargets = { wholeProcessRatio: 0.8, wholeProcessGoal: 0.5 };

export interface ProcessFigures {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
}

/** Figures another part of the bench fills in (null until then), so the JSON keeps one shape. */
export interface RepoHooks {
  /** Time until the references of one chosen file are ready, the editor's open-file-first path. */
  openFileFirstMs: number | null;
  /** Cleanup of one chosen flag (plan + verification, no write) vs a full `tsc --noEmit` of the same tree. */
  cleanup: { flag: string; ms: number; rssMb: number; tscMs: number; tscRssMb: number } | null;
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
  lines.push(row('scan, whole CLI process', ms(f.cli.wallMs), '', '', `cpu ${ms(f.cli.cpuMs)}; node <cli> scan <dir> --format json, start-up included; peak RSS ${mb(f.cli.maxRssMb)}`));
  lines.push(row('parse-only, whole process', ms(f.parseOnlyProcess.wallMs), '', '', `cpu ${ms(f.parseOnlyProcess.cpuMs)}; node + TypeScript, read + createSourceFile of all ${f.scripts} scripts; peak RSS ${mb(f.parseOnlyProcess.maxRssMb)}`));
  lines.push(row('scan / parse-only, whole process', `${wholeRatio.toFixed(3)}×`, `≤ ${repoTargets.wholeProcessRatio}×`, verdict(wholeRatio <= repoTargets.wholeProcessRatio), `by cpu ${wholeCpuRatio.toFixed(3)}× ${verdict(wholeCpuRatio <= repoTargets.wholeProcessRatio)}; goal beyond this target ≤ ${repoTargets.wholeProcessGoal}×`));
  lines.push(row('  start-up in those', ms(f.startup.cli.wallMs), '', '', `cpu ${ms(f.startup.cli.cpuMs)} for node <cli> --version; node + require(typescript): ${ms(f.startup.typescript.wallMs)}, cpu ${ms(f.startup.typescript.cpuMs)}`));
  lines.push(row('cold index, in process', ms(f.index.wallMs), '', '', `cpu ${ms(f.index.cpuMs)}; config + ReferenceIndex.build (discovery, prefilter, parse, analysis); peak RSS ${mb(f.index.peakRssMb)}`));
  lines.push(row('parse-only, in process', ms(f.parseOnly.ms), '', '', `cpu ${ms(f.parseOnly.cpuMs)}; the same files, TypeScript already loaded`));
  lines.push(row('cold index / parse-only, in process', `${inRatio.toFixed(3)}×`, '', '', `by cpu ${inCpuRatio.toFixed(3)}×: the work itself, start-up left out`));
  lines.push(row('open file first', f.openFileFirstMs === null ? 'n/a' : ms(f.openFileFirstMs), '', '', 'not measured by this mode yet (openFileFirstMs)'));
  lines.push(row('cleanup vs tsc --noEmit', f.cleanup === null ? 'n/a' : `${(f.cleanup.ms / f.cleanup.tscMs).toFixed(2)}×`, '', '', f.cleanup === null ? 'not measured by this mode yet (cleanup)' : `${f.cleanup.flag}: ${ms(f.cleanup.ms)} / ${mb(f.cleanup.rssMb)} vs tsc ${ms(f.cleanup.tscMs)} / ${mb(f.cleanup.tscRssMb)}`));
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
      coldIndexMs: round(f.index.wallMs),
      parseOnlyMs: round(f.parseOnly.ms),
      ratioInProcess: round(inRatio, 3),
      peakRssMb: { cli: round(f.cli.maxRssMb, 0), parseOnlyProcess: round(f.parseOnlyProcess.maxRssMb, 0), index: round(f.index.peakRssMb, 0) },
      startupCpuMs: { cli: round(f.startup.cli.cpuMs), typescript: round(f.startup.typescript.cpuMs) },
      openFileFirstMs: f.openFileFirstMs,
      cleanup: f.cleanup,
    }),
  );
  return lines;
}
