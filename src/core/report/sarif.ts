import * as path from 'node:path';

/** A small SARIF 2.1.0 builder shared by every report that code-scanning tools ingest. */
export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export interface SarifRule {
  id: string;
  name?: string;
  shortDescription: string;
  fullDescription?: string;
  helpUri?: string;
  defaultLevel?: SarifLevel;
}

/** 1-based, as SARIF requires. */
export interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export interface SarifResultInput {
  ruleId: string;
  level?: SarifLevel;
  message: string;
  /** Absolute path, or relative to the root. */
  file: string;
  region?: SarifRegion;
  properties?: Record<string, unknown>;
  partialFingerprints?: Record<string, string>;
}

/** Something about the run rather than the code (a file that could not be read), shown in `invocations`. */
export interface SarifNotificationInput {
  message: string;
  /** Absolute path, or relative to the root. */
  file?: string;
  level?: 'error' | 'warning' | 'note';
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; informationUri?: string; rules: Record<string, unknown>[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: Record<string, unknown>[];
    invocations?: { executionSuccessful: boolean; toolExecutionNotifications: Record<string, unknown>[] }[];
    properties?: Record<string, unknown>;
  }[];
}

function fileUri(root: string): string {
  const normalized = root.split(path.sep).join('/');
  const withSlash = normalized.endsWith('/') ? normalized : `${normalized}/`;
  return `file://${withSlash.startsWith('/') ? '' : '/'}${encodeURI(withSlash)}`;
}

/** Relative URI with forward slashes and percent-encoding, resolved against %SRCROOT%. */
function relativeUri(root: string, file: string): string {
  const rel = path.isAbsolute(file) ? path.relative(root, file) : file;
  return rel.split(path.sep).join('/').split('/').map(encodeURIComponent).join('/');
}

export function buildSarif(options: {
  root: string;
  toolName?: string;
  toolVersion: string;
  informationUri?: string;
  rules: readonly SarifRule[];
  results: readonly SarifResultInput[];
  /** When given (even empty), the run gets `invocations[0]` with these as tool execution notifications. */
  notifications?: readonly SarifNotificationInput[];
  properties?: Record<string, unknown>;
}): SarifLog {
  const ruleIndex = new Map(options.rules.map((r, i) => [r.id, i]));
  const rules = options.rules.map((rule) => ({
    id: rule.id,
    ...(rule.name ? { name: rule.name } : {}),
    shortDescription: { text: rule.shortDescription },
    ...(rule.fullDescription ? { fullDescription: { text: rule.fullDescription } } : {}),
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    defaultConfiguration: { level: rule.defaultLevel ?? 'note' },
  }));
  const results = options.results.map((result) => {
    const index = ruleIndex.get(result.ruleId);
    if (index === undefined) throw new Error(`SARIF result uses unknown rule '${result.ruleId}'.`);
    const region = result.region
      ? {
          startLine: result.region.startLine,
          ...(result.region.startColumn !== undefined ? { startColumn: result.region.startColumn } : {}),
          ...(result.region.endLine !== undefined ? { endLine: result.region.endLine } : {}),
          ...(result.region.endColumn !== undefined ? { endColumn: result.region.endColumn } : {}),
        }
      : undefined;
    return {
      ruleId: result.ruleId,
      ruleIndex: index,
      level: result.level ?? options.rules[index]!.defaultLevel ?? 'note',
      message: { text: result.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: relativeUri(options.root, result.file), uriBaseId: '%SRCROOT%' },
            ...(region ? { region } : {}),
          },
        },
      ],
      ...(result.partialFingerprints ? { partialFingerprints: result.partialFingerprints } : {}),
      ...(result.properties ? { properties: result.properties } : {}),
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: options.toolName ?? 'Flag Lens', version: options.toolVersion, ...(options.informationUri ? { informationUri: options.informationUri } : {}), rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: fileUri(options.root) } },
        results,
        ...(options.notifications
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: options.notifications.map((n) => ({
                    level: n.level ?? 'warning',
                    message: { text: n.message },
                    ...(n.file !== undefined ? { locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(options.root, n.file), uriBaseId: '%SRCROOT%' } } }] } : {}),
                  })),
                },
              ],
            }
          : {}),
        ...(options.properties ? { properties: options.properties } : {}),
      },
    ],
  };
}
