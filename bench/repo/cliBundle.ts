import * as fs from 'node:fs';
import * as path from 'node:path';
import { build, type BuildOptions } from 'esbuild';

const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * The CLI as users run it: the `flaglens` bin (src/cli/launcher.ts) and the CLI bundle it starts
 * through V8's code cache, built the way `npm run package` ships them (esbuild, minified, TypeScript
 * and ts-morph inside), written to the bench cache so the measured process is the code of this
 * checkout, whatever `dist/` holds right now. Returns the bin.
 */
export async function bundleCli(cacheDir: string): Promise<string> {
  const outdir = path.join(cacheDir, 'cli');
  fs.mkdirSync(outdir, { recursive: true });
  const options: BuildOptions = {
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
    external: ['vscode'],
    // As esbuild.mjs: jsonc-parser's UMD entry loads its parts dynamically, which a bundle cannot follow.
    mainFields: ['module', 'main'],
  };
  await build({ ...options, entryPoints: ['src/cli/launcher.ts'], outfile: path.join(outdir, 'cli.js') });
  await build({ ...options, entryPoints: ['src/cli/main.ts'], outfile: path.join(outdir, 'cliMain.js') });
  return path.join(outdir, 'cli.js');
}

/** The TypeScript the index parses with (the copy ts-morph bundles), for the parse-only process. */
export function typescriptModulePath(): string {
  return require.resolve('@ts-morph/common/dist/typescript.js', { paths: [repoRoot] });
}
