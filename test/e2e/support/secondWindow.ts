import type { Page } from 'playwright-core';
import { session } from './session';
import { Workbench } from './workbench';

export interface SecondWindow {
  readonly page: Page;
  readonly workbench: Workbench;
  close(): Promise<void>;
}

/**
 * Opens another folder in a second browser tab of the same code-server: its own window and
 * extension host, so the shared window (and every spec's assumptions about it) stays as it was.
 * Close it when done; its extension host log is read with the others at the end of the run.
 */
export async function openSecondWindow(folder: string): Promise<SecondWindow> {
  const { page, server, pageErrors } = session();
  const second = await page.context().newPage();
  second.on('pageerror', (error) => pageErrors.push(String(error)));
  second.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await second.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
  const workbench = new Workbench(second);
  await workbench.waitForReady();
  return { page: second, workbench, close: () => second.close() };
}
