// Bundles the extension (vscode stays external: the host provides it) and the CLI.
//
// The extension's bundle does not carry ts-morph and TypeScript (about 10 MB of JavaScript the host
// would parse on activation): they are a bundle of their own, dist/tsMorph.js, loaded on the first
// property read — the first analysis — through a shim that knows ts-morph's export names from build time.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const repoRoot = path.dirname(fileURLToPath(import.meta.url));

/** @returns {import('esbuild').BuildOptions} */
function sharedOptions(production) {
  return {
    absWorkingDir: repoRoot,
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
}

const tsMorphCommonFile = /@ts-morph[\\/]common[\\/]dist[\\/]ts-morph-common\.js$/;

/** Replaces `find` (which must occur exactly once) in a file of a dependency, or stops the build. */
function replaceOnce(text, find, replacement, what) {
  const at = text.indexOf(find);
  if (at < 0 || text.indexOf(find, at + 1) >= 0) throw new Error(`esbuild.mjs: @ts-morph/common changed (${what}); update the patch in esbuild.mjs.`);
  return text.slice(0, at) + replacement + text.slice(at + find.length);
}

/**
 * Two changes to @ts-morph/common as it is bundled (the build stops if its code no longer matches):
 * - Its `ts` is a frozen namespace of getters over TypeScript's exports, themselves getters: every
 *   `ts.isIdentifier` in ts-morph, and in our analysis, called two functions before the one it
 *   wanted, most of them while the code is still cold. It is a plain copy of the values instead:
 *   TypeScript sets them once, when it loads (`setSys` is tsserver's, and nobody here calls it).
 * - The texts of TypeScript's lib .d.ts files (2.8 MB, a third of the CLI bundle) go to
 *   tsLibFiles.js beside the bundle, read when a type-check first asks for them (cleanup's
 *   verification) instead of on every start, and kept out of the V8 code cache.
 */
function tsMorphCommonPatches(outdir) {
  return {
    name: 'ts-morph-common-patches',
    setup(build) {
      build.onLoad({ filter: tsMorphCommonFile }, async (args) => {
        let text = await fs.promises.readFile(args.path, 'utf8');
        text = replaceOnce(
          text,
          'var ts__namespace = /*#__PURE__*/_interopNamespaceCompat(ts);',
          'var ts__namespace = Object.freeze(Object.assign(Object.create(null), Object.fromEntries(Object.keys(ts).map((k) => [k, ts[k]])), { default: ts }));',
          'the ts namespace',
        );
        const start = 'const libFiles = [';
        const end = '];\n\nfunction getLibFiles() {\n    return libFiles;\n}';
        const from = text.indexOf(start);
        const to = text.indexOf(end, from);
        if (from < 0 || to < 0) throw new Error('esbuild.mjs: @ts-morph/common changed (its lib files); update the patch in esbuild.mjs.');
        const libArray = text.slice(from + start.length - 1, to + 1);
        await fs.promises.mkdir(outdir, { recursive: true });
        // Both bundles that hold @ts-morph/common write the same file: each renames a whole one into place.
        const temporary = path.join(outdir, `tsLibFiles.js.${process.pid}.${Math.random().toString(36).slice(2)}`);
        await fs.promises.writeFile(temporary, `"use strict";module.exports = ${libArray};\n`);
        await fs.promises.rename(temporary, path.join(outdir, 'tsLibFiles.js'));
        const lazyLibFiles = 'let libFiles;\nfunction getLibFiles() {\n    return (libFiles ??= require(require("node:path").join(__dirname, "tsLibFiles.js")));\n}';
        text = text.slice(0, from) + lazyLibFiles + text.slice(to + end.length);
        return { contents: text, loader: 'js' };
      });
    },
  };
}

/**
 * Module source for `ts-morph` as our code sees it: every export a getter that, on first use, loads
 * the real module (`loadMorph`) and turns all of them into plain values; `ts` is such an object of
 * its own over TypeScript (`loadTs`), so reading `ts` itself (src/core/util/typescript.ts does, as
 * it loads) loads nothing. Export names come from build time.
 */
function lazyTsMorphSource(loadMorph, loadTs, preamble = '') {
  const morphNames = Object.getOwnPropertyNames(require('ts-morph')).filter((name) => name !== '__esModule' && name !== 'ts');
  const tsNames = Object.keys(require('ts-morph').ts);
  return `${preamble}
const lazyObject = (names, loadAll) => {
  const target = {};
  const materialize = () => {
    const real = loadAll();
    for (const name of names) Object.defineProperty(target, name, { value: real[name], enumerable: true, writable: false, configurable: false });
  };
  for (const name of names) Object.defineProperty(target, name, { enumerable: true, configurable: true, get() { materialize(); return target[name]; } });
  return target;
};
// The getters sit on the prototype: esbuild's interop copies a CommonJS module's own properties into
// every module that imports it (30 of ours, 538 names each, at every start), but keeps its prototype.
module.exports = Object.create(lazyObject(${JSON.stringify(morphNames)}, ${loadMorph}));
Object.defineProperty(module.exports, 'ts', { value: lazyObject(${JSON.stringify(tsNames)}, ${loadTs}), enumerable: true });`;
}

function tsMorphShim(name, source, resolveDir) {
  return {
    name,
    setup(build) {
      build.onResolve({ filter: /^ts-morph$/ }, () => ({ path: 'ts-morph-lazy', namespace: name }));
      build.onLoad({ filter: /.*/, namespace: name }, () => ({ contents: source(), loader: 'js', resolveDir }));
    },
  };
}

/** The extension's `ts-morph`: dist/tsMorph.js, loaded through V8's code cache by src/extension/tsMorphLoader.ts. */
function extensionTsMorphShim() {
  const preamble = `let loaded;\nconst load = () => (loaded ??= require('./tsMorphLoader').loadTsMorphBundle(__dirname));`;
  return tsMorphShim('lazy-ts-morph', () => lazyTsMorphSource('load', '() => load().ts', preamble), path.join(repoRoot, 'src', 'extension'));
}

/**
 * The CLI's `ts-morph`, inside its bundle: TypeScript with @ts-morph/common when the analysis first
 * needs it, ts-morph itself (about 60 ms of start-up, its classes built from mixins) only for
 * commands that use it (cleanup, the MCP server).
 */
function cliTsMorphShim() {
  const common = JSON.stringify(require.resolve('@ts-morph/common'));
  const morph = JSON.stringify(require.resolve('ts-morph'));
  return tsMorphShim('cli-ts-morph', () => lazyTsMorphSource(`() => require(${morph})`, `() => require(${common}).ts`), repoRoot);
}

/** The CLI as published: the `flaglens` bin (a small launcher, see codeCache.ts) and the bundle it runs. */
export function cliBuilds({ production, outdir }) {
  const shared = sharedOptions(production);
  return [
    { ...shared, entryPoints: ['src/cli/launcher.ts'], outfile: path.join(outdir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
    { ...shared, entryPoints: ['src/cli/main.ts'], outfile: path.join(outdir, 'cliMain.js'), plugins: [cliTsMorphShim(), tsMorphCommonPatches(outdir)] },
  ];
}

export function allBuilds({ production, outdir }) {
  const shared = sharedOptions(production);
  return [
    { ...shared, entryPoints: ['src/extension/extension.ts'], outfile: path.join(outdir, 'extension.js'), plugins: [extensionTsMorphShim()] },
    // The half the extension loads on first analysis.
    { ...shared, entryPoints: { tsMorph: 'ts-morph' }, outdir, plugins: [tsMorphCommonPatches(outdir)] },
    ...cliBuilds({ production, outdir }),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const builds = allBuilds({ production: process.argv.includes('--production'), outdir: path.join(repoRoot, 'dist') });
  if (process.argv.includes('--watch')) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all(builds.map((b) => esbuild.build(b)));
  }
}
