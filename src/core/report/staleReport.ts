import * as path from 'node:path';
import { terminalSafeLines } from '../catalog/present/plainText';
import type { FlagReference } from '../references/model';
import { defaultFlagdPatterns } from '../sources/flagd/discoverFlagdFiles';
import { buildSarif, type SarifLevel, type SarifNotificationInput, type SarifResultInput, type SarifRule } from './sarif';
import {
  findingKinds,
  hintKinds,
  isHint,
  type HintKind,
  type SourceCheckKind,
  type StaleAnalysis,
  type StaleCodeRange,
  type StaleFinding,
  type StaleKind,
  type StaleLocation,
  type StaleSeverity,
} from '../stale/model';

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
 *                "byKind": { "removed": 1, "released": 1, "markedStale": 0, "inactive": 0, "unknownKey": 1, "unused": 0,
 *                            "similarKeys": 0, "dynamicKey": 0, "singleReference": 0 },
 *                "bySeverity": { "error": 1, "warning": 2, "info": 0, "hint": 0 } },
 *   "notChecked": [],               // stale kinds not judged because no flag source loaded (all six then)
 *   "findings": [{
 *     "kind": "released", "key": "new-checkout", "severity": "warning",
 *     "message": "…", "evidence": ["…"], "action": "…",
 *     "keepValue": true,          // present only when the source says which value to keep (may be null, a string, an object)
 *     "suggestion": "new-checkout", // unknownKey (closest defined key), similarKeys (most used spelling), singleReference (a near key used more)
 *     "sourceId": "flagd:/abs/workspace", "permanent": true,       // when applicable
 *     "definedAt": { "file": "flags.flagd.json", "line": 3, "column": 5, "endLine": 3, "endColumn": 5 },
 *     "references": [{ "file": "src/checkout.ts", "line": 5, "column": 31, "endLine": 5, "endColumn": 45 }]
 *   }],
 *   // Hints (severity "hint": similarKeys, dynamicKey, singleReference) are findings too, after the
 *   // stale ones. A dynamicKey hint has no flag key: "key" is "(dynamic)" and "references" holds the
 *   // one evaluation; it does not count in summary.flags. Group similarKeys hints by "suggestion".
 *   "notStale": [{ "key": "beta-search", "kind": "released", "sourceId": "…", "reason": "environments disagree: …" }]
 * }
 * ```
 * Lines and columns are 1-based; paths are relative to `root` with forward slashes. Optional
 * fields are absent (not null) when they do not apply. Fields are only ever added to version 1.
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
    notChecked: analysis.notChecked,
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
      references: locationsOf(input, f),
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
  const { findings, notStale, notChecked } = input.analysis;
  const stale = findings.filter((f) => !isHint(f));
  const hints = findings.filter(isHint);
  const kindWidth = Math.max(...stale.map((f) => f.kind.length), 11);
  const lines: string[] = [];
  for (const f of stale) {
    const where = f.sourceId ? ` (${f.sourceId})` : '';
    lines.push(`${f.severity.padEnd(7)} ${f.kind.padEnd(kindWidth)} ${f.key}${where}`);
    lines.push(`  ${f.message}`);
    for (const e of f.evidence) lines.push(`    - ${e}`);
    lines.push(`  → ${f.action}`);
    const refs = referencesOf(input, f.key);
    if (refs.length > 0) {
      lines.push(`  at ${describePlaces(refs, 10)}`);
    } else if (f.definedAt) {
      const at = definitionLocation(input.root, f.definedAt);
      lines.push(`  defined at ${at.file}:${at.line}:${at.column}`);
    }
    lines.push('');
  }
  if (hints.length > 0) lines.push(...hintLines(input, hints));
  if (options.explain && notStale.length > 0) {
    lines.push('Not stale:');
    for (const n of notStale) lines.push(`  ${n.key} (${n.kind}${n.sourceId ? `, ${n.sourceId}` : ''}): ${n.reason}`);
    lines.push('');
  }
  if (notChecked.length > 0) lines.push(noSourceSentence(notChecked));
  lines.push(summaryLine(input, stale, hints));
  if (!options.explain && notStale.length > 0) lines.push('Run with --explain to see why other flags are not stale.');
  return `${lines.join('\n')}\n`;
}

/** One short line per hint, grouped by kind under a heading that explains the kind and what to do once. */
function hintLines(input: StaleReportInput, hints: readonly StaleFinding[]): string[] {
  const lines = ['Hints from the code alone (worth a look; not stale findings):', ''];
  for (const kind of hintKinds) {
    const ofKind = hints.filter((f) => f.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push(`${hintText[kind].heading}:`);
    const rows = ofKind.map((f) => hintRow(input, f));
    const width = Math.min(Math.max(...rows.map((r) => r.label.length)), 48);
    for (const row of rows) lines.push(`  ${row.label.padEnd(width)}  ${row.detail}`.trimEnd());
    lines.push(`  → ${hintText[kind].action}`, '');
  }
  return lines;
}

function hintRow(input: StaleReportInput, f: StaleFinding): { label: string; detail: string } {
  const places = describePlaces(locationsOf(input, f), 3);
  if (f.kind === 'similarKeys' && f.suggestion !== undefined) {
    const count = (key: string) => referencesOf(input, key).length;
    return { label: `${f.key} (${count(f.key)}) → ${f.suggestion} (${count(f.suggestion)})`, detail: places };
  }
  if (f.kind === 'dynamicKey') return { label: places, detail: f.evidence[0] ?? f.message };
  return { label: f.key, detail: `${places}${f.suggestion !== undefined ? `  (a typo of '${f.suggestion}'?)` : ''}` };
}

/** The one plain sentence that keeps "no findings" from reading as "nothing is stale" when no source loaded. */
function noSourceSentence(notChecked: readonly SourceCheckKind[]): string {
  const flagKinds = notChecked.filter((k) => k !== 'unknownKey').map((k) => checkNames[k]);
  const checks = [...(notChecked.includes('unknownKey') ? ['unknown keys'] : []), ...(flagKinds.length > 0 ? [`${listWords(flagKinds)} flags`] : [])];
  const flagdFiles = defaultFlagdPatterns.map((p) => p.replace(/^\*\*\//, '')).join(' or ');
  return (
    `No flag source found, so ${listWords(checks)} were not checked: add a flagd file (${flagdFiles}), ` +
    'or LaunchDarkly or Unleash under "sources" in .flaglens.json (token in LAUNCHDARKLY_API_TOKEN or UNLEASH_API_TOKEN).'
  );
}

const checkNames: Record<SourceCheckKind, string> = {
  removed: 'removed',
  released: 'released',
  markedStale: 'marked-stale',
  inactive: 'inactive',
  unknownKey: 'unknown keys',
  unused: 'unused',
};

function listWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function summaryLine(input: StaleReportInput, stale: readonly StaleFinding[], hints: readonly StaleFinding[]): string {
  const sourceText = input.sources.length === 1 ? '1 source' : `${input.sources.length} sources`;
  const hintText = hints.length === 0 ? '' : `${hints.length} hint${hints.length === 1 ? '' : 's'}`;
  if (input.analysis.notChecked.length > 0 && stale.length === 0) {
    return hintText ? `${hintText} from the code alone.` : 'No hints from the code alone either.';
  }
  if (stale.length === 0) return `No stale flags (${sourceText})${hintText ? `; ${hintText}` : ''}.`;
  const summary = summarize(stale);
  const bySeverity = (['error', 'warning', 'info'] as const)
    .filter((s) => summary.bySeverity[s] > 0)
    .map((s) => `${summary.bySeverity[s]} ${s}${s !== 'info' && summary.bySeverity[s] !== 1 ? 's' : ''}`);
  return `${stale.length} finding${stale.length === 1 ? '' : 's'} on ${summary.flags} flag${summary.flags === 1 ? '' : 's'} (${bySeverity.join(', ')})${hintText ? ` and ${hintText}` : ''} from ${sourceText}.`;
}

function describePlaces(places: readonly StaleReportLocation[], max: number): string {
  const shown = places.slice(0, max).map((r) => `${r.file}:${r.line}:${r.column}`);
  return `${shown.join(', ')}${places.length > max ? ` and ${places.length - max} more` : ''}`;
}

const hintText: Record<HintKind, { heading: string; action: string }> = {
  similarKeys: {
    heading: 'Keys that differ only by case or separators (likely typos: flag services match keys exactly)',
    action: 'Use the spelling after the arrow (the most used) unless these are meant to be different flags.',
  },
  dynamicKey: {
    heading: 'Flag evaluations whose key cannot be resolved (every check is blind to the flags they read)',
    action: 'Use a literal or constant key, or declare the wrapper that passes it in .flaglens.json "patterns".',
  },
  singleReference: {
    heading: 'Flags referenced in exactly one place (a leftover, a typo, or read through one helper?)',
    action: 'If the feature has shipped, remove the flag: flaglens cleanup <key> --keep <value>.',
  },
};

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
  similarKeys: {
    name: 'SimilarFlagKeys',
    short: 'Flag keys in code that differ only by case or separators',
    full: 'Keys such as new-checkout, newCheckout and NEW_CHECKOUT are referenced side by side. Flag services match keys exactly, so all but one most likely read a flag nobody meant; use the most used spelling. A hint from the code alone.',
  },
  dynamicKey: {
    name: 'DynamicFlagKey',
    short: 'Flag evaluated with a key that cannot be resolved statically',
    full: 'The key is computed at run time, so no stale check can see which flag this reads: a removed, released or unused flag may hide behind it. Use a literal or constant key. A hint from the code alone.',
  },
  singleReference: {
    name: 'FlagReferencedOnce',
    short: 'Flag referenced in exactly one place',
    full: 'With no flag source, a key used in exactly one place is the best code-only lead on a leftover or a typo; it may also be read through one helper that is called in many places. Reported only when no source is configured; a source tells for sure.',
  },
};

// SARIF has no level below `note`; hints share it, and `properties.severity` keeps them apart.
const sarifLevel: Record<StaleSeverity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
const defaultSeverity: Record<StaleKind, StaleSeverity> = {
  removed: 'error',
  released: 'warning',
  markedStale: 'warning',
  inactive: 'warning',
  unknownKey: 'warning',
  unused: 'info',
  similarKeys: 'hint',
  dynamicKey: 'hint',
  singleReference: 'hint',
};

export function sarifRuleId(kind: StaleKind): string {
  return `flaglens/${kind}`;
}

/**
 * SARIF 2.1.0 for code scanning, built with the shared `sarif.ts`: one rule per kind
 * (`flaglens/released`, …) and one result per reference of a finding's key, so every place the
 * flag is read gets its own annotation (code scanning shows only a result's first location).
 * A finding without references is located at the flag's definition (flagd file), else at
 * `.flaglens.json` line 1: code scanning refuses results without a location. A dynamic-key hint is
 * located at its evaluation. Without a flag source, a `note` notification says which checks did not run.
 */
export function formatStaleSarif(input: StaleReportInput): string {
  const rules: SarifRule[] = findingKinds.map((kind) => ({
    id: sarifRuleId(kind),
    name: ruleText[kind].name,
    shortDescription: ruleText[kind].short,
    fullDescription: ruleText[kind].full,
    defaultLevel: sarifLevel[defaultSeverity[kind]],
  }));
  const results: SarifResultInput[] = input.analysis.findings.flatMap((f) => {
    const references = locationsOf(input, f);
    const fallback = f.definedAt ? definitionLocation(input.root, f.definedAt) : { file: '.flaglens.json', line: 1, column: 1, endLine: 1, endColumn: 1 };
    const properties = {
      key: f.key,
      kind: f.kind,
      severity: f.severity,
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
  const { notChecked } = input.analysis;
  const notifications: SarifNotificationInput[] | undefined = notChecked.length > 0 ? [{ level: 'note', message: noSourceSentence(notChecked) }] : undefined;
  const log = buildSarif({ root: input.root, toolVersion: input.toolVersion ?? '0.0.0', rules, results, ...(notifications ? { notifications } : {}) });
  return `${JSON.stringify(log, null, 2)}\n`;
}

function summarize(findings: readonly StaleFinding[]) {
  const byKind = Object.fromEntries(findingKinds.map((k) => [k, 0])) as Record<StaleKind, number>;
  const bySeverity: Record<StaleSeverity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of findings) {
    byKind[f.kind]++;
    bySeverity[f.severity]++;
  }
  // A dynamic-key hint's placeholder is not a flag.
  const flags = new Set(findings.filter((f) => f.kind !== 'dynamicKey').map((f) => f.key)).size;
  return { findings: findings.length, flags, byKind, bySeverity };
}

/** Where a finding is in code: its own place when it has one (a dynamic key), else its key's references. */
function locationsOf(input: StaleReportInput, finding: StaleFinding): StaleReportLocation[] {
  return finding.at ? [rangeLocation(input.root, finding.at)] : referencesOf(input, finding.key);
}

function rangeLocation(root: string, at: StaleCodeRange): StaleReportLocation {
  return { file: relativeTo(root, at.file), line: at.line + 1, column: at.character + 1, endLine: at.endLine + 1, endColumn: at.endCharacter + 1 };
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
