import type { DynamicReference, FlagReference, IndexStats, ReferenceVia, SdkName } from '../references/model';
import { terminalSafeText } from '../catalog/present/plainText';
import { buildSarif, type SarifLog, type SarifResultInput, type SarifRule } from './sarif';
import { relativePosixPath } from '../util/paths';

export interface ScanReportInput {
  root: string;
  references: readonly FlagReference[];
  dynamic: readonly DynamicReference[];
  stats: IndexStats;
  skipped?: readonly { file: string; reason: string }[];
}

/** The stable `flaglens scan --format json` shape (version 1). Lines and columns are 1-based. */
export interface ScanJson {
  version: 1;
  root: string;
  references: {
    key: string;
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    sdk: SdkName;
    pattern: string;
    kind: string;
    confidence: 'ast' | 'text';
    via: ReferenceVia;
  }[];
  dynamic: { file: string; line: number; column: number; reason: string }[];
  stats: { filesScanned: number; filesParsed: number; durationMs: number };
  /** Files that were not read (not regular, too large, unreadable, binary), root-relative, with why. */
  skipped: { file: string; reason: string }[];
}

function relative(root: string, file: string): string {
  return relativePosixPath(root, file);
}

export function scanJson(input: ScanReportInput): ScanJson {
  return {
    version: 1,
    root: input.root,
    references: input.references.map((r) => ({
      key: r.key,
      file: relative(input.root, r.file),
      line: r.keySpan.startLine + 1,
      column: r.keySpan.startCharacter + 1,
      endLine: r.keySpan.endLine + 1,
      endColumn: r.keySpan.endCharacter + 1,
      sdk: r.sdk,
      pattern: r.pattern,
      kind: r.kind,
      confidence: r.confidence,
      via: r.via,
    })),
    dynamic: input.dynamic.map((d) => ({ file: relative(input.root, d.file), line: d.span.startLine + 1, column: d.span.startCharacter + 1, reason: d.reason })),
    stats: { filesScanned: input.stats.filesScanned, filesParsed: input.stats.filesParsed, durationMs: input.stats.durationMs },
    skipped: (input.skipped ?? []).map((s) => ({ file: relative(input.root, s.file), reason: s.reason })),
  };
}

export function formatScanJson(input: ScanReportInput): string {
  return JSON.stringify(scanJson(input), null, 2) + '\n';
}

/** Keys, paths and reasons come from the workspace: in a terminal, an ESC in one must not act. */
function safe(text: string): string {
  return terminalSafeText(text);
}

/** References grouped by key, then dynamic references, then counts. */
export function formatScanText(input: ScanReportInput): string {
  const lines: string[] = [];
  const byKey = new Map<string, FlagReference[]>();
  for (const ref of input.references) {
    let list = byKey.get(ref.key);
    if (!list) byKey.set(ref.key, (list = []));
    list.push(ref);
  }
  const keys = [...byKey.keys()].sort();
  for (const key of keys) {
    const refs = byKey.get(key)!;
    lines.push(`${safe(key)}  (${refs.length} reference${refs.length === 1 ? '' : 's'})`);
    for (const r of refs) {
      const where = `${safe(relative(input.root, r.file))}:${r.keySpan.startLine + 1}:${r.keySpan.startCharacter + 1}`;
      const detail = r.confidence === 'text' ? 'text match, lower confidence' : `${r.pattern}, ${r.kind}, via ${r.via}${r.wrappers?.length ? ` (${r.wrappers.map((w) => w.split('#').pop()).join(' → ')})` : ''}`;
      lines.push(`  ${where}  ${safe(detail)}`);
    }
  }
  if (input.dynamic.length > 0) {
    if (lines.length) lines.push('');
    lines.push(`Dynamic references (key not known statically): ${input.dynamic.length}`);
    for (const d of input.dynamic) lines.push(`  ${safe(relative(input.root, d.file))}:${d.span.startLine + 1}:${d.span.startCharacter + 1}  ${safe(`${d.pattern}: ${d.reason}`)}`);
  }
  if (input.skipped && input.skipped.length > 0) {
    if (lines.length) lines.push('');
    lines.push(`Skipped files: ${input.skipped.length}`);
    for (const s of input.skipped) lines.push(`  ${safe(relative(input.root, s.file))}  ${safe(s.reason)}`);
  }
  const text = input.references.filter((r) => r.confidence === 'text').length;
  if (lines.length) lines.push('');
  lines.push(
    `${keys.length} flag key${keys.length === 1 ? '' : 's'}, ${input.references.length} reference${input.references.length === 1 ? '' : 's'} (${text} text), ` +
      `${input.dynamic.length} dynamic; ${input.stats.filesScanned} files scanned, ${input.stats.filesParsed} parsed in ${input.stats.durationMs} ms` +
      (input.skipped?.length ? `; ${input.skipped.length} file${input.skipped.length === 1 ? '' : 's'} skipped` : ''),
  );
  return lines.join('\n') + '\n';
}

const rules: SarifRule[] = [
  { id: 'flaglens/flag-reference', name: 'FlagReference', shortDescription: 'Feature flag reference', fullDescription: 'A feature flag is evaluated here; the key was resolved from the syntax tree.', defaultLevel: 'note' },
  { id: 'flaglens/flag-text-match', name: 'FlagTextMatch', shortDescription: 'Feature flag key found as text (lower confidence)', fullDescription: 'A known flag key appears in a non-TypeScript file.', defaultLevel: 'note' },
  { id: 'flaglens/dynamic-flag-reference', name: 'DynamicFlagReference', shortDescription: 'Flag evaluated with a key not known statically', fullDescription: 'A flag SDK call whose key is computed at run time; stale-flag detection and cleanup cannot see which flag it reads.', defaultLevel: 'warning' },
];

export function scanSarif(input: ScanReportInput, toolVersion: string): SarifLog {
  const results: SarifResultInput[] = [];
  for (const r of input.references) {
    results.push({
      ruleId: r.confidence === 'text' ? 'flaglens/flag-text-match' : 'flaglens/flag-reference',
      message: r.confidence === 'text' ? `Flag key '${r.key}' (text match)` : `Flag '${r.key}' evaluated via ${r.pattern} (${r.kind})`,
      file: r.file,
      region: { startLine: r.keySpan.startLine + 1, startColumn: r.keySpan.startCharacter + 1, endLine: r.keySpan.endLine + 1, endColumn: r.keySpan.endCharacter + 1 },
      properties: { key: r.key, sdk: r.sdk, pattern: r.pattern, kind: r.kind, via: r.via, confidence: r.confidence },
      partialFingerprints: { flagKey: r.key },
    });
  }
  for (const d of input.dynamic) {
    results.push({
      ruleId: 'flaglens/dynamic-flag-reference',
      message: `Dynamic flag key (${d.pattern}): ${d.reason}`,
      file: d.file,
      region: { startLine: d.span.startLine + 1, startColumn: d.span.startCharacter + 1, endLine: d.span.endLine + 1, endColumn: d.span.endCharacter + 1 },
      properties: { sdk: d.sdk, pattern: d.pattern },
    });
  }
  // Skipped files are not findings: SARIF's place for them is the run's tool execution notifications.
  const notifications = (input.skipped ?? []).map((s) => ({ message: `File not scanned: ${s.reason}`, file: s.file }));
  return buildSarif({ root: input.root, toolVersion, rules, results, notifications, properties: { filesScanned: input.stats.filesScanned, filesParsed: input.stats.filesParsed, filesSkipped: notifications.length } });
}

export function formatScanSarif(input: ScanReportInput, toolVersion: string): string {
  return JSON.stringify(scanSarif(input, toolVersion), null, 2) + '\n';
}
