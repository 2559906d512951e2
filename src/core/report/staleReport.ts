import * as path from 'node:path';
import { terminalSafeLines } from '../catalog/present/plainText';
import type { FlagReference } from '../references/model';
import { buildSarif, type SarifLevel, type SarifResultInput, type SarifRule } from './sarif';
import { staleKinds, type StaleAnalysis, type StaleFinding, type StaleKind, type StaleLocation, type StaleSeverity } from '../stale/model';

export interface StaleReportSource {
  id: string;
  label: string;
  kind: string;
  flags: number;
  fetchedAt?: Date;
  fromCache?: boolean;
}

export interface StaleReportInput {
  /** Absolute workspace root; every path in the report is relative to it. */
  root: string;
  analysis: StaleAnalysis;
  /** All references (the report picks each finding's locations from them). */
  references: readonly FlagReference[];
  sources: readonly StaleReportSource[];
  generatedAt: Date;
  toolVersion?: string;
}

/** A place in the workspace, 1-based like editors and SARIF, path relative to the root. */
export interface StaleReportLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * `flaglens stale --format json` (version 1):
 * ```jsonc
 * {
 *   "version": 1,
 *   "root": "/abs/workspace",
 *   "generatedAt": "2026-11-21T12:00:00.000Z",
 *   "thresholds": { "releasedAfterDays": 30, "inactiveAfterDays": 7, "launchedAfterDays": 7,
 *                   "typeLifetimeDays": { "release": 40, "experiment": 40, "operational": 7, "kill-switch": null, "permission": null } },
 *   "sources": [{ "id": "flagd:/abs/workspace", "label": "flagd: flags.flagd.json", "kind": "flagd", "flags": 12,
 *                 "fetchedAt": "…", "fromCache": false }],
 *   "summary": { "findings": 3, "flags": 2,
 *                "byKind": { "removed": 1, "released": 1, "markedStale": 0, "inactive": 0, "unknownKey": 1, "unused": 0 },
 *                "bySeverity": { "error": 1, "warning": 2, "info": 0 } },
 *   "findings": [{
 *     "kind": "released", "key": "new-checkout", "severity": "warning",
 *     "message": "…", "evidence": ["…"], "action": "…",
 *     "keepValue": true,          // present only when the source says which value to keep (may be null, a string, an object)
 *     "suggestion": "new-checkout", // unknownKey only, when a key is close
 *     "sourceId": "flagd:/abs/workspace", "permanent": true,       // when applicable
 *     "definedAt": { "file": "flags.flagd.json", "line": 3, "column": 5, "endLine": 3, "endColumn": 5 },
 *     "references": [{ "file": "src/checkout.ts", "line": 5, "column": 31, "endLine": 5, "endColumn": 45 }]
 *   }],
 *   "notStale": [{ "key": "beta-search", "kind": "released", "sourceId": "…", "reason": "environments disagree: …" }]
 * }
 * ```
 * Lines and columns are 1-based; paths are relative to `root` with forward slashes. Optional
 * fields are absent (not null) when they do not apply.
 */
export function formatStaleJson(input: StaleReportInput): string {
  const { analysis } = input;
  const report = {
    version: 1,
    root: input.root,
    generatedAt: input.generatedAt.toISOString(),
    thresholds: analysis.thresholds,
    sources: input.sources.map((s) => ({
      id: s.id,
      label: s.label,
      kind: s.kind,
      flags: s.flags,
      ...(s.fetchedAt ? { fetchedAt: s.fetchedAt.toISOString() } : {}),
      ...(s.fromCache !== undefined ? { fromCache: s.fromCache } : {}),
    })),
    summary: summarize(analysis.findings),
    findings: analysis.findings.map((f) => ({
      kind: f.kind,
      key: f.key,
      severity: f.severity,
      message: f.message,
      evidence: f.evidence,
      action: f.action,
      ...('keepValue' in f && f.keepValue !== undefined ? { keepValue: f.keepValue } : {}),
      ...(f.suggestion !== undefined ? { suggestion: f.suggestion } : {}),
      ...(f.sourceId !== undefined ? { sourceId: f.sourceId } : {}),
      ...(f.permanent ? { permanent: true } : {}),
      ...(f.definedAt ? { definedAt: definitionLocation(input.root, f.definedAt) } : {}),
      references: referencesOf(input, f.key),
    })),
    notStale: analysis.notStale.map((n) => ({ key: n.key, kind: n.kind, ...(n.sourceId !== undefined ? { sourceId: n.sourceId } : {}), reason: n.reason })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** For people: one block per finding, most severe first, then a summary line. */
export function formatStaleText(input: StaleReportInput, options: { explain?: boolean } = {}): string {
  // Flag data is printed to terminals: an ESC in a key or description must not act on one.
  return terminalSafeLines(formatStaleTextUnescaped(input, options));
}

function formatStaleTextUnescaped(input: StaleReportInput, options: { explain?: boolean } = {}): string {
  const { findings, notStale } = input.analysis;
  const lines: string[] = [];
  for (const f of findings) {
    const where = f.sourceId ? ` (${f.sourceId})` : '';
    lines.push(`${f.severity.padEnd(7)} ${f.kind.padEnd(11)} ${f.key}${where}`);
    lines.push(`  ${f.message}`);
    for (const e of f.evidence) lines.push(`    - ${e}`);
    lines.push(`  → ${f.action}`);
    const refs = referencesOf(input, f.key);
    if (refs.length > 0) {
      const shown = refs.slice(0, 10).map((r) => `${r.file}:${r.line}:${r.column}`);
      lines.push(`  at ${shown.join(', ')}${refs.length > 10 ? ` and ${refs.length - 10} more` : ''}`);
    } else if (f.definedAt) {
      const at = definitionLocation(input.root, f.definedAt);
      lines.push(`  defined at ${at.file}:${at.line}:${at.column}`);
    }
    lines.push('');
  }
  if (options.explain && notStale.length > 0) {
    lines.push('Not stale:');
    for (const n of notStale) lines.push(`  ${n.key} (${n.kind}${n.sourceId ? `, ${n.sourceId}` : ''}): ${n.reason}`);
    lines.push('');
  }
  const summary = summarize(findings);
  const sourceText = input.sources.length === 1 ? '1 source' : `${input.sources.length} sources`;
  if (findings.length === 0) {
    lines.push(input.sources.length === 0 ? 'No flag source found: only code references were checked.' : `No stale flags (${sourceText}).`);
  } else {
    const bySeverity = (['error', 'warning', 'info'] as const)
      .filter((s) => summary.bySeverity[s] > 0)
      .map((s) => `${summary.bySeverity[s]} ${s}${s !== 'info' && summary.bySeverity[s] !== 1 ? 's' : ''}`);
    lines.push(`${findings.length} finding${findings.length === 1 ? '' : 's'} on ${summary.flags} flag${summary.flags === 1 ? '' : 's'} (${bySeverity.join(', ')}) from ${sourceText}.`);
  }
  if (!options.explain && notStale.length > 0) lines.push('Run with --explain to see why other flags are not stale.');
  return `${lines.join('\n')}\n`;
}

const ruleText: Record<StaleKind, { name: string; short: string; full: string }> = {
  removed: {
    name: 'RemovedFlagStillReferenced',
    short: 'Flag archived or deleted in the source but still referenced',
    full: 'The flag source no longer serves this flag, so the code gets a fallback nobody controls. Remove the flag from code keeping the value the source names, or restore it.',
  },
  released: {
    name: 'ReleasedFlag',
    short: 'Flag fully released: one value served to everyone, unchanged',
    full: 'Every protected (production-like) environment has served one value to everyone for the configured number of days. The flag no longer changes behaviour; remove it from code keeping that value.',
  },
  markedStale: {
    name: 'FlagMarkedStale',
    short: 'The flag source marks the flag stale',
    full: "The source marks the flag stale: Unleash's stale mark or type lifetime, or LaunchDarkly's launched status on a temporary flag.",
  },
  inactive: {
    name: 'InactiveFlag',
    short: 'No evaluations recorded for the configured number of days',
    full: 'The source has recorded no evaluations of this flag in its deciding environments for the configured number of days: the code that reads it may be dead.',
  },
  unknownKey: {
    name: 'UnknownFlagKey',
    short: 'Code references a flag key no source defines',
    full: 'No loaded flag source defines this key, so code always gets its default. It is often a typo of an existing key.',
  },
  unused: {
    name: 'UnusedFlag',
    short: 'Flag defined in the source but never referenced in code',
    full: 'Nothing in the workspace references this flag (neither in TypeScript/JavaScript nor as text in other files); it can be archived in the source.',
  },
};

const sarifLevel: Record<StaleSeverity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };
const defaultSeverity: Record<StaleKind, StaleSeverity> = {
  removed: 'error',
  released: 'warning',
  markedStale: 'warning',
  inactive: 'warning',
  unknownKey: 'warning',
  unused: 'info',
};

export function sarifRuleId(kind: StaleKind): string {
  return `flaglens/${kind}`;
}

/**
 * SARIF 2.1.0 for code scanning, built with the shared `sarif.ts`: one rule per kind
 * (`flaglens/released`, …) and one result per reference of a finding's key, so every place the
 * flag is read gets its own annotation (code scanning shows only a result's first location).
 * A finding without references is located at the flag's definition (flagd file), else at
 * `.flaglens.json` line 1: code scanning refuses results without a location.
 */
export function formatStaleSarif(input: StaleReportInput): string {
  const rules: SarifRule[] = staleKinds.map((kind) => ({
    id: sarifRuleId(kind),
    name: ruleText[kind].name,
    shortDescription: ruleText[kind].short,
    fullDescription: ruleText[kind].full,
    defaultLevel: sarifLevel[defaultSeverity[kind]],
  }));
  const results: SarifResultInput[] = input.analysis.findings.flatMap((f) => {
    const references = referencesOf(input, f.key);
    const fallback = f.definedAt ? definitionLocation(input.root, f.definedAt) : { file: '.flaglens.json', line: 1, column: 1, endLine: 1, endColumn: 1 };
    const properties = {
      key: f.key,
      kind: f.kind,
      evidence: f.evidence,
      action: f.action,
      ...(f.keepValue !== undefined ? { keepValue: f.keepValue } : {}),
      ...(f.suggestion !== undefined ? { suggestion: f.suggestion } : {}),
      ...(f.sourceId !== undefined ? { sourceId: f.sourceId } : {}),
      ...(f.permanent ? { permanent: true } : {}),
    };
    return (references.length > 0 ? references : [fallback]).map((at) => ({
      ruleId: sarifRuleId(f.kind),
      level: sarifLevel[f.severity],
      message: `${f.message}. ${f.action}`,
      file: at.file,
      region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn },
      partialFingerprints: { 'flaglens/finding/v1': `${f.kind}:${f.key}:${f.sourceId ?? ''}:${at.file}` },
      properties,
    }));
  });
  const log = buildSarif({ root: input.root, toolVersion: input.toolVersion ?? '0.0.0', rules, results });
  return `${JSON.stringify(log, null, 2)}\n`;
}

function summarize(findings: readonly StaleFinding[]) {
  const byKind = Object.fromEntries(staleKinds.map((k) => [k, 0])) as Record<StaleKind, number>;
  const bySeverity: Record<StaleSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) {
    byKind[f.kind]++;
    bySeverity[f.severity]++;
  }
  return { findings: findings.length, flags: new Set(findings.map((f) => f.key)).size, byKind, bySeverity };
}

const locationsByInput = new WeakMap<StaleReportInput, Map<string, StaleReportLocation[]>>();

/** Every reference of `key`, sorted by file and position; grouped once per report input. */
function referencesOf(input: StaleReportInput, key: string): StaleReportLocation[] {
  let byKey = locationsByInput.get(input);
  if (!byKey) {
    byKey = new Map();
    for (const r of input.references) {
      const list = byKey.get(r.key) ?? [];
      list.push({
        file: relativeTo(input.root, r.file),
        line: r.keySpan.startLine + 1,
        column: r.keySpan.startCharacter + 1,
        endLine: r.keySpan.endLine + 1,
        endColumn: r.keySpan.endCharacter + 1,
      });
      byKey.set(r.key, list);
    }
    for (const list of byKey.values()) list.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    locationsByInput.set(input, byKey);
  }
  return byKey.get(key) ?? [];
}

function definitionLocation(root: string, at: StaleLocation): StaleReportLocation {
  return { file: relativeTo(root, at.file), line: at.line + 1, column: at.character + 1, endLine: at.line + 1, endColumn: at.character + 1 };
}

function relativeTo(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/') || path.basename(file);
}
