import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');
/** Mirrors scripts/e2e/setupCodeServer.mjs (FLAGLENS_CODE_SERVER_VERSION / _DIR pick another code-server). */
const defaultCodeServerVersion = '4.103.2';
export const codeServerVersion = process.env.FLAGLENS_CODE_SERVER_VERSION || defaultCodeServerVersion;
/** code-server 4.x.y ships VS Code 1.x.y. */
export const vscodeMinor = Number(codeServerVersion.split('.')[1]);
export const codeServerCacheDir = process.env.FLAGLENS_CODE_SERVER_DIR
  ? resolve(process.env.FLAGLENS_CODE_SERVER_DIR)
  : join(repoRoot, '.vscode-test', codeServerVersion === defaultCodeServerVersion ? 'code-server' : `code-server-${codeServerVersion}`);
export const codeServerEntry = join(codeServerCacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const setupScript = join(repoRoot, 'scripts', 'e2e', 'setupCodeServer.mjs');
export const examplesDir = join(repoRoot, 'examples');
/** Git-ignored: failure screenshots and the README screenshots land here. */
export const resultsDir = join(repoRoot, 'test-results', 'e2e');
export const chromiumPath = process.env.FLAGLENS_CHROMIUM ?? '/usr/bin/chromium';
