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
  it('lists the flags of the flagd source with per-environment state, unused and unknown groups open, and the flags in code', async () => {
    const { workbench } = session();
    await workbench.openFile('src/pages/CheckoutPage.tsx');
    await workbench.runCommand('Flag Lens: Focus on Flags View');
    const rows = await workbench.waitForViewRows('Flags', (r) => r.some((row) => row.label.startsWith('flagd') && row.description.includes('connected')) && r.some((row) => row.label === 'old-header') && r.some((row) => row.label === 'Flags in code'));
    const show = JSON.stringify(rows.map((r) => `${'  '.repeat(Math.max(0, r.level - 1))}${r.label} — ${r.description}`), null, 1);
    // Under the source: every flag of the flagd files, once, with its state per environment.
    const sourceIndex = rows.findIndex((r) => r.label.startsWith('flagd'));
    const source = rows[sourceIndex]!;
    assert.match(source.description, /^11 flags · connected/, show);
    const underSource = childrenOf(rows, sourceIndex);
    const flag = (key: string): ViewRow | undefined => underSource.find((r) => r.label === key);
    assert.deepEqual(underSource.map((r) => r.label).sort(), [...allKeys].sort(), show);
    // The description is the state per environment only (the wording is the lens's); details are in the tooltip.
    assert.match(flag('new-checkout')?.description ?? '', /^dev: [^·]+ · prod: [^·]*25\s?%[^·]*$/, show);
    assert.match(flag('free-shipping')?.description ?? '', /^dev: [^·]+ · prod: [^·]+$/, show);
    for (const row of underSource) assert.doesNotMatch(row.description, /\brefs?\b/, `no reference count in a state description: ${show}`);
    // A flag nothing uses has its own group, open, and is not called stale.
    const unusedIndex = rows.findIndex((r) => r.label === 'Unused flags');
    assert.ok(unusedIndex >= 0, show);
    assert.deepEqual(childrenOf(rows, unusedIndex).map((r) => r.label), ['old-header'], show);
    const staleIndex = rows.findIndex((r) => r.label === 'Stale flags');
    if (staleIndex >= 0) assert.ok(!childrenOf(rows, staleIndex).some((r) => r.label === 'old-header'), show);
    // "Flags in this file" follows the active editor.
    const fileGroupIndex = rows.findIndex((r) => r.label === 'Flags in this file');
    assert.equal(rows[fileGroupIndex]?.description, 'CheckoutPage.tsx', show);
    const inFile = childrenOf(rows, fileGroupIndex);
    assert.deepEqual(inFile.map((r) => r.label).sort(), ['checkout-banner-text', 'new-checkout', 'new-chekout'], show);
    const unknownIndex = rows.findIndex((r) => r.label === 'Unknown keys');
    assert.deepEqual(childrenOf(rows, unknownIndex).map((r) => r.label), ['new-chekout'], `the Unknown keys group starts open: ${show}`);
    // With a source, the flags in code are one more top-level section, folded, after the source.
    const code = rows.find((r) => r.label === 'Flags in code');
    assert.equal(code?.level, 1, show);
    assert.ok(rows.indexOf(code!) > sourceIndex, show);
    assert.match(code!.description, /^\d+ flags · \d+ refs$/, show);
    assert.ok(!rows.some((r) => r.label === 'No flag source configured'), show);
    await workbench.resizeSideBar(520);
    await readmeScreenshot('flags-view');
    await workbench.resizeSideBar(300);
  });
});
