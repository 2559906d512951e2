import type * as vscode from 'vscode';
import type { Settings, SettingsStore } from '../settings';

/**
 * Keeps a surface registered exactly while its setting is on: created on enable, disposed (with
 * all it owns) on disable, no reload needed.
 */
export function surfaceSwitch(settings: SettingsStore, enabled: (settings: Settings) => boolean, create: () => vscode.Disposable): vscode.Disposable {
  let surface: vscode.Disposable | undefined = enabled(settings.current) ? create() : undefined;
  const subscription = settings.onDidChange(({ current }) => {
    const on = enabled(current);
    if (on && !surface) surface = create();
    else if (!on && surface) {
      surface.dispose();
      surface = undefined;
    }
  });
  return {
    dispose: () => {
      subscription.dispose();
      surface?.dispose();
      surface = undefined;
    },
  };
}
