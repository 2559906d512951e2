import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const repoRoot = path.resolve(__dirname, '..', '..');

interface BuildScript {
  cliBuilds(options: { production: boolean; outdir: string }): BuildOptions[];
}

/**
 * The CLI as users run it: the `flaglens` bin (src/cli/launcher.ts) and the CLI bundle it starts
 * through V8's code cache, built by esbuild.mjs's own options for `npm run package` (minified, the
 * same shims and patches), written to the bench cache so the measured process is the code of this
 * checkout, whatever `dist/` holds right now. Returns the bin.
 */
export async function bundleCli(cacheDir: string): Promise<string> {
  const outdir = path.join(cacheDir, 'cli');
  fs.mkdirSync(outdir, { recursive: true });
  const script = (await import(pathToFileURL(path.join(repoRoot, 'esbuild.mjs')).href)) as BuildScript;
  for (const options of script.cliBuilds({ production: true, outdir })) await build({ ...options, sourcemap: false });
  return path.join(outdir, 'cli.js');
}

/** The TypeScript the index parses with (the copy ts-morph bundles), for the parse-only process. */
export function typescriptModulePath(): string {
  return require.resolve('@ts-morph/common/dist/typescript.js', { paths: [repoRoot] });
}
