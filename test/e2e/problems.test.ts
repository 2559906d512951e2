import assert from 'node:assert/strict';
import { readmeScreenshot, session } from './support/session';

describe('Flag Lens in code-server: diagnostics in the Problems panel', () => {
  it('reports the unknown key with a did-you-mean, and the dynamic key as information, each in one short sentence', async () => {
    const { workbench } = session();
    await workbench.openFile('src/pages/CheckoutPage.tsx');
    const rows = await workbench.waitForProblems((r) => r.some((row) => row.includes("Unknown flag key 'new-chekout'")) && r.some((row) => row.includes('Flag key only known at run time')));
    const unknown = rows.find((row) => row.includes("Unknown flag key 'new-chekout'"))!;
    assert.match(unknown, /Did you mean 'new-checkout'\?/);
    assert.match(unknown, /Flag Lens/, 'the diagnostic source');
    const dynamic = rows.find((row) => row.includes('Flag key only known at run time'))!;
    assert.match(dynamic, /Flag key only known at run time: key computed by a call: `String\(…\)`\./, 'the reason, whole, its quotes paired');
    for (const row of [unknown, dynamic]) assert.equal(row.match(/Flag Lens/g)?.length, 1, `"Flag Lens" only as the source: ${row}`);
    assert.match(unknown, /Ln 9, Col 42/, 'positioned on the key literal (line 9)');
    // Only the typo is unknown: every other key of the example is defined in the flagd files.
    assert.equal(rows.filter((row) => row.includes('Unknown flag key')).length, 1, JSON.stringify(rows));
    await readmeScreenshot('problems-unknown-key');
  });

  it('offers the did-you-mean quick fix on the typo and applies it', async () => {
    const { workbench, page } = session();
    await workbench.openFile('src/pages/CheckoutPage.tsx');
    const box = await workbench.tokenBox("useBooleanFlagValue('new-chekout', false)", 'new-chekout');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.press('Control+.');
    const action = page.locator('.action-widget .monaco-list-row', { hasText: 'new-checkout' }).first();
    await action.waitFor({ timeout: 20_000 });
    const title = (await action.getAttribute('aria-label')) ?? (await action.innerText());
    assert.match(title, /new-checkout/);
    // The menu's pointer guard swallows clicks right after it opens; choose with the keyboard.
    for (let i = 0; i < 12 && !(await action.evaluate((row) => (row as unknown as { className: string }).className.includes('focused'))); i++) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    const fixed = async () => (await workbench.activeEditor().locator('.view-lines .view-line').allInnerTexts()).map((l) => l.replace(/\u00a0/g, ' '));
    let lines = await fixed();
    for (let i = 0; i < 20 && lines.some((l) => l.includes('new-chekout')); i++) {
      await page.waitForTimeout(250);
      lines = await fixed();
    }
    assert.equal(lines.filter((l) => l.includes("useBooleanFlagValue('new-checkout', false)")).length, 2, `both lines now use new-checkout:\n${lines.join('\n')}`);
    // Undo, so the workspace stays as the other specs expect.
    await page.keyboard.press('Control+Z');
    await workbench.activeEditor().locator('.view-line', { hasText: 'new-chekout' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Control+S');
  });
});
