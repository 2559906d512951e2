import assert from 'node:assert/strict';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { codeFlags, type CodeFlags } from '../../src/core/catalog/codeFlags';
import { ReferenceIndex } from '../../src/core/references/referenceIndex';
import { examplesDir } from './support/paths';
import { openSecondWindow, type SecondWindow } from './support/secondWindow';
import { screenshotPath, session } from './support/session';
import { viewRowClipping } from './support/viewLayout';
import type { ViewRow } from './support/workbench';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

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

/**
 * A copy of the demo's code with no flagd file, no .flaglens.json and no account: what a new user
 * with a real project sees first. It opens in a second window so the shared one keeps its source.
 */
describe('Flag Lens in code-server: a workspace with no flag source', () => {
  let folder: string;
  let expected: CodeFlags;
  let window: SecondWindow | undefined;

  before(async () => {
    folder = join(session().tmpRoot, 'no-source');
    mkdirSync(folder, { recursive: true });
    cpSync(join(examplesDir, 'src'), join(folder, 'src'), { recursive: true });
    cpSync(join(examplesDir, 'tsconfig.json'), join(folder, 'tsconfig.json'));
    // What the extension's index will find there, read by the same engine in this process.
    const index = await ReferenceIndex.build({ root: folder });
    expected = codeFlags(index.all(), index.dynamic());
    index.dispose();
    assert.ok(expected.groups.length >= 3 && expected.dynamic.length > 0, 'the demo code uses several SDKs and one dynamic key');
    window = await openSecondWindow(folder);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && window) await window.page.screenshot({ path: screenshotPath(`failed-no-source-${this.currentTest.title}`) }).catch(() => undefined);
  });

  after(async () => {
    await window?.close();
  });

  it('lists the flags in code by SDK, with counts and dynamic keys, under the ways to add a source', async () => {
    const { workbench, page } = window!;
    await workbench.openFile('src/pages/CheckoutPage.tsx');
    await workbench.runCommand('Flag Lens: Focus on Flags View');
    await workbench.resizeSideBar(300);
    const lastKey = expected.groups.at(-1)!.keys.at(-1)!.key;
    const rows = await workbench.waitForViewRows('Flags', (r) => r.some((row) => row.label === 'Dynamic keys') && r.some((row) => row.label === lastKey));
    const show = JSON.stringify(rows.map((r) => `${'  '.repeat(Math.max(0, r.level - 1))}${r.label} — ${r.description}`), null, 1);

    // The connect actions come first, above the flags.
    assert.equal(rows[0]?.label, 'No flag source configured', show);
    assert.deepEqual(childrenOf(rows, 0).map((r) => r.label), ['Use a flagd File…', 'Connect LaunchDarkly…', 'Connect Unleash…'], show);

    const codeIndex = rows.findIndex((r) => r.label === 'Flags in code');
    assert.ok(codeIndex > 0, show);
    assert.equal(rows[codeIndex]!.level, 1, 'a top-level section');
    assert.equal(rows[codeIndex]!.description, `${plural(expected.keys, 'flag')} · ${plural(expected.references, 'ref')}`, show);

    // One group per SDK, in the engine's order, each with its keys and their reference counts.
    const sections = childrenOf(rows, codeIndex);
    assert.deepEqual(sections.map((r) => r.label), [...expected.groups.map((g) => g.label), 'Dynamic keys'], show);
    for (const group of expected.groups) {
      const groupIndex = rows.findIndex((r) => r.label === group.label && r.level === 2);
      assert.equal(rows[groupIndex]!.description, `${plural(group.keys.length, 'flag')} · ${plural(group.references, 'ref')}`, show);
      const keys = childrenOf(rows, groupIndex);
      assert.deepEqual(keys.map((r) => `${r.label} — ${r.description}`), group.keys.map((k) => `${k.key} — ${plural(k.references.length, 'ref')}`), show);
    }
    assert.ok(sections.some((r) => r.label === 'OpenFeature') && rows.some((r) => r.label === 'new-checkout'), `the demo's OpenFeature keys are listed: ${show}`);

    // Dynamic keys: where, and why the key is unknown.
    const dynamicIndex = rows.findIndex((r) => r.label === 'Dynamic keys');
    assert.equal(rows[dynamicIndex]!.description, plural(expected.dynamic.length, 'call'), show);
    const dynamic = childrenOf(rows, dynamicIndex);
    assert.deepEqual(
      dynamic.map((r) => r.label),
      expected.dynamic.map((d) => `${d.file.split('/').pop()}:${d.span.startLine + 1}`),
      show,
    );
    assert.deepEqual(dynamic.map((r) => r.description), expected.dynamic.map((d) => d.reason), `each says why: ${show}`);

    // The view's title offers a source; environment and refresh actions need one, so they are not there.
    const titleActions = await page.locator('.pane-header .actions .action-label').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''));
    assert.ok(titleActions.includes('Choose a Flag Source…'), JSON.stringify(titleActions));
    assert.ok(!titleActions.some((a) => /Select Environment|Refresh/.test(a)), JSON.stringify(titleActions));

    // Nothing a reader needs is cut off at the default side bar width.
    const cut = (await viewRowClipping(page, 'Flags')).filter((r) => r.labelCut);
    assert.deepEqual(cut, [], 'labels cut at 300 px');

    // Expanding a key lists its references; a click opens the file at the key.
    const key = expected.groups.find((g) => g.label === 'OpenFeature')!.keys.find((k) => k.key === 'new-checkout')!;
    await page.locator('.pane-body .monaco-list-row', { hasText: 'new-checkout' }).first().click();
    const withRefs = await workbench.waitForViewRows('Flags', (r) => {
      const at = r.findIndex((row) => row.label === 'new-checkout');
      return at >= 0 && childrenOf(r, at).length === key.references.length;
    });
    const refs = childrenOf(withRefs, withRefs.findIndex((row) => row.label === 'new-checkout'));
    // The key's tooltip, shown while the pointer rests on it, would take the next click.
    await workbench.moveMouseAway();
    assert.deepEqual(refs.map((r) => r.label), key.references.map((r) => `${r.file.split('/').pop()}:${r.keySpan.startLine + 1}`));
    const target = key.references.find((r) => !r.file.endsWith('CheckoutPage.tsx')) ?? key.references[0]!;
    const name = target.file.split('/').pop()!;
    await page.locator('.pane-body .monaco-list-row', { hasText: `${name}:${target.keySpan.startLine + 1}` }).first().click();
    await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor({ timeout: 20_000 });

    await page.mouse.move(22, 600);
    await window!.page.screenshot({ path: screenshotPath('no-source-view') });
  });

  it('shows the flags in code in the status bar, with a plain-text accessible label, and offers a source on click', async () => {
    const { workbench, page } = window!;
    const item = page.locator('.statusbar-item', { hasText: 'flags in code' }).first();
    await item.waitFor({ timeout: 30_000 });
    assert.equal((await item.innerText()).replace(/\u00a0/g, ' ').trim(), `⚑ ${plural(expected.keys, 'flag')} in code · no source`);
    const label = await item.locator('a').first().getAttribute('aria-label') ?? (await item.getAttribute('aria-label'));
    assert.equal(label, `Flag Lens: ${plural(expected.keys, 'flag')} in code, no flag source. Choose a flag source.`);

    await item.click();
    const picks = await workbench.quickPickItems();
    assert.deepEqual(picks.map((p) => p.label), ['Use a flagd File…', 'Connect LaunchDarkly…', 'Connect Unleash…']);
    await page.keyboard.press('Escape');
  });
});
