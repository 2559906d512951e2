import assert from 'node:assert/strict';
import { readmeScreenshot, session } from './support/session';
import type { ViewRow } from './support/workbench';

const allKeys = ['new-checkout', 'dark-mode', 'free-shipping', 'search-v2', 'promo-carousel', 'checkout-banner-text', 'recommendations-engine', 'legacy-payments', 'reviews-widget', 'max-cart-items', 'old-header'];

/** The direct children of the row at `index` (rows are in tree order with their depth). */
function childrenOf(rows: ViewRow[], index: number): ViewRow[] {
  const parent = rows[index]!;
  const children: ViewRow[] = [];
  for (const row of rows.slice(index + 1)) {
    if (row.level <= parent.level) break;
    if (row.level === parent.level + 1) children.push(row);
  }
  return children;
}

describe('Flag Lens in code-server: flags view', () => {
  it('lists the flags of the flagd source with per-environment state and reference counts', async () => {
    const { workbench } = session();
    await workbench.openFile('src/pages/CheckoutPage.tsx');
    await workbench.runCommand('Flag Lens: Focus on Flags View');
    const rows = await workbench.waitForViewRows('Flags', (r) => r.some((row) => row.label.startsWith('flagd')) && r.some((row) => row.label === 'old-header'));
    const show = JSON.stringify(rows.map((r) => `${'  '.repeat(Math.max(0, r.level - 1))}${r.label} — ${r.description}`), null, 1);
    // Under the source: every flag of the flagd files, once, with its state per environment.
    const sourceIndex = rows.findIndex((r) => r.label.startsWith('flagd'));
    const source = rows[sourceIndex]!;
    assert.match(source.description, /^11 flags · connected/, show);
    const underSource = childrenOf(rows, sourceIndex);
    const flag = (key: string): ViewRow | undefined => underSource.find((r) => r.label === key);
    assert.deepEqual(underSource.map((r) => r.label).sort(), [...allKeys].sort(), show);
    assert.equal(flag('new-checkout')?.description, 'dev: ON · prod: 25% rollout · 2 refs', show);
    assert.equal(flag('free-shipping')?.description, 'dev: OFF · prod: OFF · 1 ref', show);
    assert.match(flag('old-header')?.description ?? '', /· 0 refs$/, 'a flag nothing uses is listed with no references');
    // "Flags in this file" follows the active editor.
    const fileGroupIndex = rows.findIndex((r) => r.label === 'Flags in this file');
    assert.equal(rows[fileGroupIndex]?.description, 'CheckoutPage.tsx', show);
    const inFile = childrenOf(rows, fileGroupIndex);
    assert.deepEqual(inFile.map((r) => r.label).sort(), ['checkout-banner-text', 'new-checkout', 'new-chekout'], show);
    assert.ok(rows.some((r) => r.label === 'Unknown keys'), show);
    await workbench.resizeSideBar(520);
    await readmeScreenshot('flags-view');
    await workbench.resizeSideBar(300);
  });
});
