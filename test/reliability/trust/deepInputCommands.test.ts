import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliInProcess } from '../../support/cliInProcess';

/** Every command, not only the parsers' own tests: deep JSON anywhere must give a message, never a stack overflow. */
describe('reliability: deeply nested JSON through every command', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-deepcmd-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
  const flag = (state: string) => `{"state":"${state}","variants":{"on":true,"off":false},"defaultVariant":"on"}`;

  const run = (argv: string[]) => runCliInProcess(argv, dir);

  it('flags, stale, scan and cleanup with a .flaglens.json nested 200,000 levels', async () => {
    await fs.writeFile(path.join(dir, '.flaglens.json'), `{"sources": {"flagd": {}}, "x": ${deep(200_000)}}`);
    await fs.writeFile(path.join(dir, 'app.flagd.json'), `{"flags": {"k": ${flag('ENABLED')}}}`);
    for (const argv of [['flags', '.'], ['stale', '.'], ['scan', '.'], ['cleanup', 'k', '.', '--keep', 'on']]) {
      const result = await run(argv);
      const output = result.stdout + result.stderr;
      assert.doesNotMatch(output, /Maximum call stack|RangeError/, `${argv[0]}: ${output}`);
      assert.match(output, /\.flaglens\.json:1:\d+: Nested deeper than|k/, `${argv[0]}: ${output}`);
    }
  });

  it('toggle of a flag in a flagd file where another flag is nested 100,000 levels deep', async () => {
    const file = path.join(dir, 'app.flagd.json');
    await fs.writeFile(file, `{"flags": {"k": ${flag('ENABLED')}, "bomb": {"state":"ENABLED","variants":{"on":true},"defaultVariant":"on","targeting":${deep(100_000)}}}}`);
    const result = await run(['toggle', 'k', 'off', '--env', 'app', '.']);
    assert.doesNotMatch(result.stderr, /Maximum call stack|RangeError/);
    assert.equal(result.code, 0, result.stderr);
    assert.match(await fs.readFile(file, 'utf8'), /"k": \{"state":"DISABLED"/);
  });
});
