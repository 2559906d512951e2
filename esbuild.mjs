// Bundles the extension (vscode stays external: the host provides it) and the CLI.
//
// The extension's bundle does not carry ts-morph and TypeScript (about 10 MB of JavaScript the host
// would parse on activation): they are a bundle of their own, dist/tsMorph.js, loaded on the first
// property read — the first analysis — through a shim that knows ts-morph's export names from build time.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';

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
  const names = Object.getOwnPropertyNames(require('ts-morph')).filter((name) => name !== '__esModule');
  const source = `
let loaded;
const load = () => (loaded ??= require('./tsMorph.js'));
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
      build.onLoad({ filter: /.*/, namespace: 'lazy-ts-morph' }, () => ({ contents: source, loader: 'js' }));
    },
  };
}

const builds = [
  { ...shared, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './tsMorph.js'], plugins: [lazyTsMorphShim()] },
  // The half the extension loads on first analysis; the CLI needs it at once and keeps it inline.
  { ...shared, entryPoints: { tsMorph: 'ts-morph' }, outdir: 'dist' },
  { ...shared, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
