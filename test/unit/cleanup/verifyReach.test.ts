import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { planCleanup, type CleanupResult } from '../../../src/core/cleanup/planCleanup';
import type { Logger } from '../../../src/core/log';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { openFeatureProject, recordingLogger, strictTsconfig } from './openFeatureProject';

/**
 * The cleanup's project holds only the files the change can reach; these cases make sure that
 * neither the plan nor its verification lost anything by it: errors that show up only in files
 * importing the changed one (directly, through a re-export, or through an inferred type) still
 * fail the cleanup, and exports other files use stay.
 */

/** `mode()` returns 'new' | 42; keeping the flag on narrows it to 'new'. The file itself stays valid. */
const modeFile = `import { OpenFeature } from '@openfeature/web-sdk';

const client = OpenFeature.getClient();

export function mode() {
  if (client.getBooleanValue('new-mode', false)) {
    return 'new' as const;
  }
  return 42 as const;
}
`;

describe('cleanup: verification reaches every file the change can reach', function () {
  this.timeout(120_000);
  let root: string;

  beforeEach(async () => {
    root = await openFeatureProject('flaglens-reach-', strictTsconfig());
    await fs.writeFile(`${root}/src/mode.ts`, modeFile);
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  async function plan(keep: unknown, logger?: Logger): Promise<CleanupResult> {
    const index = await ReferenceIndex.build({ root });
    try {
      return await planCleanup({ key: 'new-mode', keep, index, ...(logger ? { logger } : {}) });
    } finally {
      index.dispose();
    }
  }

  const problemsOf = (result: CleanupResult) => result.problems.map((p) => `${path.posix.relative(root, p.file)}:${p.line} ${p.message.split(':')[0]}`);

  it('fails the cleanup when the new error is in a file that imports the changed one, not in the changed file', async () => {
    await fs.writeFile(`${root}/src/use.ts`, `import { mode } from './mode';\n\nexport function describe(): string {\n  if (mode() === 42) {\n    return 'legacy';\n  }\n  return 'current';\n}\n`);
    const result = await plan(true);
    assert.deepEqual(result.changes.map((c) => path.posix.relative(root, c.file)), ['src/mode.ts'], 'only the flag file changes');
    assert.equal(result.safe, false);
    assert.deepEqual(problemsOf(result), ['src/use.ts:3 TS2367']);
  });

  it('passes the same importer when the kept value leaves its comparison valid', async () => {
    await fs.writeFile(`${root}/src/use.ts`, `import { mode } from './mode';\n\nexport function describe(): string {\n  if (mode() === 42) {\n    return 'legacy';\n  }\n  return 'current';\n}\n`);
    const result = await plan(false);
    assert.equal(result.safe, true, JSON.stringify(result.problems));
    assert.match(result.changes[0]?.after ?? '', /return 42 as const;/);
  });

  it('follows an inferred type through a file that does not change to the file where the error appears', async () => {
    // middle.ts has no error before or after; its exported type narrows, which breaks last.ts.
    await fs.writeFile(`${root}/src/middle.ts`, `import { mode } from './mode';\n\nexport const current = mode();\n`);
    await fs.writeFile(`${root}/src/last.ts`, `import { current } from './middle';\n\nexport const legacy: boolean = current === 42;\n`);
    const result = await plan(true);
    assert.deepEqual(result.changes.map((c) => path.posix.relative(root, c.file)), ['src/mode.ts']);
    assert.equal(result.safe, false);
    assert.deepEqual(problemsOf(result), ['src/last.ts:2 TS2367']);
  });

  it('follows a barrel that re-exports the changed file to the file that imports through it', async () => {
    await fs.writeFile(`${root}/src/index.ts`, `export * from './mode';\n`);
    await fs.writeFile(`${root}/src/page.ts`, `import { mode } from '.';\n\nexport const legacy: boolean = mode() === 42;\n`);
    const result = await plan(true);
    assert.equal(result.safe, false);
    assert.deepEqual(problemsOf(result), ['src/page.ts:2 TS2367']);
  });

  it('keeps an export that a file outside the cleanup still imports, and removes it when none does', async () => {
    await fs.writeFile(`${root}/src/util.ts`, `export function legacyLabel(): string {\n  return 'legacy';\n}\n`);
    await fs.writeFile(
      `${root}/src/mode.ts`,
      `import { OpenFeature } from '@openfeature/web-sdk';\nimport { legacyLabel } from './util';\n\nconst client = OpenFeature.getClient();\n\nexport function label(): string {\n  return client.getBooleanValue('new-mode', false) ? 'new' : legacyLabel();\n}\n`,
    );
    // Not an importer of the flag's file and no mention of the key: only the import index knows it.
    await fs.writeFile(`${root}/src/other.ts`, `import { legacyLabel } from './util';\n\nexport const shown = legacyLabel();\n`);
    const kept = await plan(true);
    assert.equal(kept.safe, true, JSON.stringify(kept.problems));
    assert.deepEqual(kept.changes.map((c) => path.posix.relative(root, c.file)), ['src/mode.ts']);

    await fs.rm(`${root}/src/other.ts`);
    const removed = await plan(true);
    assert.equal(removed.safe, true, JSON.stringify(removed.problems));
    assert.deepEqual(removed.changes.map((c) => [path.posix.relative(root, c.file), c.after]), [
      ['src/mode.ts', `export function label(): string {\n  return 'new';\n}\n`],
      ['src/util.ts', null],
    ]);
  });

  it('loads only the files the change reaches, not the rest of the workspace', async () => {
    // 120 modules importing each other, none of them related to the flag.
    for (let i = 0; i < 120; i++) {
      const next = i + 1 < 120 ? `import { value${i + 1} } from './m${i + 1}';\nexport const value${i} = value${i + 1} + 1;\n` : `export const value${i} = 0;\n`;
      await fs.writeFile(`${root}/src/m${i}.ts`, next);
    }
    await fs.writeFile(`${root}/src/use.ts`, `import { mode } from './mode';\nimport { value0 } from './m0';\n\nexport const both = [mode(), value0];\n`);
    const lines: string[] = [];
    const result = await plan(true, recordingLogger(lines));
    assert.equal(result.safe, true, JSON.stringify(result.problems));
    const summary = lines.find((l) => /project of \d+ file/.test(l)) ?? '';
    const inProject = Number(/project of (\d+) file/.exec(summary)?.[1]);
    // mode.ts, its importer use.ts and the SDK stub; use.ts sees m0 but does not pull in the chain behind it.
    assert.ok(inProject <= 4, summary);
    const verified = Number(/(\d+) file\(s\) verified/.exec(summary)?.[1]);
    assert.ok(verified <= 3, summary);
  });
});
