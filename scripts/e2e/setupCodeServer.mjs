// Sets up a real VS Code (code-server from npm) for the E2E suite and `npm run demo`.
// @vscode/test-electron downloads VS Code from the internet, which CI does not have; code-server
// comes from the npm registry. Idempotent: a marker file records the finished version, so a second
// run is a no-op. Usage: [FLAGLENS_CODE_SERVER_VERSION=x.y.z] node scripts/e2e/setupCodeServer.mjs [--force]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// 4.103.2 (VS Code 1.103) is the first on npm with the final MCP server definition API (1.101+); it
// asks for Node 22 but runs on Node 20, which 4.139 (Node 24's module hooks) does not.
export const DEFAULT_CODE_SERVER_VERSION = '4.103.2';
// FLAGLENS_CODE_SERVER_VERSION tries another code-server (another VS Code) without touching the
// default install: each other version gets its own folder (or FLAGLENS_CODE_SERVER_DIR), so
// switching back and forth reinstalls nothing and never breaks a run using the default.
export const CODE_SERVER_VERSION = process.env.FLAGLENS_CODE_SERVER_VERSION || DEFAULT_CODE_SERVER_VERSION;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const codeServerCacheDir = process.env.FLAGLENS_CODE_SERVER_DIR
  ? resolve(process.env.FLAGLENS_CODE_SERVER_DIR)
  : join(repoRoot, '.vscode-test', CODE_SERVER_VERSION === DEFAULT_CODE_SERVER_VERSION ? 'code-server' : `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = join(codeServerCacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = '/usr/bin/chromium';
const markerFile = join(codeServerCacheDir, '.flaglens-setup.json');
const aptPackages = [
  // argon2/kerberos native modules of code-server build against these headers.
  { pkg: 'libkrb5-dev', present: () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h') },
  { pkg: 'ripgrep', present: () => existsSync('/usr/bin/rg') },
  { pkg: 'chromium', present: () => existsSync(chromiumPath) },
  // Not needed to pass, but without it the hover's 🔒 and ⚠ render as boxes in screenshots.
  { pkg: 'fonts-noto-color-emoji', present: () => existsSync('/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf'), optional: true },
];

/** True when a previous run finished for this exact version. */
export function isCodeServerReady() {
  if (!existsSync(markerFile) || !existsSync(codeServerEntry)) return false;
  try {
    return JSON.parse(readFileSync(markerFile, 'utf8')).version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

function run(label, command, args, options = {}) {
  const started = Date.now();
  process.stdout.write(`[setup] ${label}…\n`);
  const result = spawnSync(command, args, {
    stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    cwd: options.cwd ?? codeServerCacheDir,
    env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    if (options.quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`setup step "${label}" failed (exit ${result.status ?? result.signal}) after ${seconds}s`);
  }
  process.stdout.write(`[setup] ${label}: ${seconds}s\n`);
  return Number(seconds);
}

function ensureAptPackages(timings) {
  const missing = aptPackages.filter((p) => !p.present()).map((p) => p.pkg);
  if (missing.length === 0) return;
  const required = aptPackages.filter((p) => !p.optional && missing.includes(p.pkg)).map((p) => p.pkg);
  if (required.length === 0 && process.getuid?.() !== 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages ${required.join(', ')}; install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  const install = () =>
    run(`apt-get install ${missing.join(' ')}`, 'apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', ...missing], {
      cwd: repoRoot,
      env: { DEBIAN_FRONTEND: 'noninteractive' },
    });
  try {
    try {
      timings.apt = install();
    } catch {
      // A fresh machine may have stale package lists.
      timings.aptUpdate = run('apt-get update', 'apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update'], { cwd: repoRoot });
      timings.apt = install();
    }
  } catch (error) {
    if (required.length > 0) throw error;
    console.warn(`[setup] optional packages not installed (${missing.join(', ')}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Installs code-server into the cache folder unless it is already there. Returns step timings in seconds. */
export function setupCodeServer({ force = false } = {}) {
  const started = Date.now();
  const timings = {};
  ensureAptPackages(timings);
  if (!force && isCodeServerReady()) {
    return { cached: true, timings, totalSeconds: (Date.now() - started) / 1000 };
  }
  if (force) rmSync(codeServerCacheDir, { recursive: true, force: true });
  mkdirSync(codeServerCacheDir, { recursive: true });
  rmSync(markerFile, { force: true });
  if (!existsSync(join(codeServerCacheDir, 'package.json'))) {
    writeFileSync(join(codeServerCacheDir, 'package.json'), JSON.stringify({ name: 'flaglens-code-server-cache', private: true }, null, 2));
  }
  const vscodeDir = join(codeServerCacheDir, 'node_modules', 'code-server', 'lib', 'vscode');
  // code-server's own postinstall downloads nothing we need but fails offline, hence --ignore-scripts.
  timings.installCodeServer = run(`npm install code-server@${CODE_SERVER_VERSION}`, 'npm', [
    'install', '--ignore-scripts', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`,
  ]);
  timings.installVscodeDeps = run('npm install (lib/vscode)', 'npm', ['install', '--omit=dev', '--ignore-scripts'], { cwd: vscodeDir });
  // @vscode/ripgrep's postinstall skips its GitHub download when the binary is already there.
  const rgTarget = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  mkdirSync(dirname(rgTarget), { recursive: true });
  copyFileSync('/usr/bin/rg', rgTarget);
  chmodSync(rgTarget, 0o755);
  // node-pty's install script runs `npx node-gyp`; ~/.npmrc may say yes=false, which makes npx abort.
  timings.rebuildVscode = run('npm rebuild (lib/vscode)', 'npm', ['rebuild'], { cwd: vscodeDir, env: { npm_config_yes: 'true' } });
  timings.installBuiltinExtensionDeps = run('npm install (lib/vscode/extensions)', 'npm', ['install', '--omit=dev'], {
    cwd: join(vscodeDir, 'extensions'),
    env: { npm_config_yes: 'true' },
  });
  timings.rebuildArgon2 = run('npm rebuild argon2', 'npm', ['rebuild', 'argon2'], { env: { npm_config_yes: 'true' } });
  writeFileSync(markerFile, JSON.stringify({ version: CODE_SERVER_VERSION, finishedAt: new Date().toISOString(), timings }, null, 2));
  return { cached: false, timings, totalSeconds: (Date.now() - started) / 1000 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const result = setupCodeServer({ force: process.argv.includes('--force') });
    console.log(
      result.cached
        ? `[setup] code-server ${CODE_SERVER_VERSION} already set up in ${codeServerCacheDir} (${result.totalSeconds.toFixed(1)}s)`
        : `[setup] code-server ${CODE_SERVER_VERSION} ready in ${result.totalSeconds.toFixed(1)}s: ${JSON.stringify(result.timings)}`,
    );
  } catch (error) {
    console.error(`[setup] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
