// `npm run test:vscode`: the integration suite inside a desktop VS Code via @vscode/test-electron.
// It downloads VS Code, so it needs internet; CI (offline) runs the same checks in code-server through
// `npm run test:e2e` instead. The suite is bundled with esbuild because the extension host loads JS.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

const repoRoot = resolve(__dirname, '..', '..');
const outDir = join(repoRoot, 'out', 'vscode-tests');

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the extension failed');
  rmSync(outDir, { recursive: true, force: true });
  const suiteDir = join(__dirname, 'suite');
  await esbuild.build({
    entryPoints: readdirSync(suiteDir).filter((f) => f.endsWith('.ts')).map((f) => join(suiteDir, f)),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const tmp = mkdtempSync(join(tmpdir(), 'flaglens-vscode-test-'));
  const workspace = join(tmp, 'shop');
  cpSync(join(repoRoot, 'examples'), workspace, { recursive: true, filter: (source) => !source.includes('/node_modules') });
  try {
    const exitCode = await runTests({
      version: process.env.FLAGLENS_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(outDir, 'index.js'),
      extensionTestsEnv: { FLAGLENS_TEST_WORKSPACE: workspace },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', join(tmp, 'user-data')],
    });
    process.exitCode = exitCode;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`test:vscode failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error('This suite downloads VS Code; offline, run `npm run test:e2e` (code-server) instead.');
  process.exit(1);
});
