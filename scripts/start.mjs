// `npm start`: the main job on the embedded default — examples/ (flag state from its flagd file)
// opened in a real VS Code in the browser with Flag Lens installed. Extra arguments go to the demo
// (e.g. `npm start -- --port 9000`).
import { spawnSync } from 'node:child_process';
import { ensureDependencies } from './ensureDependencies.mjs';

ensureDependencies();
const r = spawnSync('node', ['scripts/e2e/demo.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
