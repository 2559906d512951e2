import type { Page } from 'playwright-core';
import { clippedRowsScript } from './pageScripts';

export interface RowClipping {
  label: string;
  labelCut: boolean;
  descriptionCut: boolean;
}

/** Which rows of a side bar view (found by its pane title) show a cut label or description at the current width. */
export async function viewRowClipping(page: Page, viewTitle: string): Promise<RowClipping[]> {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: new RegExp(viewTitle, 'i') }) }).first();
  await pane.waitFor({ timeout: 20_000 });
  return pane.locator('.pane-body').first().evaluate(clippedRowsScript);
}
