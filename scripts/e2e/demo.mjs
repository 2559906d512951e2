// `npm run demo` (and the main job behind `npm start`): opens examples/ in a real VS Code
// (code-server, in your browser) with Flag Lens installed, on http://127.0.0.1:<port>.
// Sets code-server up on first run (cached in .vscode-test/). Options:
//   --port <n>         port to listen on (default 8080, or FLAGLENS_DEMO_PORT; a free one if taken)
//   --workspace <dir>  folder to open instead of examples/
//   --smoke            start, open the workbench in Chromium, wait for Flag Lens's code lens on the
//                      checkout page, then stop (for CI and scripts)
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerEntry, setupCodeServer } from './setupCodeServer.mjs';
import { buildExtension, installUnpacked } from './installExtension.mjs';
import { smokeCheck } from './demoSmoke.mjs';
import { ensureExampleDependencies } from './exampleDependencies.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const demoDir = join(repoRoot, '.vscode-test', 'demo');

function option(name) {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

function portIsFree(port) {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

async function choosePort(wanted) {
  if (await portIsFree(wanted)) return wanted;
  for (let port = wanted + 1; port < wanted + 50; port++) if (await portIsFree(port)) return port;
  throw new Error(`no free port between ${wanted} and ${wanted + 49}`);
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000}s`);
}

async function main() {
  const workspace = resolve(option('--workspace') ?? join(repoRoot, 'examples'));
  const smoke = process.argv.includes('--smoke');
  const started = Date.now();
  // Each phase says what it does and how long it took; cached phases say so and cost nothing.
  const phase = (label, work) => {
    const phaseStarted = Date.now();
    process.stdout.write(`[demo] ${label}…\n`);
    const note = work();
    process.stdout.write(`[demo] ${label}: ${note ?? `${((Date.now() - phaseStarted) / 1000).toFixed(1)}s`}\n`);
  };
  phase('Setting up VS Code (code-server)', () => {
    const setup = setupCodeServer();
    return setup.cached ? 'cached' : `${setup.totalSeconds.toFixed(0)}s (cached from now on)`;
  });
  // Only our own example gets its pinned dependencies; a folder passed with --workspace is the
  // user's project, and installing its packages (and running their scripts) is not ours to do.
  const examplesDir = join(repoRoot, 'examples');
  if (workspace === examplesDir) phase(`Installing the example project's dependencies (${workspace})`, () => (ensureExampleDependencies(workspace) === 0 ? 'cached' : undefined));
  const distDir = process.env.FLAGLENS_E2E_DIST;
  if (!distDir) phase('Building Flag Lens', () => void buildExtension());
  const extensionsDir = join(demoDir, 'extensions');
  const userDataDir = join(demoDir, 'user-data');
  installUnpacked(extensionsDir, { distDir });
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  const quiet = JSON.parse(readFileSync(join(repoRoot, 'scripts', 'e2e', 'workbenchSettings.json'), 'utf8'));
  let existing = {};
  try {
    existing = JSON.parse(readFileSync(settingsFile, 'utf8'));
  } catch {
    // first run, or settings the user broke: start from the quiet defaults
  }
  writeFileSync(settingsFile, JSON.stringify({ ...quiet, ...existing }, null, 2));

  const port = await choosePort(Number(option('--port') ?? process.env.FLAGLENS_DEMO_PORT ?? 8080));
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      codeServerEntry,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--extensions-dir', extensionsDir,
      '--user-data-dir', userDataDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      workspace,
    ],
    { stdio: smoke ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'], detached: false },
  );
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await waitForHealth(url, child, 60_000);
  const open = `${url}/?folder=${encodeURIComponent(workspace)}`;
  if (smoke) {
    try {
      const lens = await smokeCheck(open);
      console.log(`Demo smoke check passed in ${((Date.now() - started) / 1000).toFixed(1)}s: ${open} shows "${lens}".`);
    } finally {
      stop();
    }
    return;
  }
  console.log(`\nFlag Lens demo: open ${open}\n(VS Code in your browser with ${workspace} and Flag Lens installed. Ctrl+C stops it.)\n`);
  await new Promise((r) => child.once('exit', r));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
