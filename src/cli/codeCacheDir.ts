import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Where the CLI keeps V8's compiled code between runs: the user's cache folder, as the platform
 * names it. `FLAGLENS_CACHE_DIR` moves it, `FLAGLENS_CODE_CACHE=0` turns it off. Nothing in a
 * workspace (its `.flaglens.json` included) can choose this place.
 */
export function cliCodeCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string | undefined {
  const setting = env.FLAGLENS_CODE_CACHE?.trim();
  if (setting !== undefined && /^(0|off|false|no)$/i.test(setting)) return undefined;
  const absolute = (dir: string | undefined): string | undefined => (dir && path.isAbsolute(dir) ? dir : undefined);
  const own = absolute(env.FLAGLENS_CACHE_DIR);
  if (own) return path.join(own, 'v8');
  if (platform === 'win32') {
    const local = absolute(env.LOCALAPPDATA);
    return local ? path.join(local, 'flaglens', 'Cache', 'v8') : undefined;
  }
  const userHome = absolute(home);
  if (platform === 'darwin') return userHome ? path.join(userHome, 'Library', 'Caches', 'flaglens', 'v8') : undefined;
  const base = absolute(env.XDG_CACHE_HOME) ?? (userHome ? path.join(userHome, '.cache') : undefined);
  return base ? path.join(base, 'flaglens', 'v8') : undefined;
}
