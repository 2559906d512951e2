import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * The CLI as users run it: `src/cli/main.ts` bundled the way `npm run package` ships it (esbuild,
 * minified, TypeScript and ts-morph inside), written to the bench cache so the measured process is
 * the code of this checkout, whatever `dist/` holds right now.
 */
export async function bundleCli(cacheDir: string): Promise<string> {
  const outfile = path.join(cacheDir, 'flaglens-cli.cjs');
  fs.mkdirSync(cacheDir, { recursive: true });
  await build({
    absWorkingDir: repoRoot,
    entryPoints: ['src/cli/main.ts'],
    outfile,
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
  });
  return outfile;
}

/** The TypeScript the index parses with (the copy ts-morph bundles), for the parse-only process. */
export function typescriptModulePath(): string {
  return require.resolve('@ts-morph/common/dist/typescript.js', { paths: [repoRoot] });
}
