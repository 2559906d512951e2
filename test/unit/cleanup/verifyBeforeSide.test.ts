import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { planCleanup, type CleanupResult } from '../../../src/core/cleanup/planCleanup';
import type { Logger } from '../../../src/core/log';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { openFeatureProject, strictTsconfig } from './openFeatureProject';

/**
 * Verification compares diagnostics before and after the change, but a file that reports nothing
 * after it cannot have a new error: the before side is only asked about files that report
 * something. These cases pin both halves: the saving, and that a new error is still caught.
 */

/** Keeping the flag on narrows `mode()` from 'new' | 42 to 'new': importers are checked again. */
const modeFile = `import { OpenFeature } from '@openfeature/web-sdk';

const client = OpenFeature.getClient();

export function mode() {
  if (client.getBooleanValue('new-mode', false)) {
    return 'new' as const;
  }
  return 42 as const;
}
`;

const cleanImporter = `import { mode } from './mode';\n\nexport const label: string = String(mode());\n`;
/** An error that was there before the cleanup (TS2322), unrelated to the flag. */
const brokenImporter = `import { mode } from './mode';\n\nexport const label: number = 'x';\nexport const shown = String(mode());\n`;
/** Compares with the value the cleanup removes: a new TS2367 after it. */
const comparingImporter = `import { mode } from './mode';\n\nexport const legacy = mode() === 42;\n`;

describe('cleanup: verification asks the before side only about files that report something after', function () {
  this.timeout(120_000);
  let root: string;

  beforeEach(async () => {
    root = await openFeatureProject('flaglens-before-side-', strictTsconfig());
    await fs.writeFile(`${root}/src/mode.ts`, modeFile);
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  async function plan(): Promise<{ result: CleanupResult; verified: string }> {
    const lines: string[] = [];
    const push = (m: unknown) => lines.push(String(m));
    const logger: Logger = { trace: push, debug: push, info: push, warn: push, error: push };
    const index = await ReferenceIndex.build({ root });
    try {
      const result = await planCleanup({ key: 'new-mode', keep: true, index, logger });
      const verified = lines.find((l) => l.includes('verified ('));
      assert.ok(verified, lines.join('\n'));
      return { result, verified: /(\d+) file\(s\) verified \((\d+) of them also before/.exec(verified)!.slice(1, 3).join('/') };
    } finally {
      index.dispose();
    }
  }

  it('checks no file before the change when nothing reports anything after it', async () => {
    await fs.writeFile(`${root}/src/a.ts`, cleanImporter);
    await fs.writeFile(`${root}/src/b.ts`, cleanImporter);
    const { result, verified } = await plan();
    assert.equal(result.safe, true, JSON.stringify(result.problems));
    assert.equal(verified, '3/0', 'mode.ts and both importers after; none before');
  });

  it('checks before the change only the file with an error, and does not count that old error as new', async () => {
    await fs.writeFile(`${root}/src/a.ts`, cleanImporter);
    await fs.writeFile(`${root}/src/b.ts`, brokenImporter);
    const { result, verified } = await plan();
    assert.equal(result.safe, true, JSON.stringify(result.problems));
    assert.equal(verified, '3/1');
  });

  it('still fails on an error the change introduces in an importer', async () => {
    await fs.writeFile(`${root}/src/a.ts`, cleanImporter);
    await fs.writeFile(`${root}/src/c.ts`, comparingImporter);
    const { result, verified } = await plan();
    assert.equal(result.safe, false);
    assert.deepEqual(result.problems.map((p) => `${path.posix.relative(root, p.file)} ${p.message.split(':')[0]}`), ['src/c.ts TS2367']);
    assert.equal(verified, '3/1');
  });
});
