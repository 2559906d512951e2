import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const codeServerCacheDir = join(repoRoot, '.vscode-test', 'code-server');
export const codeServerEntry = join(codeServerCacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const setupScript = join(repoRoot, 'scripts', 'e2e', 'setupCodeServer.mjs');
export const examplesDir = join(repoRoot, 'examples');
/** Git-ignored: failure screenshots and the README screenshots land here. */
export const resultsDir = join(repoRoot, 'test-results', 'e2e');
export const chromiumPath = process.env.FLAGLENS_CHROMIUM ?? '/usr/bin/chromium';
