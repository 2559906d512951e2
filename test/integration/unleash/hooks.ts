import { startUnleashHarness } from '../../../scripts/unleash/unleashHarness';
import { setHarness, unleash } from './unleashFixture';

const log = (line: string): void => console.log(`      [unleash] ${line}`);

/** Starts the real Unleash server once for the whole suite (installing what is missing first). */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    // A first run on a fresh machine installs unleash-server (~45 s) and maybe PostgreSQL.
    this.timeout(20 * 60_000);
    const started = Date.now();
    const harness = await startUnleashHarness(log);
    setHarness(harness);
    const t = harness.timings;
    log(
      `ready in ${((Date.now() - started) / 1000).toFixed(1)} s (unleash install ${(t.unleashInstallMs / 1000).toFixed(1)} s, postgres install ${(t.postgresInstallMs / 1000).toFixed(1)} s, ` +
        `postgres start ${(t.postgresStartMs / 1000).toFixed(1)} s, unleash start ${(t.unleashStartMs / 1000).toFixed(1)} s)`,
    );
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    let harness;
    try {
      harness = unleash();
    } catch {
      return;
    }
    setHarness(undefined);
    await harness.stop();
  },
};
