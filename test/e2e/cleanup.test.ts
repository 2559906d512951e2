import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './support/flagdFile';
import { session } from './support/session';

const paymentsFile = () => join(session().workspace, 'src/server/payments.ts');
const note = '// Reviewed: Stripe is the only provider now.';

describe('Flag Lens in code-server: Clean Up Flag…', () => {
  it('asks to save unsaved source files first, saves them, and plans from the saved text', async () => {
    const { workbench, page } = session();
    const original = readFileSync(paymentsFile(), 'utf8');
    const dialog = page.locator('.monaco-dialog-box');
    try {
      // An unsaved edit above the reference: on disk the flag is one line higher than in the buffer.
      const editor = await workbench.openFile('src/server/payments.ts');
      await editor.locator('.view-line').first().click();
      await page.keyboard.press('Control+Home');
      // Enter first, then type on the new empty line: Enter after a comment would continue the comment.
      await page.keyboard.press('Enter');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.type(note);
      await editor.locator('.view-line', { hasText: 'Reviewed: Stripe' }).waitFor({ timeout: 10_000 });
      await page.locator('.tab.active.dirty').first().waitFor({ timeout: 10_000 });

      await workbench.runCommand('Flag Lens: Clean Up Flag…');
      await workbench.pickQuickPickItem('legacy-payments', (label) => label.endsWith('legacy-payments'));
      await workbench.pickQuickPickItem('Keep false', (label) => label.endsWith('Keep false'));

      await dialog.waitFor({ timeout: 15_000 });
      const question = await dialog.innerText();
      assert.match(question, /save all and clean up 'legacy-payments'\?/i);
      assert.match(question, /src\/server\/payments\.ts/, 'names the unsaved file');
      assert.equal(readFileSync(paymentsFile(), 'utf8'), original, 'nothing is saved before the user agrees');
      await dialog.locator('.monaco-button', { hasText: 'Save All and Clean Up' }).click();
      await waitFor(() => readFileSync(paymentsFile(), 'utf8'), (text) => text.startsWith(note), 10_000, 'payments.ts saved');

      // The plan matched the saved text, so the refactor preview opens with the rewrite (nothing is applied yet).
      const preview = page.locator('.bulk-edit-panel');
      await preview.waitFor({ timeout: 30_000 });
      await page.locator('.bulk-edit-panel .monaco-list-row', { hasText: 'payments.ts' }).first().waitFor({ timeout: 15_000 });
      const errors = await page.locator('.notifications-toasts .notification-toast', { hasText: /could not be verified|changed while the clean-up/ }).count();
      assert.equal(errors, 0, 'no "no longer matches" failure');
      await page.locator('.monaco-button', { hasText: 'Discard' }).first().click();
      await preview.waitFor({ state: 'hidden', timeout: 15_000 });
      assert.ok(readFileSync(paymentsFile(), 'utf8').includes('ldClient.variation(FlagKey.LegacyPayments'), 'discarding the preview changes nothing');
    } finally {
      await workbench.dismissOverlays().catch(() => undefined);
      // Other specs expect the example as committed; the buffer follows the file once it is not dirty.
      writeFileSync(paymentsFile(), original);
      await workbench.openFile('src/server/payments.ts').catch(() => undefined);
      await workbench.runCommand('File: Revert File').catch(() => undefined);
    }
  });
});
