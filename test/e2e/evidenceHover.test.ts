import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ldEnvironment, ldFlag, LaunchDarklyTestServer } from '../support/launchDarklyServer';
import { openSecondWindow, type SecondWindow } from './support/secondWindow';
import { resultsDir } from './support/paths';
import { session } from './support/session';

const token = 'api-e2e0e2e0-1111-4222-8333-444455556666';
const hour = 3_600_000;
const day = 24 * hour;

/**
 * A folder whose source is LaunchDarkly — the shared test server on 127.0.0.1, connected the way a
 * user does it (Connect LaunchDarkly…: token into secret storage, project, environments, API URL) —
 * with evaluation counts in its usage API. Opened in a second window so the shared one keeps its
 * flagd workspace.
 */
describe('Flag Lens in code-server: evaluation evidence from LaunchDarkly', () => {
  let server: LaunchDarklyTestServer;
  let window: SecondWindow | undefined;

  before(async function () {
    this.timeout(180_000);
    const now = Date.now();
    server = await LaunchDarklyTestServer.start({
      token,
      project: 'web-shop',
      environments: [ldEnvironment('development'), ldEnvironment('production', { critical: true })],
      flags: [
        ldFlag('checkout-v2', {
          development: { on: true, fallthrough: { variation: 0 } },
          production: { on: true, fallthrough: { rollout: { variations: [{ variation: 0, weight: 25_000 }, { variation: 1, weight: 75_000 }] } } },
        }),
        ldFlag('legacy-banner', { development: { on: true }, production: { on: true } }),
      ],
      statuses: { production: { 'checkout-v2': { name: 'active', lastRequested: new Date(now - 3 * hour).toISOString() } } },
      evaluations: {
        development: { 'checkout-v2': [{ at: now - hour, counts: [50, 0] }] },
        production: {
          'checkout-v2': [
            { at: now - 3 * day, counts: [100, 300] },
            { at: now - 3 * hour, counts: [241, 759] },
          ],
        },
      },
    });
    const folder = join(session().tmpRoot, 'ld-shop');
    mkdirSync(join(folder, 'src'), { recursive: true });
    writeFileSync(
      join(folder, 'src', 'checkout.ts'),
      [
        "import * as ld from '@launchdarkly/node-server-sdk';",
        '',
        "const ldClient = ld.init(process.env.LAUNCHDARKLY_SDK_KEY ?? '');",
        '',
        'export async function checkoutVersion(userKey: string): Promise<number> {',
        "  const context = { kind: 'user', key: userKey };",
        "  const v2 = await ldClient.variation('checkout-v2', context, false);",
        "  const banner = await ldClient.variation('legacy-banner', context, false);",
        '  return v2 ? 2 : banner ? 0 : 1;',
        '}',
        '',
      ].join('\n'),
    );
    window = await openSecondWindow(folder);
    const { workbench, page } = window;
    // A busy machine can leave a fresh window's palette without the command for a while: try again.
    for (let attempt = 1; ; attempt++) {
      try {
        await workbench.runCommand('Flag Lens: Connect LaunchDarkly…');
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        await page.keyboard.press('Escape');
      }
    }
    for (const [step, value] of [
      ['1/4', token],
      ['2/4', 'web-shop'],
      ['3/4', 'development, production'],
      ['4/4', server.url],
    ] as const) {
      await page.locator('.quick-input-widget .quick-input-title', { hasText: `(${step})` }).waitFor({ timeout: 20_000 });
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.fill(value);
      await input.press('Enter');
    }
  });

  after(async function () {
    this.timeout(60_000);
    // Leave secret storage as the other specs found it.
    if (window) await window.workbench.runCommand('Flag Lens: Sign Out').catch(() => undefined);
    await window?.close();
    await server?.close();
  });

  it('shows the counts, sparkline and observed split next to the configured one on the ↳ line', async function () {
    this.timeout(180_000);
    const { workbench, page } = window!;
    await workbench.openFile('src/checkout.ts');
    // Both environments' lines: the first hover may come back before the second load is in (1.5 s bound).
    const evidenceLine = (hover: string) => /^↳ 24 h: 1,000/m.test(hover) && /^↳ 24 h: 50 /m.test(hover);
    const hover = await workbench.hover("ldClient.variation('checkout-v2'", "'checkout-v2'", evidenceLine, 120_000);
    assert.match(hover, /^production 🔒 · serves true 25% · false 75%/m, hover);
    assert.match(hover, /^↳ 24 h: 1,000 · 7 d: 1,400 [▁▂▃▄▅▆▇█]{8} · configured true 25%, false 75% · observed true 24\.1%, false 75\.9% of 1,000 · last requested 3 hours ago$/m, hover);
    assert.match(hover, /^↳ 24 h: 50 · 7 d: 50 [▁▂▃▄▅▆▇█]{8} · configured true 100% · observed true 100% of 50$/m, hover);
    // The usage API is beta: every read carried the header, with the token the user entered.
    const usage = server.requestsTo('/api/v2/usage/evaluations/web-shop/');
    assert.ok(usage.length >= 4, `${usage.length} usage reads`);
    for (const request of usage) assert.deepEqual([request.headers['ld-api-version'], request.headers.authorization], ['beta', token]);
    // The lenses repaint from "no flag source" once the connected source has loaded (and the file's analysis is done).
    const lenses = await workbench.waitForCodeLens((texts) => texts.some((t) => t.startsWith('⚑ checkout-v2 · development: ')), 120_000);
    assert.ok(!lenses.some((t) => t.includes('no flag source')), JSON.stringify(lenses));
    await workbench.hover("ldClient.variation('checkout-v2'", "'c", evidenceLine, 60_000);
    // Past the hover's fade-in.
    await page.waitForTimeout(1000);
    mkdirSync(join(resultsDir, 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(resultsDir, 'screenshots', 'evidence-hover.png') });
  });

  it('adds the no-evaluations hint to a flag production never evaluated, and not to one it did', async function () {
    this.timeout(180_000);
    const { workbench } = window!;
    await workbench.openFile('src/checkout.ts');
    const hint = "'legacy-banner' had no evaluations in 'production' for 7 days.";
    // VS Code draws a hint as three dots at the start of its range, and hovers it only there.
    const hover = await workbench.hover("ldClient.variation('legacy-banner'", "'l", (h) => h.includes(hint), 120_000);
    assert.ok(hover.includes(hint), hover);
    const busy = await workbench.hover("ldClient.variation('checkout-v2'", "'c", (h) => /^↳ 24 h: 1,000/m.test(h), 60_000);
    assert.doesNotMatch(busy, /had no evaluations/, busy);
  });
});
