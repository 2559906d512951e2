import assert from 'node:assert/strict';
import { readmeScreenshot, session } from './support/session';

describe('Flag Lens in code-server: code lenses', () => {
  it('shows one lens per flag and line with the state in each environment', async () => {
    const { workbench } = session();
    await workbench.openFile('src/pages/CheckoutPage.tsx');
    // Until the flagd source's first snapshot lands the lenses say "loading flags…"; wait past that.
    const loaded = (t: string) => !t.includes('loading flags');
    const lenses = await workbench.waitForCodeLens((texts) => texts.some((t) => t.startsWith('⚑ new-checkout ·') && loaded(t)) && texts.some((t) => t.startsWith('⚑ checkout-banner-text') && loaded(t)));
    assert.ok(lenses.includes('⚑ new-checkout · dev: serves on · prod: 25% rollout'), `lenses: ${JSON.stringify(lenses)}`);
    assert.ok(lenses.includes('⚑ checkout-banner-text · dev: serves holiday · prod: serves default'), `an as-const map member resolves; lenses: ${JSON.stringify(lenses)}`);
    assert.ok(lenses.includes('⚑ new-chekout · not defined in any source'), `the typo gets a lens too; lenses: ${JSON.stringify(lenses)}`);
    assert.equal(lenses.filter((t) => t.startsWith('⚑ new-checkout ·')).length, 1, 'one lens for the one line that uses new-checkout');
    await readmeScreenshot('code-lenses');
  });

  it('covers GrowthBook hooks and <IfFeatureEnabled>, and a wrapper hook', async () => {
    const { workbench } = session();
    await workbench.openFile('src/components/ProductGrid.tsx');
    const grid = await workbench.waitForCodeLens((texts) => texts.some((t) => t.startsWith('⚑ free-shipping')) && texts.some((t) => t.startsWith('⚑ promo-carousel')));
    assert.ok(grid.includes('⚑ free-shipping · dev: disabled · prod: disabled'), JSON.stringify(grid));
    assert.ok(grid.includes('⚑ promo-carousel · dev: 25% rollout · prod: 1 rule'), JSON.stringify(grid));
    await workbench.openFile('src/components/Reviews.tsx');
    const reviews = await workbench.waitForCodeLens((texts) => texts.some((t) => t.startsWith('⚑ reviews-widget')));
    assert.ok(reviews.includes('⚑ reviews-widget · dev: serves on · prod: serves on'), JSON.stringify(reviews));
  });
});
