import * as path from 'node:path';
import { loadWithCodeCache } from '../core/util/codeCache';

/** Set at activation (the extension's global storage); until then, and in tests, ts-morph compiles without a cache. */
let cacheDir: string | undefined;

/** Long enough for the first analysis to have compiled the parser and the index; short enough to happen in most sessions. */
const saveAfterMs = 20_000;

export function useTsMorphCodeCache(dir: string): void {
  cacheDir = dir;
}

/**
 * Loads dist/tsMorph.js (ts-morph with TypeScript, ~8 MB) for the lazy shim esbuild.mjs puts in
 * place of `ts-morph`: through V8's code cache, so the first analysis after the next start does not
 * parse and compile it again (about 0.4 s of the time to the first lens). The cache is written once
 * per build of the bundle and version of VS Code, a while after the first load.
 */
export function loadTsMorphBundle(bundleDir: string): unknown {
  const bundle = loadWithCodeCache(path.join(bundleDir, 'tsMorph.js'), cacheDir ? { cacheDir } : {});
  if (!bundle.cacheUsed) setTimeout(() => bundle.saveCache(), saveAfterMs).unref();
  return bundle.exports;
}
