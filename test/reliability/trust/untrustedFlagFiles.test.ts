import * as assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSourcesFromConfig } from '../../../src/core/sources/createSources';

/** The extension creates its sources with allowRemote = workspace trust; that flag must reach the flagd source. */
describe('reliability: an untrusted workspace reads its own flag files only, and writes none', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await fs.rm(dir, { recursive: true, force: true });
  });

  const flag = (state: string) => ({ state, variants: { on: true, off: false }, defaultVariant: 'on' });

  it('skips a symlinked flag file that leads outside the folder and refuses toggles', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-untrusted-'));
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-untrusted-outside-'));
    dirs.push(root, outside);
    await fs.writeFile(path.join(outside, 'victim.json'), JSON.stringify({ flags: { evil: flag('ENABLED') } }));
    await fs.symlink(path.join(outside, 'victim.json'), path.join(root, 'linked.flagd.json'));
    const own = path.join(root, 'own.flagd.json');
    const ownText = JSON.stringify({ flags: { mine: flag('ENABLED') } });
    await fs.writeFile(own, ownText);

    const created = await createSourcesFromConfig({ root, sources: { pollIntervalSeconds: 60, protectedEnvironments: [] }, secrets: {}, allowRemote: false });
    try {
      assert.equal(created.sources.length, 1);
      const source = created.sources[0]!;
      const snapshot = await source.refresh();
      assert.deepEqual(snapshot.flags.map((f) => f.key), ['mine']);
      assert.ok(source.toggle, 'the flagd source can toggle');
      await assert.rejects(source.toggle({ key: 'mine', environment: 'own', on: false }), /untrusted/);
      assert.equal(readFileSync(own, 'utf8'), ownText);
    } finally {
      for (const source of created.sources) source.dispose();
    }
  });
});
