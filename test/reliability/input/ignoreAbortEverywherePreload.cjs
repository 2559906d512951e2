// Preloaded into a CLI child by sigint.test.ts: as ignoreAbortPreload.cjs, and nothing hears an
// AbortSignal either, so the command itself never returns after Ctrl-C (a wait deep in a library
// that neither listens nor gives up): only the CLI's own grace period can end the process.
require('./ignoreAbortPreload.cjs');
AbortSignal.prototype.addEventListener = () => undefined;
