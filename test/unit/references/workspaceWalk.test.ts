import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { silentLogger } from '../../../src/core/log';
import { discoverFiles } from '../../../src/core/references/discover';
import { forgetWorkspaceWalks, holdWorkspaceWalk, walkCounters, watchWorkspaceWalk, type WatchedWalk } from '../../../src/core/references/workspaceWalk';
import { discoverFlagdFiles } from '../../../src/core/sources/flagd/discoverFlagdFiles';
import { toPosixPath } from '../../../src/core/util/paths';

function write(root: string, relative: string, text = ''): string {
  const file = path.posix.join(root, relative);
  mkdirSync(path.posix.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

async function indexScripts(root: string, exclude: readonly string[] = []): Promise<string[]> {
  const discovery = await discoverFiles({ root, exclude, maxFileBytes: 1024 * 1024, logger: silentLogger });
  return discovery.scripts.map((s) => path.posix.relative(root, s.file));
}

async function flagFiles(root: string): Promise<string[]> {
  return (await discoverFlagdFiles({ root })).map((file) => path.posix.relative(root, file));
}

function counters(): { walks: number; readdirs: number; reused: number } {
  return { ...walkCounters };
}

describe('references: one walk for the index and flag discovery', () => {
  let root: string;
  let watched: WatchedWalk | undefined;

  beforeEach(() => {
    forgetWorkspaceWalks();
    root = toPosixPath(mkdtempSync(path.join(os.tmpdir(), 'flaglens-walk-')));
    write(root, '.gitignore', 'generated/\n*.local.flagd.json\n');
    write(root, 'src/app.ts', 'export const a = 1;\n');
    write(root, 'src/feature/flags.json', '{}');
    write(root, 'config/dev.flagd.json', '{}');
    write(root, 'config/me.local.flagd.json', '{}');
    write(root, 'generated/flags.json', '{}');
    write(root, 'generated/out.ts', '');
    write(root, 'node_modules/lib/flags.json', '{}');
    write(root, 'node_modules/lib/index.ts', '');
    // Tracked build output: the index never reads dist/, flag discovery has always looked there.
    write(root, 'dist/bundle.ts', '');
    write(root, 'dist/release.flagd.json', '{}');
    write(root, 'packages/legacy/old.ts', '');
    write(root, 'packages/legacy/flags.json', '{}');
  });

  afterEach(() => {
    watched?.dispose();
    watched = undefined;
    forgetWorkspaceWalks();
    rmSync(root, { recursive: true, force: true });
  });

  it('walks the folder once for both, each with its own skip rules', async () => {
    const before = counters();
    const [flags, scripts] = await Promise.all([flagFiles(root), indexScripts(root)]);
    const between = counters();
    assert.deepEqual(flags, ['config/dev.flagd.json', 'dist/release.flagd.json', 'packages/legacy/flags.json', 'src/feature/flags.json']);
    assert.deepEqual(scripts, ['packages/legacy/old.ts', 'src/app.ts']);
    assert.equal(between.walks - before.walks, 1, 'one walk served both');
    // root, src, src/feature, config, dist, packages, packages/legacy: never node_modules or the gitignored folder.
    assert.equal(between.readdirs - before.readdirs, 7);

    // In sequence (the CLI: sources first, the index after them): the second reader checks the walk instead of walking.
    assert.deepEqual(await indexScripts(root), scripts);
    assert.deepEqual(await flagFiles(root), flags);
    assert.equal(counters().walks, between.walks);
  });

  it('while an operation holds the walk, reuses what it saw without checking the disk again; the next one sees the change', async () => {
    // A walk from before the hold is checked once when first asked for, then trusted.
    await indexScripts(root);
    write(root, 'src/before.ts', '');
    const hold = holdWorkspaceWalk(root);
    let during: string[];
    try {
      const seen = await indexScripts(root);
      assert.ok(seen.includes('src/before.ts'), 'checked against the disk at its first use in the hold');
      write(root, 'src/during.ts', '');
      write(root, 'src/during.flagd.json', '{}');
      during = await indexScripts(root);
      assert.deepEqual(during, seen, 'one state of the folder for the whole operation');
      assert.ok(!(await flagFiles(root)).includes('src/during.flagd.json'));
    } finally {
      hold.dispose();
    }
    assert.ok((await indexScripts(root)).includes('src/during.ts'));
    assert.ok((await flagFiles(root)).includes('src/during.flagd.json'));
  });

  it('an operation that starts while another holds the walk checks the disk once itself', async () => {
    const first = holdWorkspaceWalk(root);
    try {
      await indexScripts(root);
      write(root, 'src/added.ts', '');
      const second = holdWorkspaceWalk(root);
      try {
        assert.ok((await indexScripts(root)).includes('src/added.ts'));
      } finally {
        second.dispose();
      }
    } finally {
      first.dispose();
    }
  });

  it('an operation that starts while another operation\'s walk is still running does not trust that walk', async () => {
    for (let i = 0; i < 300; i++) write(root, `deep${i}/x/y/f.ts`);
    const first = holdWorkspaceWalk(root);
    const start = walkCounters.readdirs;
    const firstScripts = indexScripts(root);
    while (walkCounters.readdirs < start + 3) await new Promise((resolve) => setImmediate(resolve));
    // The root was read first: the walk in flight cannot have seen this file.
    write(root, 'late.ts', '');
    const second = holdWorkspaceWalk(root);
    try {
      assert.ok((await indexScripts(root)).includes('late.ts'), 'the second operation began after the file was written');
      await firstScripts;
    } finally {
      second.dispose();
      first.dispose();
    }
  });

  it('applies exclude globs to the index only, as before', async () => {
    assert.deepEqual(await indexScripts(root, ['packages/legacy']), ['src/app.ts']);
    assert.deepEqual(await indexScripts(root, ['**/old.ts']), ['src/app.ts']);
    assert.ok((await flagFiles(root)).includes('packages/legacy/flags.json'));
  });

  it('sees a file added behind its back when nobody watches the folder', async () => {
    assert.deepEqual(await flagFiles(root), ['config/dev.flagd.json', 'dist/release.flagd.json', 'packages/legacy/flags.json', 'src/feature/flags.json']);
    write(root, 'src/new.ts', '');
    write(root, 'src/prod.flagd.json', '{}');
    assert.deepEqual(await indexScripts(root), ['packages/legacy/old.ts', 'src/app.ts', 'src/new.ts']);
    assert.ok((await flagFiles(root)).includes('src/prod.flagd.json'));
    // A .gitignore edited in place, with the folder's listing unchanged.
    writeFileSync(path.posix.join(root, '.gitignore'), 'generated/\n*.local.flagd.json\nsrc/feature/\n');
    assert.ok(!(await flagFiles(root)).includes('src/feature/flags.json'));
  });

  it('follows watcher events without walking again: a flag file and a script created, then deleted', async () => {
    watched = watchWorkspaceWalk(root);
    await indexScripts(root);
    const walked = counters().walks;

    const flag = write(root, 'src/feature/prod.flagd.json', '{}');
    const script = write(root, 'src/feature/toggle.ts', '');
    const ignored = write(root, 'config/me2.local.flagd.json', '{}');
    watched.apply({ created: [flag, script, ignored, path.posix.join(root, 'node_modules/lib/more.ts')] });
    assert.ok((await flagFiles(root)).includes('src/feature/prod.flagd.json'));
    assert.ok(!(await flagFiles(root)).includes('config/me2.local.flagd.json'));
    assert.deepEqual(await indexScripts(root), ['packages/legacy/old.ts', 'src/app.ts', 'src/feature/toggle.ts']);

    unlinkSync(flag);
    unlinkSync(script);
    watched.apply({ deleted: [flag, script] });
    assert.ok(!(await flagFiles(root)).includes('src/feature/prod.flagd.json'));
    assert.deepEqual(await indexScripts(root), ['packages/legacy/old.ts', 'src/app.ts']);

    // A whole folder removed at once.
    rmSync(path.posix.join(root, 'packages'), { recursive: true });
    watched.apply({ deleted: [path.posix.join(root, 'packages')] });
    assert.deepEqual(await indexScripts(root), ['src/app.ts']);
    assert.ok(!(await flagFiles(root)).includes('packages/legacy/flags.json'));
    assert.equal(counters().walks, walked, 'watched changes never walk the tree again');
  });

  it('walks again when a watcher reports a new folder or an edited .gitignore', async () => {
    watched = watchWorkspaceWalk(root);
    await flagFiles(root);
    const walked = counters().walks;
    const created = write(root, 'services/api/flags.json', '{}');
    watched.apply({ created: [path.posix.join(root, 'services'), path.posix.join(root, 'services/api'), created] });
    assert.ok((await flagFiles(root)).includes('services/api/flags.json'));
    assert.equal(counters().walks, walked + 1);

    writeFileSync(path.posix.join(root, '.gitignore'), 'generated/\nservices/\n');
    watched.apply({ changed: [path.posix.join(root, '.gitignore')] });
    const after = await flagFiles(root);
    assert.ok(!after.includes('services/api/flags.json'));
    assert.ok(after.includes('config/me.local.flagd.json'), 'the rule that ignored it is gone');
    assert.equal(counters().walks, walked + 2);
  });

  it('keeps events that arrive while the walk runs and applies them when it is done', async () => {
    watched = watchWorkspaceWalk(root);
    const walking = flagFiles(root);
    const flag = write(root, 'src/late.flagd.json', '{}');
    watched.apply({ created: [flag] });
    await walking;
    const walked = counters().walks;
    assert.ok((await flagFiles(root)).includes('src/late.flagd.json'));
    assert.equal(counters().walks, walked);
  });

  it('trusts the watcher while it is attached: a change it did not report is not seen', async () => {
    watched = watchWorkspaceWalk(root);
    await indexScripts(root);
    write(root, 'src/unreported.ts', '');
    assert.ok(!(await indexScripts(root)).includes('src/unreported.ts'));
    watched.dispose();
    watched = undefined;
    assert.ok((await indexScripts(root)).includes('src/unreported.ts'));
  });
});
