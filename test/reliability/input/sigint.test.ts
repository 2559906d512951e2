import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliProcess } from './cliProcess';

/** After Ctrl-C the CLI has ~2 s to unwind; the rest is slack for a loaded machine. */
const promptlyMs = 4_000;

describe('reliability: Ctrl-C stops the CLI promptly', () => {
  let dir: string;
  let server: http.Server;
  let port: number;
  const sockets = new Set<Socket>();
  let requested: () => void;
  let request: Promise<void>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flaglens-sigint-'));
    request = new Promise((resolve) => (requested = resolve));
    // Accepts the request and never answers: the CLI is blocked on the network when Ctrl-C comes.
    server = http.createServer(() => requested());
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function interruptWhileBlocked(signals: number, preload?: string): Promise<{ code: number | null; hung: boolean; afterSignalMs: number; stderr: string }> {
    let signalledAt = 0;
    const run = await runCliProcess(['flags', '--source', 'unleash', '--url', `http://127.0.0.1:${port}`], {
      boundMs: 30_000,
      ...(preload ? { preload } : {}),
      env: { UNLEASH_API_TOKEN: '*:development.0123456789abcdef0123456789abcdef' },
      onStart: (child) => {
        // With the preload nothing reaches the server: signal once the stalled fetch says it is waiting.
        const blocked = preload ? new Promise<void>((resolve) => child.stderr?.on('data', (chunk: string) => /fetch is waiting/.test(chunk) && resolve())) : request;
        void blocked.then(() => {
          signalledAt = Date.now();
          child.kill('SIGINT');
          // Apart, so the kernel cannot merge them into one.
          if (signals > 1) setTimeout(() => child.kill('SIGINT'), 100);
        });
      },
    });
    return { code: run.code, hung: run.hung, afterSignalMs: signalledAt ? Date.now() - signalledAt : -1, stderr: run.stderr };
  }

  it('the first Ctrl-C cancels a command blocked on a server that never answers, and it exits 130', async () => {
    const result = await interruptWhileBlocked(1);
    assert.equal(result.hung, false, 'the CLI kept waiting after Ctrl-C');
    assert.ok(result.afterSignalMs >= 0, 'the CLI never reached the server');
    assert.ok(result.afterSignalMs < promptlyMs, `exited ${result.afterSignalMs} ms after Ctrl-C`);
    assert.equal(result.code, 130, result.stderr);
  });

  it('a second Ctrl-C exits at once with 130, without waiting out the grace period', async () => {
    const result = await interruptWhileBlocked(2, join(__dirname, 'ignoreAbortPreload.cjs'));
    assert.equal(result.hung, false);
    // The grace period after the first Ctrl-C is 2 s; the second one (100 ms later) must not wait for it.
    assert.ok(result.afterSignalMs >= 0 && result.afterSignalMs < 1_800, `exited ${result.afterSignalMs} ms after the first Ctrl-C`);
    assert.equal(result.code, 130, result.stderr);
  });

  it('a command whose request ignores cancellation stops waiting for it, and exits 130 at once though the request holds the event loop', async () => {
    const result = await interruptWhileBlocked(1, join(__dirname, 'ignoreAbortPreload.cjs'));
    assert.equal(result.hung, false, 'the CLI ignored Ctrl-C');
    assert.ok(result.afterSignalMs >= 0 && result.afterSignalMs < 1_500, `exited ${result.afterSignalMs} ms after Ctrl-C`);
    assert.equal(result.code, 130, result.stderr);
  });

  it('a command that never returns after Ctrl-C still exits 130 about 2 s after it', async () => {
    const result = await interruptWhileBlocked(1, join(__dirname, 'ignoreAbortEverywherePreload.cjs'));
    assert.equal(result.hung, false, 'the CLI ignored Ctrl-C');
    assert.ok(result.afterSignalMs >= 1_500 && result.afterSignalMs < promptlyMs + 1_000, `exited ${result.afterSignalMs} ms after Ctrl-C`);
    assert.equal(result.code, 130, result.stderr);
  });
});
