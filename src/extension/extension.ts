import * as vscode from 'vscode';
import { describeError } from '../core/errors';
import { registerAgentTools } from './agentTools/registerAgentTools';
import { registerCommands } from './commands/registerCommands';
import { EnvironmentState } from './environmentState';
import { createLogger } from './logger';
import type { Services } from './services';
import { SettingsStore } from './settings';
import { FlagCodeLensProvider } from './surfaces/codeLensProvider';
import { FlagCompletionProvider } from './surfaces/completionProvider';
import { FlagDiagnostics } from './surfaces/diagnostics';
import { FlagHoverProvider } from './surfaces/hoverProvider';
import { FlagStatusBar } from './surfaces/statusBar';
import { surfaceSwitch } from './surfaces/surfaceSwitch';
import { UnknownKeyFixProvider } from './surfaces/unknownKeyFix';
import { StaleFlagFixProvider } from './surfaces/staleFlagFix';
import { TokenStore } from './tokenStore';
import { useTsMorphCodeCache } from './tsMorphLoader';
import { registerFlagsView } from './view/flagsView';
import { DocumentSync } from './workspace/documentSync';
import { markActivation } from './workspace/startupTimes';
import { WorkspaceManager } from './workspace/workspaceManager';

const secretsWaitMs = 2000;

/** When the bundle finished loading, on the extension host's clock: activation follows it. */
const bundleLoadedAt = performance.now();

/**
 * Cheap on purpose: wires objects and returns. Config, sources and the workspace scan start after
 * activation, under a progress indicator, so the extension host is never held up.
 */
export function activate(context: vscode.ExtensionContext): void {
  const activateStarted = performance.now();
  markActivation(activateStarted);
  // Before anything can load ts-morph: the first analysis of the next session starts from V8's compiled code.
  useTsMorphCodeCache(vscode.Uri.joinPath(context.globalStorageUri, 'v8-cache').fsPath);
  const output = vscode.window.createOutputChannel('Flag Lens', { log: true });
  const tokens = new TokenStore(context.secrets);
  const logger = createLogger(output, () => tokens.known());
  const settings = new SettingsStore();
  const environment = new EnvironmentState(context.workspaceState);
  const storageDir = (context.storageUri ?? context.globalStorageUri).fsPath;
  const manager = new WorkspaceManager(logger, settings, tokens, storageDir);
  const services: Services = { context, manager, settings, environment, tokens, logger, output };

  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const view = registerFlagsView(services, ready);
  context.subscriptions.push(
    output,
    tokens,
    settings,
    environment,
    manager,
    new DocumentSync(manager, logger),
    registerCommands(services),
    view.disposable,
    surfaceSwitch(settings, (s) => s.hoverEnabled, () => FlagHoverProvider.register(services)),
    surfaceSwitch(settings, (s) => s.codeLensEnabled, () => FlagCodeLensProvider.register(services)),
    surfaceSwitch(settings, (s) => s.diagnosticsEnabled, () => vscode.Disposable.from(FlagDiagnostics.register(services), UnknownKeyFixProvider.register(services), StaleFlagFixProvider.register(services))),
    surfaceSwitch(settings, (s) => s.completionEnabled, () => FlagCompletionProvider.register(services)),
    surfaceSwitch(settings, (s) => s.statusBarEnabled, () => FlagStatusBar.register(services)),
    manager.onDidChangeSessions(() => void manager.startAll()),
    registerAgentTools(services),
  );

  logger.info(`Flag Lens ${String(context.extension.packageJSON.version)} activating${vscode.workspace.isTrusted ? '' : ' (untrusted workspace: local flag files only)'}.`);
  // Read by the E2E suite. The host's clock starts with the host: the bundle's load time is not measurable from inside it.
  logger.info(
    `[timing] activate() took ${(performance.now() - activateStarted).toFixed(1)} ms; bundle evaluated ${Math.round(bundleLoadedAt)} ms and activate() called ${Math.round(activateStarted)} ms after the extension host started (epoch ${Date.now()})`,
  );
  // Tokens first (remote sources need them), but never wait long on secret storage: local flag files
  // and the scan must not depend on it. Tokens that arrive late reconnect the remote sources.
  setTimeout(() => {
    let started = false;
    const loaded = tokens.load().then(
      () => {
        if (started && tokens.known().length > 0) return manager.reloadSourcesNow();
        return undefined;
      },
      (error: unknown) => logger.error(`Could not read secret storage: ${describeError(error)}`),
    );
    const waited = new Promise<void>((resolve) => setTimeout(resolve, secretsWaitMs));
    void Promise.race([loaded, waited])
      .then(() => {
        started = true;
        return manager.startAll();
      })
      .catch((error: unknown) => logger.error(`Start-up failed: ${describeError(error)}`))
      .finally(markReady);
  }, 0);
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions and disposed by VS Code.
}
