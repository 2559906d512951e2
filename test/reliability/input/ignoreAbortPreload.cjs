// Preloaded into a CLI child by sigint.test.ts: every fetch waits forever and ignores its AbortSignal,
// standing in for any wait that does not listen to cancellation (a blocked read, a library that ignores signals).
globalThis.fetch = () => {
  process.stderr.write('[preload] fetch is waiting\n');
  return new Promise(() => undefined);
};
// Keeps the event loop alive the way a pending socket would.
setInterval(() => undefined, 60_000);
