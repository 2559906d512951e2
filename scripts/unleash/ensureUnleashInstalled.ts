import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { run } from './processes';

/** 7.x needs Node 22; the project runs on Node 20. */
export const unleashVersion = '6.10.1';
export const repoRoot = resolve(__dirname, '..', '..');
export const unleashCacheDir = join(repoRoot, '.cache', 'unleash');

function installedVersion(): string | undefined {
  const manifest = join(unleashCacheDir, 'node_modules', 'unleash-server', 'package.json');
  if (!existsSync(manifest)) return undefined;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Installs unleash-server into the git-ignored `.cache/unleash` (never a project dependency: it is
 * ~475 packages only the integration suite needs). Skips when the pinned version is already there.
 * Returns the module path to `require` and whether an install ran.
 */
export async function ensureUnleashInstalled(log: (line: string) => void = () => undefined): Promise<{ modulePath: string; installed: boolean; ms: number }> {
  const modulePath = join(unleashCacheDir, 'node_modules', 'unleash-server');
  const started = Date.now();
  if (installedVersion() === unleashVersion) return { modulePath, installed: false, ms: 0 };
  mkdirSync(unleashCacheDir, { recursive: true });
  const manifest = join(unleashCacheDir, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, JSON.stringify({ name: 'flaglens-unleash-cache', private: true }, null, 2) + '\n');
  log(`installing unleash-server@${unleashVersion} into ${unleashCacheDir} …`);
  // Inherited npm_config_*prefix (set when this runs under `npm test`) would point npm at the repo.
  const env = { ...process.env };
  delete env.npm_config_prefix;
  delete env.npm_config_local_prefix;
  // flock serializes two suites installing at once; the second one finds everything up to date.
  await run('flock', [join(unleashCacheDir, '.install.lock'), 'npm', 'install', `unleash-server@${unleashVersion}`, '--prefix', unleashCacheDir, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: unleashCacheDir, env });
  if (installedVersion() !== unleashVersion) throw new Error(`unleash-server@${unleashVersion} is not in ${unleashCacheDir} after npm install`);
  const ms = Date.now() - started;
  log(`installed unleash-server in ${(ms / 1000).toFixed(1)} s`);
  return { modulePath, installed: true, ms };
}
