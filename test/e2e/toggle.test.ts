import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flagdFlag, waitFor } from './support/flagdFile';
import { readmeScreenshot, session } from './support/session';

const devFile = () => join(session().workspace, 'flags.flagd.json');
const prodFile = () => join(session().workspace, 'flags.prod.flagd.json');

async function toggleFromPalette(key: string): Promise<{ label: string; description: string }[]> {
  const { workbench } = session();
  await workbench.runCommand('Flag Lens: Toggle Flag…');
  const items = await workbench.quickPickItems();
  await workbench.pickQuickPickItem(key, (label) => label === key);
  return items;
}

async function selectEnvironment(label: string): Promise<void> {
  const { workbench } = session();
  await workbench.runCommand('Flag Lens: Select Environment…');
  // Labels carry codicons ($(check), $(lock)) that render as icons, not text.
  await workbench.pickQuickPickItem(label, (text) => text.replace(/\s+/g, ' ').trim() === label);
}

describe('Flag Lens in code-server: toggle from the command palette', () => {
  after(async () => {
    await selectEnvironment('Automatic').catch(() => undefined);
    // Leave the workspace as the other specs expect it, even when an assertion failed midway.
    if (flagdFlag(devFile(), 'new-checkout').state !== 'ENABLED') await toggleFromPalette('new-checkout').catch(() => undefined);
  });

  it('lists flags with their dev state, turns new-checkout off in the dev flagd file, and the hover follows', async () => {
    const { workbench, page } = session();
    const prodBefore = readFileSync(prodFile(), 'utf8');
    await workbench.openFile('src/pages/CheckoutPage.tsx');
    await workbench.hover("useBooleanFlagValue('new-checkout', false)", "'new-checkout'", (h) => /^dev · serves on$/m.test(h), 60_000);
    await workbench.moveMouseAway();

    await workbench.runCommand('Flag Lens: Toggle Flag…');
    const items = await workbench.quickPickItems();
    const item = items.find((i) => i.label === 'new-checkout');
    assert.ok(item, `new-checkout in the quick pick: ${JSON.stringify(items)}`);
    assert.match(item.description, /^dev: enabled · serves on\b/, 'the state in the dev environment (the first unprotected one), then what it serves');
    assert.ok(items.some((i) => i.label === 'free-shipping' && /^dev: disabled · code default\b/.test(i.description)), JSON.stringify(items));
    assert.ok(items.some((i) => i.label === 'legacy-payments' && /^dev: enabled · serves off\b/.test(i.description)), 'enabled, serving the variation named off: not "OFF"');
    assert.ok(!items.some((i) => i.label === 'new-chekout'), 'an unknown key cannot be toggled, so it is not offered');
    await readmeScreenshot('toggle-quick-pick');
    await workbench.pickQuickPickItem('new-checkout', (label) => label === 'new-checkout');

    const after = await waitFor(() => flagdFlag(devFile(), 'new-checkout'), (f) => f.state === 'DISABLED', 20_000, 'new-checkout DISABLED in flags.flagd.json');
    assert.equal(after.defaultVariant, 'on', 'the toggle changes the state only, not the authored serving');
    assert.equal(readFileSync(prodFile(), 'utf8'), prodBefore, 'prod (protected) is untouched');

    // Said from what the flag file reads now: flagd gives code its own default while disabled.
    await page.locator('.notifications-toasts', { hasText: "'new-checkout' is now disabled in dev: code gets its own default value." }).waitFor({ timeout: 20_000 });
    const hover = await workbench.hover("useBooleanFlagValue('new-checkout', false)", "'new-checkout'", (h) => /^dev · disabled — code default$/m.test(h), 30_000);
    assert.match(hover, /\bprod\b[^\n]*serves on 25% · off 75%/, 'prod still shows its split');
    assert.match(hover, /Enable in dev/, 'the hover now offers the way back');
    await workbench.moveMouseAway();
    const lenses = await workbench.waitForCodeLens((texts) => texts.includes('⚑ new-checkout · dev: disabled · prod: 25% rollout'), 20_000);
    assert.ok(lenses.includes('⚑ new-checkout · dev: disabled · prod: 25% rollout'));

    // And back on: the same command flips it again.
    await toggleFromPalette('new-checkout');
    await waitFor(() => flagdFlag(devFile(), 'new-checkout'), (f) => f.state === 'ENABLED', 20_000, 'new-checkout ENABLED again');
    await workbench.waitForCodeLens((texts) => texts.includes('⚑ new-checkout · dev: serves on · prod: 25% rollout'), 20_000);
  });

  it('refuses to toggle the protected prod environment without the opt-in setting, and changes no file', async () => {
    const { page } = session();
    const devBefore = readFileSync(devFile(), 'utf8');
    const prodBefore = readFileSync(prodFile(), 'utf8');
    const statusBar = page.locator('.statusbar-item', { hasText: 'flagd: 2 files' }).first();
    assert.match(await statusBar.innerText(), /flagd: 2 files · dev/, 'the status bar names the source and the environment in use');

    await selectEnvironment('prod');
    await page.locator('.statusbar-item', { hasText: 'flagd: 2 files · prod' }).first().waitFor({ timeout: 15_000 });
    await toggleFromPalette('new-checkout');
    const warning = page.locator('.notifications-toasts .notification-toast', { hasText: 'is a protected environment' }).first();
    await warning.waitFor({ timeout: 20_000 });
    assert.match(await warning.innerText(), /flaglens\.allowProtectedToggles/, 'the warning names the setting that allows it');
    await page.waitForTimeout(1500);
    assert.equal(readFileSync(prodFile(), 'utf8'), prodBefore, 'prod untouched');
    assert.equal(readFileSync(devFile(), 'utf8'), devBefore, 'dev untouched');
    await page.keyboard.press('Escape');

    await selectEnvironment('Automatic');
    await page.locator('.statusbar-item', { hasText: 'flagd: 2 files · dev' }).first().waitFor({ timeout: 15_000 });
  });

  it('with flaglens.allowProtectedToggles, asks in a modal naming prod; Cancel changes nothing, confirming toggles', async () => {
    const { page, workbench } = session();
    const prodBefore = readFileSync(prodFile(), 'utf8');
    try {
      await workbench.setBooleanSetting('flaglens.allowProtectedToggles', true);
      await selectEnvironment('prod');
      await page.locator('.statusbar-item', { hasText: 'flagd: 2 files · prod' }).first().waitFor({ timeout: 15_000 });
      const dialog = page.locator('.monaco-dialog-box');
      await toggleFromPalette('new-checkout');
      await dialog.waitFor({ timeout: 15_000 });
      assert.match(await dialog.innerText(), /Disable 'new-checkout' in protected environment '.*prod.*'\?/);
      await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
      await page.waitForTimeout(1000);
      assert.equal(readFileSync(prodFile(), 'utf8'), prodBefore, 'Cancel leaves prod untouched');

      await toggleFromPalette('new-checkout');
      await dialog.locator('.monaco-button', { hasText: 'Disable in prod' }).click({ timeout: 15_000 });
      await waitFor(() => flagdFlag(prodFile(), 'new-checkout'), (f) => f.state === 'DISABLED', 20_000, 'new-checkout DISABLED in prod after confirming');
      await session().workbench.waitForCodeLens((texts) => texts.includes('⚑ new-checkout · dev: serves on · prod: disabled'), 20_000);

      await toggleFromPalette('new-checkout');
      await dialog.locator('.monaco-button', { hasText: 'Enable in prod' }).click({ timeout: 15_000 });
      await waitFor(() => flagdFlag(prodFile(), 'new-checkout'), (f) => f.state === 'ENABLED', 20_000, 'new-checkout ENABLED in prod again');
      assert.deepEqual(JSON.parse(readFileSync(prodFile(), 'utf8')), JSON.parse(prodBefore), 'turning it back restores the same flag definition');
    } finally {
      await workbench.dismissOverlays().catch(() => undefined);
      await workbench.setBooleanSetting('flaglens.allowProtectedToggles', false).catch(() => undefined);
      await selectEnvironment('Automatic').catch(() => undefined);
    }
  });
});
