import { spawnSync } from 'node:child_process';
import type { Context } from 'mocha';
import { setupScript } from './paths';
import { screenshotPath, session, startSession, stopSession } from './session';

// Mocha root hooks (loaded through .mocharc "require"): set up code-server once (cached), start one
// code-server + browser for all specs, screenshot every failing test, tear everything down at the end.
export const mochaHooks = {
  async beforeAll(this: Context) {
    this.timeout(30 * 60_000);
    const started = Date.now();
    const setup = spawnSync(process.execPath, [setupScript], { stdio: 'inherit' });
    if (setup.status !== 0) throw new Error(`code-server setup failed (exit ${setup.status ?? setup.signal}); see the output above`);
    const setupDone = Date.now();
    await startSession({
      verbose: process.env.FLAGLENS_E2E_VERBOSE === '1',
      // The example's SDKs are not installed; TypeScript's own "cannot find module" errors would bury
      // Flag Lens's diagnostics in the Problems panel and cost CPU the suite needs.
      userSettings: { 'typescript.validate.enable': false, 'javascript.validate.enable': false },
    });
    console.log(`  [e2e] setup ${((setupDone - started) / 1000).toFixed(1)}s, code-server + workbench ready in ${((Date.now() - setupDone) / 1000).toFixed(1)}s`);
  },
  async afterEach(this: Context) {
    const test = this.currentTest;
    if (!test || test.state !== 'failed') return;
    try {
      const path = screenshotPath(`failed-${test.fullTitle()}`);
      await session().workbench.screenshot(path);
      console.log(`  [e2e] screenshot of the failure: ${path}`);
    } catch {
      // the session may not have started
    }
  },
  async afterAll(this: Context) {
    this.timeout(60_000);
    let errors: string[] = [];
    try {
      // Beyond activation: an uncaught error or rejected promise from Flag Lens at any point of the
      // run lands in the host log and fails the suite here.
      errors = session().ourExtensionErrors();
    } catch {
      // the session never started; beforeAll already failed
    }
    await stopSession();
    if (errors.length > 0) throw new Error(`Flag Lens logged errors in the extension host during the run:\n${errors.join('\n')}`);
  },
};
