import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from '../../../../src/core/log';
import type { FlagSnapshot } from '../../../../src/core/sources/model';
import { SnapshotCache } from '../../../../src/core/sources/snapshotCache';

function logger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: string | Error) => lines.push(String(m));
  return { lines, trace: push, debug: push, info: push, warn: push, error: push };
}

const sample: FlagSnapshot = {
  sourceId: 'launchdarkly:https://app.launchdarkly.com#shop',
  fetchedAt: new Date('2026-03-01T10:00:00.000Z'),
  environments: [{ key: 'production', name: 'Production', protected: true }],
  flags: [
    {
      key: 'new-checkout',
      name: 'New checkout',
      kind: 'string',
      // A value that looks like a date must stay a string.
      variations: [{ name: 'a', value: '2026-01-01T00:00:00.000Z' }],
      temporary: true,
      tags: ['checkout'],
      archived: false,
      createdAt: new Date('2025-11-01T08:30:00.000Z'),
      environments: {
        production: {
          environment: 'production',
          on: true,
          serving: { type: 'split', split: [{ variation: 'a', percent: 100 }] },
          protected: true,
          lastModified: new Date('2026-02-20T12:00:00.000Z'),
          lastEvaluated: null,
          status: 'active',
        },
      },
    },
  ],
};

describe('sources/SnapshotCache', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-cache-'));
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('round-trips a snapshot with Dates revived by position and marks it fromCache', async () => {
    const cache = new SnapshotCache(path.join(dir, 'nested', 'cache'));
    await cache.write({ ...sample, fromCache: false });
    const read = await cache.read(sample.sourceId);
    assert.ok(read);
    assert.equal(read.fromCache, true);
    assert.ok(read.fetchedAt instanceof Date);
    assert.equal(read.fetchedAt.toISOString(), '2026-03-01T10:00:00.000Z');
    const flag = read.flags[0]!;
    assert.ok(flag.createdAt instanceof Date);
    assert.equal(flag.environments.production!.lastModified!.toISOString(), '2026-02-20T12:00:00.000Z');
    assert.equal(flag.environments.production!.lastEvaluated, null);
    assert.equal(flag.variations[0]!.value, '2026-01-01T00:00:00.000Z');
    const { fromCache: _a, ...rest } = read;
    assert.deepEqual({ ...rest }, sample);
  });

  it('returns undefined for an unknown source and keeps sources apart', async () => {
    const cache = new SnapshotCache(dir);
    await cache.write(sample);
    await cache.write({ ...sample, sourceId: 'unleash:http://127.0.0.1:4242#default', flags: [] });
    assert.equal(await cache.read('nothing'), undefined);
    assert.equal((await cache.read(sample.sourceId))?.flags.length, 1);
    assert.equal((await cache.read('unleash:http://127.0.0.1:4242#default'))?.flags.length, 0);
  });

  it('writes atomically: no temp files remain and the file is complete JSON', async () => {
    const cache = new SnapshotCache(dir);
    await Promise.all([cache.write(sample), cache.write(sample), cache.write(sample)]);
    const files = await fs.readdir(dir);
    assert.equal(files.length, 1, files.join(', '));
    assert.ok(files[0]!.endsWith('.json'));
    JSON.parse(await fs.readFile(path.join(dir, files[0]!), 'utf8'));
  });

  it('ignores a corrupt or foreign cache file with a log line', async () => {
    const log = logger();
    const cache = new SnapshotCache(dir, log);
    const file = cache.fileFor(sample.sourceId);
    await fs.writeFile(file, '{"version":1,"snapshot":{"sourceId":');
    assert.equal(await cache.read(sample.sourceId), undefined);
    assert.match(log.lines.join('\n'), /corrupt/);
    await fs.writeFile(file, JSON.stringify({ version: 1, snapshot: { ...sample, sourceId: 'other' } }));
    assert.equal(await cache.read(sample.sourceId), undefined);
    await fs.writeFile(file, JSON.stringify({ version: 99, snapshot: sample }));
    assert.equal(await cache.read(sample.sourceId), undefined);
    assert.equal(log.lines.length, 3);
  });
});
