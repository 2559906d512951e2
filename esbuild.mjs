// Bundles the extension (vscode stays external: the host provides it) and the CLI.
//
// The extension's bundle does not carry ts-morph and TypeScript (about 10 MB of JavaScript the host
// would parse on activation): they are a bundle of their own, dist/tsMorph.js, loaded on the first
// property read — the first analysis — through a shim that knows ts-morph's export names from build time.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const require = createRequire(import.meta.url);

/** @type {import('esbuild').BuildOptions} */
const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  // Development builds drop comments too (names stay; the source maps lead back to the code): ours
  // hold arrows and quotes beyond ASCII, and one such character makes Node decode a 17 MB bundle
  // into a two-byte string on every start (280 ms for the CLI).
  minifyWhitespace: true,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  external: ['vscode'],
  // jsonc-parser's default (UMD) entry loads its parts dynamically, which a bundle cannot follow.
  mainFields: ['module', 'main'],
};

/**
 * `import { Project } from 'ts-morph'` in the extension resolves to this shim. esbuild's interop
 * copies the export names (known here, at build time) as getters, so nothing is loaded until a
 * value is read; `__esModule` and other probes are answered without loading.
 */
function lazyTsMorphShim() {
  // Bundled into the shim: it loads dist/tsMorph.js through V8's code cache.
  const extensionDir = fileURLToPath(new URL('./src/extension/', import.meta.url));
  const names = Object.getOwnPropertyNames(require('ts-morph')).filter((name) => name !== '__esModule');
  const source = `
let loaded;
const load = () => (loaded ??= require('./tsMorphLoader').loadTsMorphBundle(__dirname));
const names = ${JSON.stringify(names)};
module.exports = new Proxy({}, {
  get: (_, key) => (typeof key === 'string' && names.includes(key) ? load()[key] : undefined),
  has: (_, key) => names.includes(key),
  ownKeys: () => names,
  getOwnPropertyDescriptor: (_, key) => (names.includes(key) ? { configurable: true, enumerable: true, writable: false, value: undefined } : undefined),
});`;
  return {
    name: 'lazy-ts-morph',
    setup(build) {
      build.onResolve({ filter: /^ts-morph$/ }, () => ({ path: 'ts-morph-lazy', namespace: 'lazy-ts-morph' }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-ts-morph' }, () => ({ contents: source, loader: 'js', resolveDir: extensionDir }));
    },
  };
}

const builds = [
  { ...shared, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', plugins: [lazyTsMorphShim()] },
  // The half the extension loads on first analysis; the CLI needs it at once and keeps it inline.
  { ...shared, entryPoints: { tsMorph: 'ts-morph' }, outdir: 'dist' },
  // The bin is a small launcher that runs the CLI bundle through V8's code cache (see codeCache.ts).
  { ...shared, entryPoints: ['src/cli/launcher.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...shared, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cliMain.js' },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
