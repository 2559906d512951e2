import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { FileReadiness } from '../../../src/core/references/fileReadiness';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { generateLargeWorkspace } from '../../e2e/support/largeWorkspace';
import { buildIndex, fixturePath } from './fixtureHarness';

const scriptFile = /\.(ts|tsx|js|jsx|mts|cts|mjs|cjs)$/;

async function scripts(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...(await scripts(full)));
    } else if (scriptFile.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** Everything the index says about one file (or all files), comparable across builds. */
function describeFile(index: ReferenceIndex, file: string): string[] {
  const rel = (f: string) => path.posix.relative(index.root, f);
  return [
    ...index.referencesIn(file).map((r) => `${r.confidence} ${r.key} ${rel(r.file)}:${r.keySpan.start} via=${r.via} kind=${r.kind} wrappers=${(r.wrappers ?? []).join('>')} origin=${JSON.stringify(r.origin ?? null)}`),
    ...index.dynamicIn(file).map((d) => `dynamic ${rel(d.file)}:${d.span.start} ${d.reason}`),
  ].sort();
}

/**
 * A wrapper's own call is a dynamic reference only when no file calls the wrapper with a constant:
 * a fact about the whole workspace, which the index does not state before its build ends.
 */
const unusedWrapper = /which nothing calls with a constant/;

function withoutUnusedWrappers(lines: string[]): string[] {
  return lines.filter((line) => !(line.startsWith('dynamic ') && unusedWrapper.test(line)));
}

function everything(index: ReferenceIndex): string[] {
  const files = new Set([...index.all().map((r) => r.file), ...index.dynamic().map((d) => d.file)]);
  return [...files].flatMap((file) => describeFile(index, file)).sort();
}

/** Builds with `file` first; what the index said about it when it was first published, before the build ended. */
async function buildWithPriority(root: string, file: string): Promise<{ index: ReferenceIndex; early: string[] | undefined; earlyWhileBuilding: boolean }> {
  const { config } = await loadConfig(root);
  let early: string[] | undefined;
  let earlyWhileBuilding = false;
  const index = await ReferenceIndex.build({ root, config }, undefined, {
    priorityFiles: [file],
    onStart: (started) => {
      started.onDidChange(({ files }) => {
        if (early !== undefined || !files.includes(file)) return;
        earlyWhileBuilding = !started.isComplete;
        early = describeFile(started, file);
      });
    },
  });
  return { index, early, earlyWhileBuilding };
}

const families = ['asConstMaps', 'classWrappers', 'commonjs', 'constants', 'customPatterns', 'dynamic', 'enums', 'factories', 'growthbook', 'importedConstants', 'keyProperty', 'launchdarkly', 'launchdarklyReact', 'launchdarklyReactNoCamel', 'ldConsumer', 'literals', 'mixed', 'monorepo', 'negatives', 'openfeature', 'unleash', 'wrappers'];

describe('references: priority files', () => {
  it('a page using a wrapper hook and constants from other files: its references first, the same as the full index gives', async () => {
    const root = fixturePath('wrappers');
    const page = `${root}/src/features/page.tsx`;
    const full = await buildIndex(root);
    const { index, early, earlyWhileBuilding } = await buildWithPriority(root, page);
    try {
      const expected = describeFile(full, page);
      assert.ok(expected.length >= 10 && expected.some((line) => line.includes('new-checkout') && line.includes('via=wrapper')), `the fixture resolves a constant through a wrapper: ${expected.join('\n')}`);
      assert.ok(earlyWhileBuilding, 'published while the rest of the workspace was still being indexed');
      assert.deepEqual(early, withoutUnusedWrappers(expected));
      assert.deepEqual(everything(index), everything(full));
    } finally {
      full.dispose();
      index.dispose();
    }
  });

  it('a wait for a file is bounded: false after its time limit, true when the file or the whole build is ready', async () => {
    const readiness = new FileReadiness();
    assert.equal(await readiness.when('/w/a.ts', 20), false);
    const a = readiness.when('/w/a.ts', 5000);
    const b = readiness.when('/w/b.ts', 5000);
    readiness.markReady('/w/a.ts');
    assert.equal(await a, true);
    assert.equal(readiness.has('/w/b.ts'), false);
    readiness.markComplete();
    assert.equal(await b, true);
    assert.equal(readiness.has('/w/anything.ts'), true);
  });

  for (const family of families) {
    it(`${family}: every file first gives that file's references of the full index, and the same index in the end`, async () => {
      const root = fixturePath(family);
      const full = await buildIndex(root);
      try {
        for (const file of await scripts(root)) {
          const { index, early, earlyWhileBuilding } = await buildWithPriority(root, file);
          try {
            const rel = path.posix.relative(root, file);
            assert.ok(earlyWhileBuilding, `${rel}: published before the build ended`);
            assert.deepEqual(early, withoutUnusedWrappers(describeFile(full, file)), `${rel}: early references`);
            assert.deepEqual(everything(index), everything(full), `${rel} first: the whole index`);
          } finally {
            index.dispose();
          }
        }
      } finally {
        full.dispose();
      }
    });
  }

  describe('a generated workspace of 600 files', () => {
    let root: string;
    let openFile: string;
    let late: string;

    before(async () => {
      root = (await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-priority-'))).split(path.sep).join('/');
      const generated = generateLargeWorkspace(root, { files: 600 });
      openFile = `${root}/${generated.openFile}`;
      late = generated.flagFiles[generated.flagFiles.length - 1]!;
    });

    after(async () => {
      await fs.rm(root, { recursive: true, force: true });
    });

    it('the open file is ready before any other file is read; a file asked for mid-build is ready before the build ends', async () => {
      let lateAsked = false;
      let lateReady: boolean | undefined;
      let openReadyEarly = false;
      let scannedWhenOpenReady = -1;
      const index = await ReferenceIndex.build({ root }, undefined, {
        priorityFiles: [openFile],
        onStart: (started) => {
          started.onDidChange(({ files }) => {
            if (files.length === 1 && files[0] === openFile) {
              openReadyEarly = !started.isComplete && started.referencesIn(openFile).some((r) => r.key === 'new-checkout');
              scannedWhenOpenReady = started.stats.filesScanned;
              // Asked once the first file is out: the build is under way, far from done.
              lateAsked = true;
              void started.whenFileReady(late, 60_000).then((ready) => {
                lateReady = ready && !started.isComplete ? started.referencesIn(late).length === 1 : undefined;
              });
            }
          });
        },
      });
      try {
        assert.ok(openReadyEarly, 'the open file had its lens reference while the build ran');
        assert.equal(scannedWhenOpenReady, 0, 'no other file was scanned yet');
        assert.ok(lateAsked);
        assert.equal(lateReady, true, 'the file asked for mid-build was ready (with its one reference) before the build ended');
        const full = await ReferenceIndex.build({ root });
        try {
          assert.deepEqual(everything(index), everything(full));
        } finally {
          full.dispose();
        }
      } finally {
        index.dispose();
      }
    });

    it('an edit made during the build applies after it; whenFileReady times out rather than waiting forever', async () => {
      const { config } = await loadConfig(root);
      let edited: Promise<{ files: string[] }> | undefined;
      const extra = `${root}/packages/app/src/checkout/pages/Extra.tsx`;
      await fs.writeFile(extra, 'export const nothing = 1;\n');
      try {
        const index = await ReferenceIndex.build({ root, config }, undefined, {
          onStart: (started) => {
            edited = started.updateFile(extra, "import { useBooleanFlagValue } from '@openfeature/react-sdk';\nexport const on = () => useBooleanFlagValue('edited-during-build', false);\n");
          },
        });
        try {
          assert.ok(edited);
          const { files } = await edited;
          assert.deepEqual(files, [extra]);
          assert.deepEqual(index.referencesIn(extra).map((r) => r.key), ['edited-during-build']);
          assert.equal(await index.whenFileReady(extra, 10), true, 'a complete index has every file ready');
        } finally {
          index.dispose();
        }
      } finally {
        await fs.rm(extra, { force: true });
      }
    });
  });
});
