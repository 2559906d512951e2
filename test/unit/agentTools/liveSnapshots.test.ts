import assert from 'node:assert/strict';
import { Emitter } from '../../../src/core/util/emitter';
import type { FlagSnapshot, FlagSource, SourceStatus } from '../../../src/core/sources/model';
import type { FlagWorkspace } from '../../../src/core/workspace/flagWorkspace';
import { firstReads, withLiveSnapshots } from '../../../src/extension/agentTools/liveSnapshots';

function source(id: string, snapshot: FlagSnapshot | undefined, status: SourceStatus): FlagSource & { deliver(s: FlagSnapshot): void } {
  const snapshots = new Emitter<FlagSnapshot>();
  const statuses = new Emitter<SourceStatus>();
  const fake = {
    id,
    kind: 'flagd',
    label: `flagd: ${id}`,
    status,
    snapshot,
    onDidChangeSnapshot: snapshots.event,
    onDidChangeStatus: statuses.event,
    deliver(next: FlagSnapshot) {
      fake.snapshot = next;
      snapshots.fire(next);
    },
  };
  return fake as unknown as FlagSource & { deliver(s: FlagSnapshot): void };
}

const snapshot = (sourceId: string, keys: string[]): FlagSnapshot =>
  ({ sourceId, flags: keys.map((key) => ({ key, variations: [] })), environments: [{ key: 'dev' }], fetchedAt: new Date(0) }) as unknown as FlagSnapshot;

/** A live workspace as the editor holds one: sources with snapshots, `snapshots` and `staleInput` empty. */
function liveWorkspace(sources: FlagSource[]): FlagWorkspace {
  return {
    root: '/w',
    sources,
    snapshots: [],
    failures: [],
    staleInput: (now: Date) => ({ definitions: [], references: [{ key: 'a' }], dynamicReferences: [], sourceIds: [], now, thresholds: { inactiveDays: 7 } }),
  } as unknown as FlagWorkspace;
}

describe('agent tools: the live workspace as the MCP tools read it', () => {
  it('answers snapshots, failures and staleInput from the sources, the rest unchanged', () => {
    const ok = source('one', snapshot('one', ['a', 'b']), { state: 'connected', lastSuccess: new Date(0) });
    const broken = source('two', undefined, { state: 'authError', message: 'token refused' });
    const view = withLiveSnapshots(liveWorkspace([ok, broken]));
    assert.deepEqual(
      view.snapshots.map((s) => s.snapshot.sourceId),
      ['one'],
    );
    assert.deepEqual(
      view.failures.map((f) => [f.source.id, (f.error as Error).message]),
      [['two', 'token refused']],
    );
    const input = view.staleInput(new Date(1), new Set(['b']));
    assert.deepEqual(
      input.definitions.map((d) => [d.sourceId, d.flag.key]),
      [['one', 'b']],
    );
    assert.deepEqual(input.sourceIds, ['one']);
    assert.deepEqual(input.references, [{ key: 'a' }], 'references and thresholds come from the workspace');
    assert.deepEqual(input.thresholds, { inactiveDays: 7 });
    assert.equal(view.root, '/w');
  });

  it('waits for a source on its first read, and not for one that failed', async () => {
    const slow = source('slow', undefined, { state: 'refreshing' });
    const failed = source('failed', undefined, { state: 'offline', message: 'down' });
    const workspace = liveWorkspace([slow, failed]);
    let settled = false;
    const waiting = firstReads(workspace, new AbortController().signal).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(settled, false);
    slow.deliver(snapshot('slow', ['x']));
    await waiting;
    assert.deepEqual(
      withLiveSnapshots(workspace).snapshots.map((s) => s.snapshot.sourceId),
      ['slow'],
    );
  });
});
