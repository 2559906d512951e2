import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyCleanup } from '../../../src/core/cleanup/applyCleanup';
import { FlagLensError } from '../../../src/core/errors';

describe('cleanup: applyCleanup', () => {
  let dir: string;
  beforeEach(async () => {
    dir = (await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-apply-'))).split(path.sep).join('/');
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('writes changed files and deletes removed ones', async () => {
    await fs.writeFile(`${dir}/a.ts`, 'old a\n');
    await fs.writeFile(`${dir}/b.ts`, 'old b\n');
    await applyCleanup({
      key: 'k',
      keep: true,
      safe: true,
      problems: [],
      notRewritten: [],
      changes: [
        { file: `${dir}/a.ts`, before: 'old a\n', after: 'new a\n' },
        { file: `${dir}/b.ts`, before: 'old b\n', after: null },
      ],
    });
    assert.equal(await fs.readFile(`${dir}/a.ts`, 'utf8'), 'new a\n');
    await assert.rejects(fs.access(`${dir}/b.ts`));
    assert.deepEqual(await fs.readdir(dir), ['a.ts'], 'no temporary files left behind');
  });

  it('writes nothing when any file changed since the plan was made', async () => {
    await fs.writeFile(`${dir}/a.ts`, 'old a\n');
    await fs.writeFile(`${dir}/b.ts`, 'edited meanwhile\n');
    await assert.rejects(
      applyCleanup({
        key: 'k',
        keep: true,
        safe: true,
        problems: [],
        notRewritten: [],
        changes: [
          { file: `${dir}/a.ts`, before: 'old a\n', after: 'new a\n' },
          { file: `${dir}/b.ts`, before: 'old b\n', after: 'new b\n' },
        ],
      }),
      (error: unknown) => FlagLensError.is(error) && /b\.ts changed since the cleanup was planned/.test(error.message),
    );
    assert.equal(await fs.readFile(`${dir}/a.ts`, 'utf8'), 'old a\n');
  });

  it('reports a file that disappeared', async () => {
    await assert.rejects(
      applyCleanup({ key: 'k', keep: true, safe: true, problems: [], notRewritten: [], changes: [{ file: `${dir}/missing.ts`, before: 'x', after: 'y' }] }),
      (error: unknown) => FlagLensError.is(error, 'notFound'),
    );
  });
});
