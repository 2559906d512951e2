// The demo workspace is a real project: its SDKs, React and their types are installed so the
// TypeScript server reports no errors and Flag Lens's diagnostics are the only ones on screen.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Runs `npm ci` in the workspace when its node_modules is missing or older than its lock file. Returns seconds spent (0 when cached). */
export function ensureExampleDependencies(workspace) {
  const lock = join(workspace, 'package-lock.json');
  if (!existsSync(lock)) return 0;
  const marker = join(workspace, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return 0;
  const started = Date.now();
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: workspace,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  if (result.status !== 0) throw new Error(`npm ci in ${workspace} failed (exit ${result.status ?? result.signal})`);
  return (Date.now() - started) / 1000;
}
