import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlagdFile } from '../../src/core/sources/flagd/parseFlagdFile';
import { flagdFlag, waitFor } from './support/flagdFile';
import { session } from './support/session';

const devFile = () => join(session().workspace, 'flags.flagd.json');
const darkModeLens = (dev: string) => `⚑ dark-mode · dev: ${dev} · prod: serves on`;

describe('Flag Lens in code-server: live updates', () => {
  let original: string;
  before(() => {
    original = readFileSync(devFile(), 'utf8');
  });
  after(() => {
    // Other specs expect the example as committed.
    writeFileSync(devFile(), original);
  });

  it('clicking a code lens offers the flag actions, and "Disable in dev" toggles the flag', async () => {
    const { workbench, page } = session();
    await workbench.openFile('src/components/Header.tsx');
    await workbench.waitForCodeLens((texts) => texts.includes(darkModeLens('serves on')));
    await workbench.activeEditor().locator('.codelens-decoration a', { hasText: '⚑ dark-mode' }).first().click();
    const items = await workbench.quickPickItems();
    const labels = items.map((i) => i.label);
    assert.ok(labels.some((l) => /Disable in dev$/.test(l)), `actions: ${JSON.stringify(labels)}`);
    assert.ok(labels.some((l) => /Disable in prod$/.test(l)), 'prod is offered too (it asks before changing it)');
    assert.ok(labels.some((l) => /Find all references$/.test(l)), JSON.stringify(labels));
    await workbench.pickQuickPickItem('Disable in dev', (label) => /Disable in dev$/.test(label));
    await waitFor(() => flagdFlag(devFile(), 'dark-mode'), (f) => f.state === 'DISABLED', 20_000, 'dark-mode DISABLED in the dev file');
    await workbench.waitForCodeLens((texts) => texts.includes(darkModeLens('disabled')), 20_000);
    await page.keyboard.press('Escape');
  });

  it('follows edits of the flagd file made outside the editor, and keeps the last good state while the file is broken', async () => {
    const { workbench } = session();
    writeFileSync(devFile(), original);
    await workbench.openFile('src/components/Header.tsx');
    await workbench.waitForCodeLens((texts) => texts.includes(darkModeLens('serves on')), 30_000);

    // A teammate's change arrives (git pull): dark-mode now serves its "off" variant in dev.
    const json = JSON.parse(original) as { flags: Record<string, { defaultVariant: string }> };
    json.flags['dark-mode']!.defaultVariant = 'off';
    writeFileSync(devFile(), `${JSON.stringify(json, null, 2)}\n`);
    await workbench.waitForCodeLens((texts) => texts.includes(darkModeLens('serves off')), 30_000);

    // Mid-edit the file is not valid JSON: nothing is lost, the last good state stays.
    const broken = original.slice(0, original.length / 2);
    writeFileSync(devFile(), broken);
    // The Problems panel names the flag file and the line the parser reports (1-based there).
    const [expected] = (await parseFlagdFile(devFile(), broken, { requireFlagd: true })).problems;
    assert.ok(expected?.line !== undefined, 'the parser reports a line');
    const isFlagFileProblem = (row: string) => row.includes('Invalid JSON') && row.includes('Flag Lens');
    const rows = await workbench.waitForProblems((r) => r.some(isFlagFileProblem), 30_000);
    const problem = rows.find(isFlagFileProblem)!;
    assert.match(problem, new RegExp(`Ln ${expected.line + 1}, Col ${(expected.character ?? 0) + 1}`), `at the parser's position: ${problem}`);
    assert.match(problem, /The last good state is kept until this is fixed\./);
    assert.ok(rows.some((row) => row.includes('flags.flagd.json')), `grouped under the flag file: ${JSON.stringify(rows)}`);
    const lenses = await workbench.codeLensTexts();
    assert.ok(lenses.includes(darkModeLens('serves off')), `last good state kept while the file is broken: ${JSON.stringify(lenses)}`);

    writeFileSync(devFile(), original);
    await workbench.waitForCodeLens((texts) => texts.includes(darkModeLens('serves on')), 30_000);
    await workbench.waitForProblems((r) => !r.some(isFlagFileProblem), 30_000);
  });
});
