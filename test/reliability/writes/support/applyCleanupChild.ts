/**
 * Runs `applyCleanup` in a child process (the tests start it with dropped privileges, where file
 * permissions really stop writes). Argument: JSON `{ changes, root? }`; prints `{ ok, message? }`.
 */
import { applyCleanup } from '../../../../src/core/cleanup/applyCleanup';
import type { FileChange } from '../../../../src/core/cleanup/model';

const request = JSON.parse(process.argv[2] ?? '{}') as { changes: FileChange[]; root?: string };
applyCleanup({ key: 'k', keep: true, safe: true, problems: [], notRewritten: [], changes: request.changes }, request.root ? { root: request.root } : {})
  .then(() => process.stdout.write(JSON.stringify({ ok: true })))
  .catch((error: unknown) => process.stdout.write(JSON.stringify({ ok: false, message: error instanceof Error ? error.message : String(error) })));
