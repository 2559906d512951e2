import type { FlagSource } from '../../core/sources/model';
import type { FlagWorkspace } from '../../core/workspace/flagWorkspace';
import type { LoadedSnapshot, SourceFailure } from '../../core/workspace/model';

/** How long a call waits for sources still on their first read (a vendor API may be slow). */
const firstReadWaitMs = 10_000;

/**
 * The editor's workspace is live: its sources deliver snapshots in the background to the catalog,
 * and `snapshots`, `failures` and `staleInput` (what the MCP tools read, filled by a one-shot open)
 * stay empty. This view answers those three from the sources' current snapshots — what the hover
 * and the Flags view show — and passes everything else through.
 */
export function withLiveSnapshots(workspace: FlagWorkspace): FlagWorkspace {
  const sources = workspace.sources;
  const snapshots: LoadedSnapshot[] = sources.flatMap((source) => (source.snapshot ? [{ source, snapshot: source.snapshot }] : []));
  const failures: SourceFailure[] = sources.flatMap((source) => (source.snapshot ? [] : failureOf(source)));
  return new Proxy(workspace, {
    get(target, property, receiver) {
      if (property === 'snapshots') return snapshots;
      if (property === 'failures') return failures;
      if (property === 'staleInput') {
        return (now: Date, keys?: ReadonlySet<string>) => {
          const input = target.staleInput(now, keys);
          const wanted = (key: string) => !keys || keys.has(key);
          return {
            ...input,
            definitions: snapshots.flatMap(({ source, snapshot }) =>
              snapshot.flags.filter((flag) => wanted(flag.key)).map((flag) => ({ sourceId: snapshot.sourceId, sourceKind: source.kind, flag, environments: snapshot.environments })),
            ),
            sourceIds: snapshots.map(({ snapshot }) => snapshot.sourceId),
          };
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Resolves when every source has a snapshot or has given up (error state), or after a bound. */
export async function firstReads(workspace: FlagWorkspace, signal: AbortSignal): Promise<void> {
  const pending = workspace.sources.filter((source) => !source.snapshot && failureOf(source).length === 0);
  if (pending.length === 0) return;
  await new Promise<void>((resolve) => {
    const subscriptions = pending.flatMap((source) => [source.onDidChangeSnapshot(check), source.onDidChangeStatus(check)]);
    const timer = setTimeout(done, firstReadWaitMs);
    signal.addEventListener('abort', done, { once: true });
    function check(): void {
      if (pending.every((source) => source.snapshot || failureOf(source).length > 0)) done();
    }
    function done(): void {
      clearTimeout(timer);
      for (const subscription of subscriptions) subscription.dispose();
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

function failureOf(source: FlagSource): SourceFailure[] {
  const status = source.status;
  if (status.state === 'offline' || status.state === 'authError' || status.state === 'misconfigured') return [{ source, error: new Error(status.message) }];
  return [];
}
