import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from './codeServer';
import { activationLogged, extensionErrors, readExtensionHostLog } from './extensionHostLog';
import { buildAndInstall, extensionId, readManifest } from './installExtension';
import { chromiumPath, examplesDir, resultsDir } from './paths';
import { installTestExtensions } from './testExtensions';
import { Workbench } from './workbench';

export interface E2ESession {
  readonly tmpRoot: string;
  readonly workspace: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly extensionDir: string;
  readonly extensionId: string;
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly page: Page;
  readonly workbench: Workbench;
  /** Browser console errors and page crashes, for diagnosis. */
  readonly pageErrors: string[];
  extensionHostLog(): string;
  ourExtensionErrors(): string[];
  isActivationLogged(): boolean;
}

let current: E2ESession | undefined;

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function session(): E2ESession {
  if (!current) throw new Error('the E2E session is not running (the root hook starts it)');
  return current;
}

/** One code-server and one browser for the whole run; tests share them to keep the suite fast. */
export async function startSession(options: { userSettings?: Record<string, unknown>; verbose?: boolean } = {}): Promise<E2ESession> {
  if (current) return current;
  const tmpRoot = mkdtempSync(join(tmpdir(), 'flaglens-e2e-'));
  const workspace = join(tmpRoot, 'shop');
  const userDataDir = join(tmpRoot, 'user-data');
  const extensionsDir = join(tmpRoot, 'extensions');
  cpSync(examplesDir, workspace, { recursive: true, filter: (source) => !source.includes('/node_modules') });
  // The demo's SDK types (installed by npm test/npm start) keep the TypeScript server free of errors in screenshots.
  if (existsSync(join(examplesDir, 'node_modules'))) symlinkSync(join(examplesDir, 'node_modules'), join(workspace, 'node_modules'), 'dir');
  mkdirSync(extensionsDir, { recursive: true });
  const extensionDir = buildAndInstall(extensionsDir);
  installTestExtensions(extensionsDir);
  const id = extensionId(readManifest());
  const installFolderName = extensionDir.split('/').pop()!;
  mkdirSync(resultsDir, { recursive: true });

  const server = await startCodeServer({
    workspace,
    extensionsDir,
    userDataDir,
    userSettings: options.userSettings,
    log: options.verbose ? (line) => console.log(`[code-server] ${line}`) : undefined,
  });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    const workbench = new Workbench(page);
    await workbench.waitForReady();
    current = {
      tmpRoot,
      workspace,
      userDataDir,
      extensionsDir,
      extensionDir,
      extensionId: id,
      server,
      browser,
      page,
      workbench,
      pageErrors,
      extensionHostLog: () => readExtensionHostLog(userDataDir),
      ourExtensionErrors: () => extensionErrors(readExtensionHostLog(userDataDir), id, installFolderName),
      isActivationLogged: () => activationLogged(readExtensionHostLog(userDataDir), id),
    };
    return current;
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    rmSync(tmpRoot, { recursive: true, force: true });
    throw error;
  }
}

export async function stopSession(): Promise<void> {
  const running = current;
  current = undefined;
  if (!running) return;
  // Keep the logs of the run next to the screenshots: they explain most failures.
  try {
    writeFileSync(join(resultsDir, 'exthost.log'), running.extensionHostLog());
    writeFileSync(join(resultsDir, 'code-server.log'), running.server.output());
    writeFileSync(join(resultsDir, 'browser-console.log'), running.pageErrors.join('\n'));
  } catch {
    // best effort
  }
  await running.browser.close().catch(() => undefined);
  await running.server.stop();
  rmSync(running.tmpRoot, { recursive: true, force: true });
}

export function screenshotPath(name: string): string {
  mkdirSync(resultsDir, { recursive: true });
  return join(resultsDir, `${name.replace(/[^a-z0-9-]+/gi, '-').replace(/^-|-$/g, '').slice(0, 120)}.png`);
}

/** Screenshots for the README (the integrator copies the chosen ones to media/). */
export async function readmeScreenshot(name: string, options: { keepPointer?: boolean } = {}): Promise<string> {
  const dir = join(resultsDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  const { page } = session();
  if (!options.keepPointer) {
    // Park the pointer on the empty title bar so no tooltip covers the picture.
    await page.mouse.move(page.viewportSize()!.width / 2 + 300, 8);
    await page.waitForTimeout(300);
  }
  await page.screenshot({ path });
  return path;
}
