// `npm run package`: a production build, then a .vsix with @vscode/vsce (bundled, so --no-dependencies).
// Usage: node scripts/e2e/package.mjs [--out <file.vsix>]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeUserReadme } from './userReadme.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vsceBin = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
// Written into the staging copy: the user README with its images inlined (see userReadme.mjs).
const marketplaceReadme = 'media/marketplace/README.vsix.md';

function run(command, args, cwd = repoRoot) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** Flags that keep vsce from prompting (CI has no stdin) where the manifest lacks optional fields. */
function vsceFlags() {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  // The repository README is for developers; people installing the extension get their own.
  const flags = ['--no-dependencies', '--no-rewrite-relative-links', '--readme-path', marketplaceReadme];
  if (!manifest.repository) flags.push('--allow-missing-repository');
  if (!['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((f) => existsSync(join(repoRoot, f)))) flags.push('--skip-license');
  return { manifest, flags };
}

/** Files vsce would put in the package, as relative paths. */
export function listPackageFiles(cwd = repoRoot) {
  return run(process.execPath, [vsceBin, 'ls', '--no-dependencies', '--readme-path', marketplaceReadme], cwd)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * Builds and packs in a private copy of the checkout (node_modules linked): other builds running in
 * the shared dist/ at the same time cannot leave a development bundle or a half-written file in the
 * .vsix.
 */
export function packageExtension({ out } = {}) {
  const { manifest, flags } = vsceFlags();
  const target = resolve(repoRoot, out ?? `${manifest.name}-${manifest.version}.vsix`);
  const staging = mkdtempSync(join(tmpdir(), 'flaglens-package-'));
  try {
    for (const entry of readdirSync(repoRoot)) {
      if (['node_modules', '.git', '.vscode-test', 'test-results', 'out', 'dist', '.cache'].includes(entry) || entry.endsWith('.vsix')) continue;
      cpSync(join(repoRoot, entry), join(staging, entry), { recursive: true });
    }
    symlinkSync(join(repoRoot, 'node_modules'), join(staging, 'node_modules'), 'dir');
    writeUserReadme(staging, join(staging, marketplaceReadme));
    run(process.execPath, ['esbuild.mjs', '--production'], staging);
    const files = listPackageFiles(staging);
    const forbidden = files.filter((f) => /^(src|test|examples|bench|scripts|node_modules)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'));
    if (forbidden.length > 0) throw new Error(`the package would contain files it must not ship: ${forbidden.join(', ')}`);
    run(process.execPath, [vsceBin, 'package', ...flags, '--out', target], staging);
    return { file: target, bytes: statSync(target).size, files };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outIndex = process.argv.indexOf('--out');
  try {
    const started = Date.now();
    const result = packageExtension({ out: outIndex > 0 ? process.argv[outIndex + 1] : undefined });
    console.log(`Packaged ${result.files.length} files:`);
    for (const f of result.files) console.log(`  ${f}`);
    console.log(`${result.file}: ${(result.bytes / 1024 / 1024).toFixed(2)} MiB (${result.bytes} bytes) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
