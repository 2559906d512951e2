// `npm run demo -- --smoke`: proves the demo works end to end in a real browser — the workbench
// loads, and Flag Lens shows its code lens on the example's checkout page.
import { chromium } from 'playwright-core';

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export async function smokeCheck(openUrl, { chromiumPath = '/usr/bin/chromium', timeoutMs = 120_000 } = {}) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(openUrl);
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: timeoutMs });
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('src/pages/CheckoutPage.tsx');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'CheckoutPage.tsx' }).first().click({ timeout: 20_000 });
    const lens = page.locator('.codelens-decoration', { hasText: 'new-checkout' }).first();
    await lens.waitFor({ timeout: timeoutMs });
    return (await lens.innerText()).replace(/\u00a0/g, ' ').trim();
  } finally {
    await browser.close();
  }
}
