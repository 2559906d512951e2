import * as vscode from 'vscode';
import type { Disposable } from 'vscode';
import type { FolderSourceSettings } from '../core/sources/sourcePolicy';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

/** Window-wide settings; one immutable snapshot rebuilt only when a `flaglens.*` setting changes. */
export interface Settings {
  readonly codeLensEnabled: boolean;
  readonly codeLensEnvironments: readonly string[];
  readonly hoverEnabled: boolean;
  readonly completionEnabled: boolean;
  readonly statusBarEnabled: boolean;
  readonly diagnosticsEnabled: boolean;
  readonly unknownKeySeverity: SeverityName;
  readonly dynamicReferenceDiagnostics: boolean;
  readonly staleSeverity: SeverityName | 'off';
  /** A hint on references of flags with no evaluations in a protected environment (counts read for open files only). */
  readonly noEvaluationsHint: boolean;
  readonly protectedEnvironments: readonly string[];
  /** Application scope only: a workspace cannot switch it on. */
  readonly allowProtectedToggles: boolean;
  /** Application scope only: decides where the LaunchDarkly token is sent. */
  readonly launchDarklyBaseUrl: string;
  /** Application scope only: decides where the Unleash token is sent. */
  readonly unleashUrl: string;
  readonly pollIntervalSeconds: number;
  readonly maxFileSizeKb: number;
}

/** Settings a folder may override (resource scope): exactly what the core source policy reads per folder. */
export type FolderSettings = FolderSourceSettings;

const severities: readonly SeverityName[] = ['error', 'warning', 'information', 'hint'];

function severity(value: unknown, fallback: SeverityName): SeverityName {
  return severities.includes(value as SeverityName) ? (value as SeverityName) : fallback;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim()) : [];
}

/** Reads an application-scoped value from user settings only, whatever a workspace file says. */
function userValue<T>(config: vscode.WorkspaceConfiguration, key: string, fallback: T): T {
  const inspected = config.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('flaglens');
  const staleSeverity = config.get<string>('diagnostics.staleSeverity', 'information');
  return Object.freeze({
    codeLensEnabled: config.get<boolean>('codeLens.enabled', true),
    codeLensEnvironments: Object.freeze(strings(config.get('codeLens.environments'))),
    hoverEnabled: config.get<boolean>('hover.enabled', true),
    completionEnabled: config.get<boolean>('completion.enabled', true),
    statusBarEnabled: config.get<boolean>('statusBar.enabled', true),
    diagnosticsEnabled: config.get<boolean>('diagnostics.enabled', true),
    unknownKeySeverity: severity(config.get('diagnostics.unknownKeySeverity'), 'warning'),
    dynamicReferenceDiagnostics: config.get<boolean>('diagnostics.dynamicReferences', true),
    staleSeverity: staleSeverity === 'off' ? 'off' : severity(staleSeverity, 'information'),
    noEvaluationsHint: config.get<boolean>('diagnostics.noEvaluationsHint', true),
    protectedEnvironments: Object.freeze(strings(config.get('protectedEnvironments'))),
    allowProtectedToggles: userValue<boolean>(config, 'allowProtectedToggles', false) === true,
    launchDarklyBaseUrl: String(userValue(config, 'launchDarkly.baseUrl', 'https://app.launchdarkly.com') || 'https://app.launchdarkly.com'),
    unleashUrl: String(userValue(config, 'unleash.url', '')),
    pollIntervalSeconds: Math.max(10, Number(config.get('pollIntervalSeconds', 60)) || 60),
    maxFileSizeKb: Math.max(16, Number(config.get('references.maxFileSizeKb', 1024)) || 1024),
  });
}

function readFolderSettings(folder: vscode.Uri): FolderSettings {
  const config = vscode.workspace.getConfiguration('flaglens', folder);
  return Object.freeze({
    launchDarklyProject: config.get<string>('launchDarkly.project', '').trim(),
    launchDarklyEnvironments: Object.freeze(strings(config.get('launchDarkly.environments'))),
    unleashProject: config.get<string>('unleash.project', '').trim(),
    unleashEnvironments: Object.freeze(strings(config.get('unleash.environments'))),
  });
}

/** Owns the snapshot; surfaces read `current` and subscribe to `onDidChange`. */
export class SettingsStore implements Disposable {
  private snapshot = readSettings();
  private readonly folderSnapshots = new Map<string, FolderSettings>();
  private readonly emitter = new vscode.EventEmitter<{ previous: Settings; current: Settings; event: vscode.ConfigurationChangeEvent }>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration('flaglens')) return;
    const previous = this.snapshot;
    this.snapshot = readSettings();
    this.folderSnapshots.clear();
    this.emitter.fire({ previous, current: this.snapshot, event });
  });

  get current(): Settings {
    return this.snapshot;
  }

  forFolder(folder: vscode.Uri): FolderSettings {
    const key = folder.toString();
    let settings = this.folderSnapshots.get(key);
    if (!settings) {
      settings = readFolderSettings(folder);
      this.folderSnapshots.set(key, settings);
    }
    return settings;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
