import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliInProcess } from '../../support/cliInProcess';

/** Text reports are read on terminals: flag data with an ESC must not hyperlink, retitle or clear it. */
describe('reliability: CLI text output is inert on a terminal', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-term-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const run = (argv: string[]) => runCliInProcess(argv, dir);

  const osc8 = '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007';

  it('flags and stale print control characters in keys and descriptions as \\xNN', async () => {
    const flags = {
      flags: {
        [`k${osc8}`]: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on', metadata: { description: `clear\u001b[2Jscreen` } },
      },
    };
    await fs.writeFile(path.join(dir, 'app.flagd.json'), JSON.stringify(flags));
    for (const argv of [['flags', '.'], ['stale', '.', '--explain']]) {
      const result = await run(argv);
      assert.ok(result.stdout.length > 0, result.stderr);
      const raw = [...(result.stdout + result.stderr)].filter((c) => c !== '\n' && c !== '\t' && (c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f)));
      assert.deepEqual(raw, [], `${argv[0]} printed a raw control character`);
      assert.match(result.stdout, /\\x1b\]8;;https:\/\/evil\.example\\x07/, `${argv[0]}: the key is still shown, inert:\n${result.stdout}`);
    }
  });

  it('a config warning (too many exclude globs) does not fail stale', async () => {
    const exclude = Array.from({ length: 1200 }, (_, i) => `gen${i}/**`);
    await fs.writeFile(path.join(dir, '.flaglens.json'), JSON.stringify({ exclude }));
    await fs.writeFile(path.join(dir, 'app.flagd.json'), JSON.stringify({ flags: { k: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' } } }));
    const result = await run(['stale', '.']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /warning: .*\.flaglens\.json:\d+:\d+: .*1,?000/);
  });
});
