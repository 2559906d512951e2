import assert from 'node:assert/strict';
import { session } from './support/session';

describe('Flag Lens in code-server: activation', () => {
  it('activates in the extension host without errors', async function () {
    const s = session();
    // Opening a TypeScript file of the flagd workspace is the moment a user first needs the extension.
    await s.workbench.openFile('src/pages/CheckoutPage.tsx');
    const deadline = Date.now() + 60_000;
    while (!s.isActivationLogged() && Date.now() < deadline) await s.page.waitForTimeout(500);
    assert.ok(s.isActivationLogged(), `the extension host never logged activating ${s.extensionId}:\n${s.extensionHostLog().slice(-3000)}`);
    // Errors often follow activation by a moment (a rejected promise in a provider); give them time to land.
    await s.page.waitForTimeout(2000);
    assert.deepEqual(s.ourExtensionErrors(), [], 'errors from Flag Lens in the extension host log');
    // Deep `workspaceContains:**/…` globs make VS Code search the whole workspace and give up after 7 s.
    assert.doesNotMatch(s.extensionHostLog(), /Timed out while searching for 'workspaceContains'/);
  });
});
