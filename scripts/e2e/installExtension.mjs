// Builds Flag Lens and installs it unpacked into an extensions folder, holding exactly what the .vsix
// holds (see .vscodeignore), so code-server runs the shipped layout without a packaging round trip.
// Usage: node scripts/e2e/installExtension.mjs <extensions-dir> [--production]   (prints the install folder)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeUserReadme } from './userReadme.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shippedEntries = ['package.json', 'dist', 'media', 'schemas', 'LICENSE', 'LICENSE.md', 'LICENSE.txt', 'CHANGELOG.md'];


export function readManifest() {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
}

export function buildExtension({ production = false } = {}) {
  const result = spawnSync(process.execPath, ['esbuild.mjs', ...(production ? ['--production'] : [])], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`node esbuild.mjs failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
}

/**
 * Replaces any installed Flag Lens in `extensionsDir` with the current build; returns the folder.
 * `distDir` takes the bundles from elsewhere (a build made some other way) instead of dist/.
 */
export function installUnpacked(extensionsDir, { distDir } = {}) {
  const manifest = readManifest();
  const id = `${manifest.publisher}.${manifest.name}`;
  mkdirSync(extensionsDir, { recursive: true });
  for (const entry of readdirSync(extensionsDir)) {
    if (entry.toLowerCase().startsWith(`${id.toLowerCase()}-`)) rmSync(join(extensionsDir, entry), { recursive: true, force: true });
  }
  const target = join(extensionsDir, `${id}-${manifest.version}`);
  mkdirSync(target, { recursive: true });
  for (const entry of shippedEntries) {
    const from = entry === 'dist' && distDir ? resolve(distDir) : join(repoRoot, entry);
    if (!existsSync(from)) continue;
    // Source maps stay out, as in the .vsix (.vscodeignore ships dist/**/*.js only).
    cpSync(from, join(target, entry), { recursive: true, filter: (path) => !path.endsWith('.map') });
  }
  // The .vsix carries the user README (vsce --readme-path), not the repository's developer README.
  writeUserReadme(repoRoot, join(target, 'README.md'));
  return target;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const extensionsDir = process.argv[2];
  if (!extensionsDir) {
    console.error('usage: node scripts/e2e/installExtension.mjs <extensions-dir> [--production]');
    process.exit(2);
  }
  try {
    // FLAGLENS_E2E_DIST=<folder> installs bundles built some other way instead of building dist/.
    const distDir = process.env.FLAGLENS_E2E_DIST;
    if (!distDir) buildExtension({ production: process.argv.includes('--production') });
    console.log(installUnpacked(resolve(extensionsDir), { distDir }));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
