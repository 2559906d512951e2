/** The parts of the stale JSON and SARIF reports the tests read, typed so tests fail on shape changes. */
export interface JsonLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonFinding {
  kind: string;
  key: string;
  severity: string;
  keepValue?: unknown;
  suggestion?: string;
  sourceId?: string;
  definedAt?: JsonLocation;
  references: JsonLocation[];
}

export interface JsonReport {
  version: number;
  root: string;
  generatedAt: string;
  thresholds: { releasedAfterDays: number; inactiveAfterDays: number; launchedAfterDays: number };
  sources: { id: string; label: string; kind: string; flags: number; fetchedAt?: string; fromCache?: boolean }[];
  summary: { findings: number; flags: number; byKind: Record<string, number>; bySeverity: Record<string, number> };
  notChecked: string[];
  findings: JsonFinding[];
  notStale: { key: string; kind: string; sourceId?: string; reason: string }[];
}

export interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties: { key: string; kind: string; severity: string; keepValue?: unknown; suggestion?: string; evidence: string[] };
}

export interface SarifNotification {
  level: string;
  message: { text: string };
}

export interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; defaultConfiguration: { level: string } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: SarifResult[];
    invocations?: { executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }[];
  }[];
}
