import assert from 'node:assert/strict';
import { readmeScreenshot, session } from './support/session';

/** One line per environment, read as `dev · serves on` once rendered to text. */
const newCheckoutHover = (hover: string) => hover.includes('new-checkout') && /\bprod\b[^\n]*serves on 25% · off 75%/.test(hover);

describe('Flag Lens in code-server: hovers', () => {
  it('shows the key once, description, one line per environment, usage and command links for a literal key (TSX)', async () => {
    const { workbench } = session();
    await workbench.openFile('src/pages/CheckoutPage.tsx');
    const hover = await workbench.hover("useBooleanFlagValue('new-checkout', false)", "'new-checkout'", newCheckoutHover, 60_000);
    assert.match(hover, /^new-checkout · boolean · temporary$/m, 'the key once (the flag has no other name), kind and permanence');
    assert.match(hover, /One-page checkout with saved addresses/, 'description from the flag metadata');
    assert.match(hover, /^dev · serves on$/m, 'dev serves "on" to everyone');
    assert.match(hover, /^prod 🔒 · serves on 25% · off 75%$/m, 'prod serves a 25/75 split');
    assert.doesNotMatch(hover, /Off variation|Last modified|EnvironmentState/, 'no table, no empty columns');
    assert.match(hover, /Disable in dev · 2 references in 2 files · Open in flag file/, 'usage (the literal here and the constant in CheckoutButton) among the links');
    await readmeScreenshot('hover-literal-key', { keepPointer: true });
  });

  it('resolves an imported constant to its flag (TSX)', async () => {
    const { workbench } = session();
    await workbench.openFile('src/components/CheckoutButton.tsx');
    const hover = await workbench.hover('useBooleanFlagValue(NEW_CHECKOUT, false)', 'NEW_CHECKOUT', newCheckoutHover, 60_000);
    assert.match(hover, /`?new-checkout`?/);
    assert.match(hover, /\bprod\b[^\n]*serves on 25% · off 75%/);
    assert.match(hover, /^dev · serves on$/m);
  });

  it('resolves a LaunchDarkly useFlags() destructured property to the kebab-case key', async () => {
    const { workbench } = session();
    await workbench.openFile('src/components/Header.tsx');
    const hover = await workbench.hover('const { darkMode } = useFlags();', 'darkMode', (h) => h.includes('dark-mode'), 60_000);
    assert.match(hover, /Dark theme for the storefront/);
    assert.match(hover, /^dev · serves on$/m);
  });

  it('resolves a string enum member passed to LaunchDarkly variation() (TS)', async () => {
    const { workbench } = session();
    await workbench.openFile('src/server/payments.ts');
    const hover = await workbench.hover('ldClient.variation(FlagKey.LegacyPayments', 'LegacyPayments', (h) => h.includes('legacy-payments'), 60_000);
    assert.match(hover, /permanent/, 'a kill-switch is meant to stay');
    assert.match(hover, /^prod 🔒 · serves off$/m, 'enabled, serving its variation named off: not "OFF"');
  });
});
