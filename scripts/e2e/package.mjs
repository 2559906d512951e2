// `npm run package`: a production build, then a .vsix with @vscode/vsce (bundled, so --no-dependencies).
// Usage: node scripts/e2e/package.mjs [--out <file.vsix>]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vsceBin = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** Flags that keep vsce from prompting (CI has no stdin) where the manifest lacks optional fields. */
function vsceFlags() {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const flags = ['--no-dependencies', '--no-rewrite-relative-links'];
  if (!manifest.repository) flags.push('--allow-missing-repository');
  if (!['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((f) => existsSync(join(repoRoot, f)))) flags.push('--skip-license');
  return { manifest, flags };
}

/** Files vsce would put in the package, as relative paths. */
export function listPackageFiles() {
  return run(process.execPath, [vsceBin, 'ls', '--no-dependencies'])
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

export function packageExtension({ out } = {}) {
  const { manifest, flags } = vsceFlags();
  const target = resolve(repoRoot, out ?? `${manifest.name}-${manifest.version}.vsix`);
  run(process.execPath, ['esbuild.mjs', '--production']);
  const files = listPackageFiles();
  const forbidden = files.filter((f) => /^(src|test|examples|bench|scripts|node_modules)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'));
  if (forbidden.length > 0) throw new Error(`the package would contain files it must not ship: ${forbidden.join(', ')}`);
  run(process.execPath, [vsceBin, 'package', ...flags, '--out', target]);
  return { file: target, bytes: statSync(target).size, files };
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
