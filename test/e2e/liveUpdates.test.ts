import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlagdFile } from '../../src/core/sources/flagd/parseFlagdFile';
import { flagdFlag, waitFor } from './support/flagdFile';
import { session } from './support/session';

const devFile = () => join(session().workspace, 'flags.flagd.json');
const darkModeLens = (dev: string) => `⚑ dark-mode · dev: ${dev} · prod: ON`;

describe('Flag Lens in code-server: live updates', () => {
  let original: string;
  before(() => {
    original = readFileSync(devFile(), 'utf8');
  });
  after(() => {
    // Other specs expect the example as committed.
    writeFileSync(devFile(), original);
  });

  it('clicking a code lens offers the flag actions, and "Turn off in dev" toggles the flag', async () => {
    const { workbench, page } = session();
    await workbench.openFile('src/components/Header.tsx');
    await workbench.waitForCodeLens((texts) => texts.includes(darkModeLens('ON')));
    await workbench.activeEditor().locator('.codelens-decoration a', { hasText: '⚑ dark-mode' }).first().click();
    const items = await workbench.quickPickItems();
    const labels = items.map((i) => i.label);
    assert.ok(labels.some((l) => /Turn off in dev$/.test(l)), `actions: ${JSON.stringify(labels)}`);
    assert.ok(labels.some((l) => /Turn off in prod$/.test(l)), 'prod is offered too (it asks before changing it)');
    assert.ok(labels.some((l) => /Find all references$/.test(l)), JSON.stringify(labels));
    await workbench.pickQuickPickItem('Turn off in dev', (label) => /Turn off in dev$/.test(label));
    await waitFor(() => flagdFlag(devFile(), 'dark-mode'), (f) => f.state === 'DISABLED', 20_000, 'dark-mode DISABLED in the dev file');
    await workbench.waitForCodeLens((texts) => texts.includes(darkModeLens('OFF')), 20_000);
    await page.keyboard.press('Escape');
  });

  it('follows edits of the flagd file made outside the editor, and keeps the last good state while the file is broken', async () => {
    const { workbench } = session();
    writeFileSync(devFile(), original);
    await workbench.openFile('src/components/Header.tsx');
    await workbench.waitForCodeLens((texts) => texts.includes(darkModeLens('ON')), 30_000);

    // A teammate's change arrives (git pull): dark-mode now serves its "off" variant in dev.
    const json = JSON.parse(original) as { flags: Record<string, { defaultVariant: string }> };
    json.flags['dark-mode']!.defaultVariant = 'off';
    writeFileSync(devFile(), `${JSON.stringify(json, null, 2)}\n`);
    await workbench.waitForCodeLens((texts) => texts.includes(darkModeLens('off')), 30_000);

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
    assert.match(problem, /last state it read from this file/);
    assert.ok(rows.some((row) => row.includes('flags.flagd.json')), `grouped under the flag file: ${JSON.stringify(rows)}`);
    const lenses = await workbench.codeLensTexts();
    assert.ok(lenses.includes(darkModeLens('off')), `last good state kept while the file is broken: ${JSON.stringify(lenses)}`);

    writeFileSync(devFile(), original);
    await workbench.waitForCodeLens((texts) => texts.includes(darkModeLens('ON')), 30_000);
    await workbench.waitForProblems((r) => !r.some(isFlagFileProblem), 30_000);
  });
});
