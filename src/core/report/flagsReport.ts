import { describeSplit } from '../sources/flagd/summarizeTargeting';
import { terminalSafeLines } from '../catalog/present/plainText';
import type { EvidenceLookup } from '../evidence/collectEvidence';
import { evaluationsToJson, type EvaluationWindowJson, type EvidenceState } from '../evidence/model';
import type { EnvironmentState, FlagDefinition, FlagSnapshot, Serving, SourceKind, SourceProblem } from '../sources/model';

/** One source's contribution to a report. */
export interface FlagsReportSource {
  /** The source's id, for evidence lookups; absent in reports built without evidence. */
  id?: string;
  kind: SourceKind;
  label: string;
  snapshot: FlagSnapshot;
}

export interface FlagsReportInput {
  sources: readonly FlagsReportSource[];
  /** Only these environments (as given on the command line); all when empty or absent. */
  environments?: readonly string[];
  /**
   * Evaluation evidence (`flags --evidence`): when given, every environment gets `evaluations`,
   * `evaluations24h` and, when there are no counts, `evaluationsUnavailable`. Absent, the output
   * is exactly what it was before evidence existed.
   */
  evidence?: EvidenceLookup;
}

export type ServingJson =
  | { type: 'variation'; variation: string }
  | { type: 'split'; split: { variation: string; percent: number }[] }
  | { type: 'rules'; count: number; summary: string; fallthrough?: ServingJson };

export interface EnvironmentJson {
  on: boolean;
  protected: boolean;
  serving: ServingJson;
  offVariation?: string;
  lastModified: string | null;
  status: string | null;
  lastEvaluated: string | null;
  /** With `--evidence`: the longest window the source counts (7 d where it can, Unleash without extended metrics 48 h); null without counts. */
  evaluations?: EvaluationWindowJson | null;
  /** With `--evidence`: the last 24 h; null without counts. */
  evaluations24h?: EvaluationWindowJson | null;
  /** With `--evidence`, when `evaluations` is null: why, in one line ("no evidence: flagd files carry no evaluation counts"). */
  evaluationsUnavailable?: string;
  /** With `--evidence`: what limits the counts (e.g. "this Unleash server keeps 48 h of counts"). */
  evaluationsNote?: string;
}

export interface FlagJson {
  key: string;
  name: string;
  kind: string;
  temporary: boolean;
  archived: boolean;
  type: string | null;
  /** Which source this entry comes from (a key defined by two sources appears once per source). */
  source: SourceKind;
  description?: string;
  /** Manifest-only flags: the default code should use; they have no environments. */
  defaultValue?: unknown;
  environments: Record<string, EnvironmentJson>;
}

export interface ProblemJson {
  source: SourceKind;
  file: string | null;
  /** 0-based, like the rest of Flag Lens. */
  line: number | null;
  character: number | null;
  severity: 'error' | 'warning';
  message: string;
}

/**
 * The documented, stable `flaglens flags --format json` shape (version 1). Fields may be added,
 * never renamed or removed: `source` is the source kind, or kinds joined with "+" when several
 * sources are listed.
 */
export interface FlagsReportJson {
  version: 1;
  source: string;
  flags: FlagJson[];
  problems: ProblemJson[];
}

export function flagsReportJson(input: FlagsReportInput): FlagsReportJson {
  const only = input.environments && input.environments.length > 0 ? new Set(input.environments) : undefined;
  const flags: FlagJson[] = [];
  const problems: ProblemJson[] = [];
  for (const source of input.sources) {
    const evidence = input.evidence;
    const lookup = evidence ? (key: string, environment: string) => evidence(source.id ?? source.snapshot.sourceId, key, environment) : undefined;
    for (const flag of source.snapshot.flags) flags.push(flagJson(flag, source.kind, only, lookup));
    for (const problem of source.snapshot.problems ?? []) problems.push(problemJson(problem, source.kind));
  }
  const kinds = [...new Set(input.sources.map((s) => s.kind))];
  return { version: 1, source: kinds.join('+'), flags, problems };
}

export function formatFlagsJson(input: FlagsReportInput): string {
  return `${JSON.stringify(flagsReportJson(input), null, 2)}\n`;
}

export function flagJson(flag: FlagDefinition, kind: SourceKind, only?: ReadonlySet<string>, evidence?: (key: string, environment: string) => EvidenceState | undefined): FlagJson {
  const environments: Record<string, EnvironmentJson> = {};
  for (const [key, state] of Object.entries(flag.environments)) {
    if (only && !only.has(key)) continue;
    environments[key] = environmentJson(state);
    if (evidence) Object.assign(environments[key], evidenceJson(evidence(flag.key, key)));
  }
  const json: FlagJson = {
    key: flag.key,
    name: flag.name,
    kind: flag.kind,
    temporary: flag.temporary,
    archived: flag.archived || flag.deleted === true,
    type: flag.type ?? null,
    source: kind,
    environments,
  };
  if (flag.description) json.description = flag.description;
  if (flag.defaultValue !== undefined) json.defaultValue = flag.defaultValue;
  return json;
}

function environmentJson(state: EnvironmentState): EnvironmentJson {
  const json: EnvironmentJson = {
    on: state.on,
    protected: state.protected,
    serving: servingJson(state.serving),
    lastModified: iso(state.lastModified),
    status: state.status ?? null,
    lastEvaluated: iso(state.lastEvaluated),
  };
  if (state.offVariation !== undefined) json.offVariation = state.offVariation;
  return json;
}

/** The evidence fields of one environment; a state nobody loaded says so rather than claiming zero. */
export type EvidenceFieldsJson = Pick<EnvironmentJson, 'evaluations' | 'evaluations24h' | 'evaluationsUnavailable' | 'evaluationsNote'>;

export function evidenceJson(state: EvidenceState | undefined): EvidenceFieldsJson {
  if (!state) return { evaluations: null, evaluations24h: null, evaluationsUnavailable: 'no evidence: not loaded' };
  if (state.state === 'unavailable') return { evaluations: null, evaluations24h: null, evaluationsUnavailable: state.reason };
  const evidence = state.evidence;
  const json: EvidenceFieldsJson = { evaluations: evaluationsToJson(evidence.evaluations), evaluations24h: evaluationsToJson(evidence.lastDay) };
  if (!evidence.evaluations) json.evaluationsUnavailable = `no evidence: ${evidence.note ?? 'the source has no evaluation counts'}`;
  else if (evidence.note) json.evaluationsNote = evidence.note;
  return json;
}

function servingJson(serving: Serving): ServingJson {
  switch (serving.type) {
    case 'variation':
      return { type: 'variation', variation: serving.variation };
    case 'split':
      return { type: 'split', split: serving.split.map((p) => ({ variation: p.variation, percent: p.percent })) };
    case 'rules': {
      const json: ServingJson = { type: 'rules', count: serving.count, summary: serving.summary };
      if (serving.fallthrough) json.fallthrough = servingJson(serving.fallthrough);
      return json;
    }
  }
}

function problemJson(problem: SourceProblem, kind: SourceKind): ProblemJson {
  return {
    source: kind,
    file: problem.file ?? null,
    line: problem.line ?? null,
    character: problem.character ?? null,
    severity: problem.severity ?? 'error',
    message: problem.message,
  };
}

function iso(date: Date | null | undefined): string | null {
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

/** What a person reads in a terminal: one block per source, one line per flag and environment. */
export function formatFlagsText(input: FlagsReportInput): string {
  // Flag data is printed to terminals: an ESC in a key or description must not act on one.
  return terminalSafeLines(formatFlagsTextUnescaped(input));
}

function formatFlagsTextUnescaped(input: FlagsReportInput): string {
  const only = input.environments && input.environments.length > 0 ? new Set(input.environments) : undefined;
  const out: string[] = [];
  for (const source of input.sources) {
    const snapshot = source.snapshot;
    const environments = snapshot.environments.filter((e) => !only || only.has(e.key));
    const cached = snapshot.fromCache ? ` · cached ${snapshot.fetchedAt.toISOString()}` : '';
    const envText = environments.length > 0 ? ` · environments: ${environments.map((e) => (e.protected ? `${e.key} (protected)` : e.key)).join(', ')}` : '';
    out.push(`${source.label} · ${plural(snapshot.flags.length, 'flag')}${envText}${cached}`);
    if (snapshot.flags.length === 0) out.push('  (no flags)');
    const keyWidth = Math.min(40, Math.max(0, ...snapshot.flags.map((f) => f.key.length)));
    const envWidth = Math.min(24, Math.max(0, ...environments.map((e) => e.key.length)));
    for (const flag of snapshot.flags) {
      const facts = [flag.kind, flag.type, flag.temporary ? undefined : 'permanent', flag.archived || flag.deleted ? 'archived' : undefined, flag.markedStale ? 'marked stale' : undefined]
        .filter(Boolean)
        .join(', ');
      const description = flag.description ? `  ${oneLine(flag.description)}` : '';
      out.push(`  ${flag.key.padEnd(keyWidth)}  ${facts}${description}`);
      const states = Object.values(flag.environments).filter((s) => !only || only.has(s.environment));
      if (states.length === 0 && flag.defaultValue !== undefined) out.push(`    ${'(manifest)'.padEnd(envWidth)}  default ${JSON.stringify(flag.defaultValue)}`);
      for (const state of states) {
        const activity = state.status ? ` · ${state.status}` : '';
        out.push(`    ${state.environment.padEnd(envWidth)}  ${state.on ? 'enabled ' : 'disabled'}  ${servesLine(state)}${activity}`);
      }
    }
    for (const problem of snapshot.problems ?? []) {
      const where = problem.file ? `${problem.file}${problem.line !== undefined ? `:${problem.line + 1}:${(problem.character ?? 0) + 1}` : ''}: ` : '';
      out.push(`  ${problem.severity === 'warning' ? 'warning' : 'error'}: ${where}${problem.message}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/**
 * What code gets in one environment, the state aside: `serves on`, `serves on 25% · off 75%`,
 * `2 rules: …`; a disabled flag `serves false` (its off variation) or `serves the code default`
 * (flagd). The state is its own column, so a flag enabled to serve its variation named `off` reads
 * `enabled  serves off`, never "OFF".
 */
function servesLine(state: EnvironmentState): string {
  if (!state.on) return `serves ${state.offVariation ?? 'the code default'}`;
  const serving = state.serving;
  switch (serving.type) {
    case 'variation':
      return `serves ${serving.variation === '' ? 'the code default' : serving.variation}`;
    case 'split':
      return `serves ${describeSplit(serving.split)}`;
    case 'rules':
      return servingText(serving);
  }
}

/** What an enabled flag serves, without a verb: `on`, `split on 25% · off 75%`, `2 rules: …`. */
export function servingText(serving: Serving): string {
  switch (serving.type) {
    case 'variation':
      return serving.variation;
    case 'split':
      return `split ${describeSplit(serving.split)}`;
    case 'rules':
      return `${plural(serving.count, 'rule')}: ${serving.summary}`;
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
