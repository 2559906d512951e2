// `npm start`: the main job on the embedded default (a flagd file) — the CLI over examples/ for now.
import { spawnSync } from 'node:child_process';
import { ensureDependencies } from './ensureDependencies.mjs';

ensureDependencies();
const build = spawnSync('node', ['esbuild.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const r = spawnSync('node', ['dist/cli.js', 'scan', 'examples'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
