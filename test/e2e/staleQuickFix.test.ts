import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { session } from './support/session';

const flagFiles = () => ['flags.flagd.json', 'flags.prod.flagd.json'].map((name) => join(session().workspace, name));
const reviewsFile = () => join(session().workspace, 'src/components/Reviews.tsx');

/** Marks `reviews-widget` as unchanged since January: with one variation served everywhere, it is released. */
function markReleased(text: string): string {
  const json = JSON.parse(text) as { flags: Record<string, { metadata?: Record<string, unknown> }> };
  const flag = json.flags['reviews-widget'];
  if (!flag) throw new Error('the example has no reviews-widget flag');
  flag.metadata = { ...flag.metadata, lastModified: '2026-01-05T00:00:00Z' };
  return JSON.stringify(json, null, 2) + '\n';
}

describe('Flag Lens in code-server: stale-flag quick fix', () => {
  it("offers \"Remove flag 'k' (keep …)\" on a released flag and opens the refactor preview with the source's value", async () => {
    const { workbench, page } = session();
    const originals = flagFiles().map((file) => readFileSync(file, 'utf8'));
    const reviewsBefore = readFileSync(reviewsFile(), 'utf8');
    try {
      flagFiles().forEach((file, i) => writeFileSync(file, markReleased(originals[i]!)));
      await workbench.openFile('src/components/Reviews.tsx');
      await workbench.waitForCodeLens((texts) => texts.some((t) => t.startsWith('⚑ reviews-widget') && t.includes('stale')), 60_000);
      const action = page.locator('.action-widget .monaco-list-row', { hasText: "Remove flag 'reviews-widget'" }).first();
      // Each flag-file write refreshes the markers, which cancels a quick-fix request in flight and
      // shows "No code actions available"; like a person, ask again (bounded).
      for (let attempt = 0; attempt < 6 && !(await action.isVisible()); attempt++) {
        await page.keyboard.press('Escape');
        const box = await workbench.tokenBox("useFeature('reviews-widget')", 'reviews-widget');
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        await page.keyboard.press('Control+.');
        await action.waitFor({ timeout: 5_000 }).catch(() => undefined);
      }
      await action.waitFor({ timeout: 5_000 });
      const title = (await action.getAttribute('aria-label')) ?? (await action.innerText());
      assert.match(title, /Remove flag 'reviews-widget' \(keep true\)/, 'the kept value comes from what production serves');
      // The menu's pointer guard swallows clicks right after it opens; choose with the keyboard.
      for (let i = 0; i < 12 && !(await action.evaluate((row) => (row as unknown as { className: string }).className.includes('focused'))); i++) {
        await page.keyboard.press('ArrowDown');
      }
      await page.keyboard.press('Enter');

      // No value picker: the quick fix already carries the value, so the preview opens directly.
      const preview = page.locator('.bulk-edit-panel');
      await preview.waitFor({ timeout: 60_000 });
      await page.locator('.bulk-edit-panel .monaco-list-row', { hasText: 'Reviews.tsx' }).first().waitFor({ timeout: 15_000 });
      await page.locator('.monaco-button', { hasText: 'Discard' }).first().click();
      await preview.waitFor({ state: 'hidden', timeout: 15_000 });
      assert.equal(readFileSync(reviewsFile(), 'utf8'), reviewsBefore, 'discarding the preview changes nothing');

      // `if (!enabled) return null;` can never run once the flag is kept on: the editor fades it
      // (with the flag check itself), and nothing of the branch that stays.
      const faded = page.locator('.view-lines .squiggly-inline-unnecessary');
      let fadedText = '';
      for (let i = 0; i < 60 && !fadedText.includes('returnnull;'); i++) {
        fadedText = (await faded.allInnerTexts()).join('').replace(/\s+/g, '');
        if (!fadedText.includes('returnnull;')) await page.waitForTimeout(500);
      }
      assert.equal(fadedText, "useFeature('reviews-widget')returnnull;");
    } finally {
      await workbench.dismissOverlays().catch(() => undefined);
      // Other specs expect the example's flag files as committed.
      flagFiles().forEach((file, i) => writeFileSync(file, originals[i]!));
    }
  });
});
