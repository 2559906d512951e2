// Starts the same real Unleash the integration suite uses, for trying the CLI or the extension by hand:
//   npx tsx scripts/unleash/serve.ts
// Prints the URL and an admin token, runs until Ctrl+C, then removes everything it created.
import { startUnleashHarness } from './unleashHarness';

void (async () => {
  const harness = await startUnleashHarness((line) => console.error(line));
  console.log(`UNLEASH_URL=${harness.url}`);
  console.log(`UNLEASH_API_TOKEN=${harness.adminToken}`);
  console.log(`UNLEASH_CLIENT_TOKEN=${harness.clientToken}`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    harness.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Keep the event loop alive until a signal arrives.
  setInterval(() => undefined, 1 << 30);
})().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
