import assert from 'node:assert/strict';
import { readmeScreenshot, session } from './support/session';

describe('Flag Lens in code-server: flags view', () => {
  it('lists the flags of the flagd source with per-environment state and reference counts', async () => {
    const { workbench } = session();
    await workbench.openFile('src/pages/CheckoutPage.tsx');
    await workbench.runCommand('Flag Lens: Focus on Flags View');
    const rows = await workbench.waitForViewRows('Flags', (r) => r.some((row) => row.startsWith('new-checkout')) && r.some((row) => row.startsWith('old-header')));
    const row = (key: string) => rows.find((r) => r.split(/\s/)[0] === key);
    assert.match(row('new-checkout') ?? '', /dev: ON · prod: 25% rollout · \d+ refs/, JSON.stringify(rows));
    assert.match(row('free-shipping') ?? '', /dev: OFF · prod: OFF · 1 ref\b/, JSON.stringify(rows));
    assert.match(row('old-header') ?? '', /0 refs/, 'a flag nothing uses is listed with no references');
    assert.ok(rows.some((r) => r.startsWith('Flags in this file')), `the "Flags in this file" group: ${JSON.stringify(rows)}`);
    assert.ok(rows.some((r) => r.startsWith('Unknown keys')), `the "Unknown keys" group: ${JSON.stringify(rows)}`);
    for (const key of ['new-checkout', 'dark-mode', 'free-shipping', 'search-v2', 'promo-carousel', 'checkout-banner-text', 'recommendations-engine', 'legacy-payments', 'reviews-widget', 'max-cart-items', 'old-header']) {
      assert.ok(rows.some((r) => r.split(/\s/)[0] === key), `${key} is listed: ${JSON.stringify(rows)}`);
    }
    await readmeScreenshot('flags-view');
  });
});
