import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliInProcess } from '../../support/cliInProcess';
import { runCliProcess } from '../input/cliProcess';

/** Hostile project files reach the cleanup's own compiler project too, not only the reference index. */
describe('reliability: cleanup on hostile project files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-cleanup-inputs-'));
    await fs.writeFile(
      path.join(dir, 'app.ts'),
      "import { OpenFeature } from '@openfeature/server-sdk';\nconst client = OpenFeature.getClient();\nexport async function page(): Promise<string> {\n  if (await client.getBooleanValue('my-flag', false)) return 'NEW';\n  return 'OLD';\n}\n",
    );
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  for (const [name, setup] of [
    ['tsconfig.json is a FIFO', async () => execFileSync('mkfifo', [path.join(dir, 'tsconfig.json')])],
    [
      'the tsconfig it extends is a FIFO',
      async () => {
        await fs.writeFile(path.join(dir, 'tsconfig.json'), '{ "extends": "./base.json" }');
        execFileSync('mkfifo', [path.join(dir, 'base.json')]);
      },
    ],
  ] as const) {
    it(`${name}: the plan finishes instead of blocking on it`, async () => {
      await setup();
      const result = await runCliProcess(['cleanup', 'my-flag', dir, '--keep', 'on'], { boundMs: 30_000 });
      assert.equal(result.hung, false, `hung: ${result.stderr}`);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /-\s+return 'OLD';/);
    });
  }

  it('a declaration file over 4 MB is left out of the type check with a warning', async () => {
    const line = 'declare const v: { a: string; b: number };\n';
    await fs.writeFile(path.join(dir, 'huge.d.ts'), line.repeat(Math.ceil((5 * 1024 * 1024) / line.length)));
    const result = await runCliProcess(['cleanup', 'my-flag', dir, '--keep', 'on', '--verbose'], { boundMs: 60_000 });
    assert.equal(result.hung, false);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Skipped .*huge\.d\.ts for the cleanup's type check: larger than 4 MB/);
  });

  it('--keep off with no source and no typed reference is refused as ambiguous instead of keeping the ON branch', async () => {
    await fs.writeFile(
      path.join(dir, 'app.ts'),
      "import { init } from '@launchdarkly/node-server-sdk';\nconst client = init('sdk');\n// eslint-disable-next-line @typescript-eslint/no-explicit-any\nexport async function page(fallback: any): Promise<string> {\n  if (await client.variation('my-flag', { key: 'u' }, fallback)) return 'NEW';\n  return 'OLD';\n}\n",
    );
    const result = await runCliInProcess(['cleanup', 'my-flag', '.', '--keep', 'off'], dir);
    assert.equal(result.code, 2, result.stderr + result.stdout);
    assert.match(result.stderr, /ambiguous.*--keep false.*--keep-literal/);
    assert.equal(result.stdout, '');
  });

  it('an && chain too deep for the TypeScript checker is a clear refusal (exit 2), nothing written', async () => {
    const chain = Array.from({ length: 1000 }, () => 'x').join(' && ');
    await fs.writeFile(
      path.join(dir, 'app.ts'),
      `import { OpenFeature } from '@openfeature/server-sdk';\nconst client = OpenFeature.getClient();\ndeclare const x: boolean;\nexport async function page(): Promise<boolean> {\n  return (await client.getBooleanValue('my-flag', false)) && ${chain};\n}\n`,
    );
    const before = await fs.readFile(path.join(dir, 'app.ts'), 'utf8');
    const result = await runCliProcess(['cleanup', 'my-flag', dir, '--keep', 'off', '--write'], { boundMs: 60_000 });
    assert.equal(result.hung, false);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /Cannot clean up 'my-flag': the code is nested too deeply for the TypeScript compiler to check .*nothing was changed/);
    assert.equal(await fs.readFile(path.join(dir, 'app.ts'), 'utf8'), before);
  });
});
