import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeLensTitles, extensionId, flagdState, hoverAt, openFile, poll, positionOf } from './helpers';

// The same checks the code-server E2E suite makes through the UI, made here through the VS Code API.
describe('Flag Lens integration (desktop VS Code)', () => {
  before(async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is installed in the development host`);
    await extension.activate();
    assert.ok(extension.isActive);
  });

  it('hovers a literal key with per-environment state', async () => {
    const document = await openFile('src/pages/CheckoutPage.tsx');
    const hover = await poll(() => hoverAt(document, positionOf(document, "'new-checkout'")), (h) => h.includes('`on` 25% · `off` 75%'), 60_000, 'hover on the literal');
    assert.match(hover, /\*\*new-checkout\*\* · boolean · temporary/);
    assert.match(hover, /One-page checkout with saved addresses/);
    assert.match(hover, /\*\*dev\*\* · serves `on`/);
  });

  it('hovers an imported constant', async () => {
    const document = await openFile('src/components/CheckoutButton.tsx');
    const hover = await poll(() => hoverAt(document, positionOf(document, 'NEW_CHECKOUT, false')), (h) => h.includes('**new-checkout**'), 60_000, 'hover on the constant');
    assert.match(hover, /`on` 25% · `off` 75%/);
  });

  it('shows code lenses with the state per environment', async () => {
    const document = await openFile('src/pages/CheckoutPage.tsx');
    const titles = await poll(() => codeLensTitles(document), (t) => t.some((title) => title.startsWith('⚑ new-checkout')), 60_000, 'code lenses');
    assert.ok(titles.includes('⚑ new-checkout · dev: serves on · prod: 25% rollout'), JSON.stringify(titles));
    assert.ok(titles.includes('⚑ new-chekout · not defined in any source'), JSON.stringify(titles));
  });

  it('reports the unknown key as a diagnostic with a did-you-mean', async () => {
    const document = await openFile('src/pages/CheckoutPage.tsx');
    const diagnostics = await poll(
      () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Flag Lens'),
      (d) => d.some((diagnostic) => diagnostic.message.includes('new-chekout')),
      60_000,
      'the unknown-key diagnostic',
    );
    const unknown = diagnostics.find((d) => d.message.includes('new-chekout'))!;
    assert.match(unknown.message, /Did you mean 'new-checkout'\?/);
    assert.equal(document.getText(unknown.range).replace(/['"]/g, ''), 'new-chekout');
  });

  it('toggles a flag in dev through the command and the hover follows', async () => {
    const document = await openFile('src/pages/CheckoutPage.tsx');
    await vscode.commands.executeCommand('flaglens.toggleFlag', { key: 'new-checkout', environment: 'dev' });
    await poll(() => flagdState('flags.flagd.json', 'new-checkout'), (s) => s === 'DISABLED', 20_000, 'new-checkout DISABLED in the dev file');
    assert.equal(flagdState('flags.prod.flagd.json', 'new-checkout'), 'ENABLED');
    await poll(() => hoverAt(document, positionOf(document, "'new-checkout'")), (h) => /\*\*dev\*\* · disabled — code default/.test(h), 20_000, 'hover shows dev disabled');
    await vscode.commands.executeCommand('flaglens.toggleFlag', { key: 'new-checkout', environment: 'dev' });
    await poll(() => flagdState('flags.flagd.json', 'new-checkout'), (s) => s === 'ENABLED', 20_000, 'new-checkout ENABLED again');
  });
});
