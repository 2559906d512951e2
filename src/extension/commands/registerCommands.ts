import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { redact } from '../../core/log';
import type { Services } from '../services';
import { changeRolloutCommand, unreleaseCommand } from './changeRollout';
import { chooseSourceCommand } from './chooseSource';
import { cleanupFlagCommand } from './cleanupFlag';
import { connectLaunchDarklyCommand, connectUnleashCommand, signOutCommand } from './connect';
import { findReferencesCommand } from './findReferences';
import { flagActionsCommand } from './flagActions';
import { openInDashboardCommand } from './openInDashboard';
import { selectEnvironmentCommand } from './selectEnvironment';
import { toggleFlagCommand } from './toggleFlag';
import { useFlagdFileCommand } from './useFlagdFile';
import { openReferenceCommand } from '../surfaces/hoverProvider';

async function refreshCommand(services: Services): Promise<void> {
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Flag Lens: refreshing flags' }, () => services.manager.refreshAll());
}

/** Every command id; the palette shows those contributed with a category, internal ones are hidden by `when: false`. */
export function registerCommands(services: Services): vscode.Disposable {
  const commands: Record<string, (...args: unknown[]) => Promise<void> | void> = {
    'flaglens.toggleFlag': (arg) => toggleFlagCommand(services, arg),
    'flaglens.changeRollout': (arg) => changeRolloutCommand(services, arg),
    'flaglens.unrelease': (arg) => unreleaseCommand(services, arg),
    'flaglens.selectEnvironment': () => selectEnvironmentCommand(services),
    'flaglens.refresh': () => refreshCommand(services),
    'flaglens.findReferences': (arg) => findReferencesCommand(services, arg),
    'flaglens.openInDashboard': (arg) => openInDashboardCommand(services, arg),
    'flaglens.connectLaunchDarkly': () => connectLaunchDarklyCommand(services),
    'flaglens.connectUnleash': () => connectUnleashCommand(services),
    'flaglens.signOut': () => signOutCommand(services),
    'flaglens.showOutput': () => services.output.show(),
    'flaglens.cleanupFlag': (arg) => cleanupFlagCommand(services, arg),
    'flaglens.useFlagdFile': () => useFlagdFileCommand(services),
    'flaglens.flagActions': (arg) => flagActionsCommand(services, arg),
    'flaglens.chooseSource': () => chooseSourceCommand(),
    'flaglens.openReference': (arg) => openReferenceCommand(services, arg),
  };
  return vscode.Disposable.from(
    ...Object.entries(commands).map(([id, run]) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await run(...args);
        } catch (error) {
          // Last line of defence: a command never fails silently, and never shows a token.
          const message = redact(describeError(error), services.tokens.known());
          services.logger.error(`${id} failed: ${message}`);
          void vscode.window.showErrorMessage(`Flag Lens: ${message}`);
        }
      }),
    ),
  );
}
