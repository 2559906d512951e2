import * as assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { silentLogger } from '../../../src/core/log';
import { fixturesRoot, prepareWorkspace } from '../../unit/cleanup/fixtureRunner';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: process.cwd(), env: {}, logger: silentLogger, signal: new AbortController().signal };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const booleanFlagd = JSON.stringify({ flags: { 'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' } } });
const stringFlagd = JSON.stringify({ flags: { 'checkout-variant': { state: 'ENABLED', variants: { red: 'red', blue: 'blue' }, defaultVariant: 'red' } } });
/** The branch the if/else fixture keeps: '/v2/' when the flag is on, '/v1/' when off. */
const kept = (diff: string): string | undefined => /\n\+ {2}path = '(\/v\d\/)'/.exec(diff)?.[1];

describe('reliability: cleanup --keep means what it says', function () {
  this.timeout(60_000);
  const roots: string[] = [];
  after(async () => {
    for (const root of roots) await fs.rm(root, { recursive: true, force: true });
  });
  const workspace = async (category: string, name: string, flagd?: string): Promise<string> => {
    const root = await prepareWorkspace(path.join(fixturesRoot, category, name));
    roots.push(root);
    if (flagd) await fs.writeFile(path.join(root, 'flags.flagd.json'), flagd);
    return root;
  };

  it('reads off/no/disabled/false/"false"/0 (any case) as false and on/yes/enabled/"true"/1 as true on a boolean flag', async () => {
    const defined = await workspace('controlFlow', 'if-else-keep-true', booleanFlagd);
    const undefinedBySource = await workspace('controlFlow', 'if-else-keep-true');
    const cases: [string, string[], string[]][] = [
      [defined, ['off', 'OFF', 'no', 'Disabled', 'false', '"false"', '0'], ['YES', '"true"', '1']],
      // No source defines it: the code's boolean evaluations decide.
      [undefinedBySource, ['off', '"false"'], ['enabled']],
    ];
    for (const [root, offWords, onWords] of cases) {
      for (const word of offWords) {
        const result = await run(['cleanup', 'new-checkout', root, '--keep', word]);
        assert.equal(result.code, 0, `${word}: ${result.stderr}`);
        assert.equal(kept(result.stdout), '/v1/', `--keep ${word} must keep the OFF branch`);
      }
      for (const word of onWords) {
        const result = await run(['cleanup', 'new-checkout', root, '--keep', word]);
        assert.equal(result.code, 0, `${word}: ${result.stderr}`);
        assert.equal(kept(result.stdout), '/v2/', `--keep ${word} must keep the ON branch`);
      }
    }
  });

  it('refuses any other word on a boolean flag with exit 2, naming the accepted words, and writes nothing', async () => {
    const root = await workspace('controlFlow', 'if-else-keep-true', booleanFlagd);
    const before = readFileSync(path.join(root, 'src/checkout.ts'), 'utf8');
    const result = await run(['cleanup', 'new-checkout', root, '--keep', 'maybe', '--write']);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /on, yes, enabled, true, 1 or off, no, disabled, false, 0/);
    assert.equal(readFileSync(path.join(root, 'src/checkout.ts'), 'utf8'), before);
  });

  it('checks a string flag\'s --keep against its variations; --keep-literal keeps it anyway', async () => {
    const root = await workspace('variants', 'switch-with-returns', stringFlagd);
    const refused = await run(['cleanup', 'checkout-variant', root, '--keep', 'purple']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /not a variation of 'checkout-variant': use one of "red", "blue"/);
    const quoted = await run(['cleanup', 'checkout-variant', root, '--keep', '"blue"']);
    assert.equal(quoted.code, 0, quoted.stderr);
    assert.match(quoted.stdout, /\n\+ {2}return '#00f';/);
    const literal = await run(['cleanup', 'checkout-variant', root, '--keep', 'purple', '--keep-literal']);
    assert.equal(literal.code, 0, literal.stderr);
    assert.match(literal.stdout, /\n\+ {2}return '#000';/);
    assert.match((await run(['help', 'cleanup'])).stdout, /--keep-literal/);
  });

  it('refuses JSON nested 10k levels deep with a usage error, not a stack overflow', async () => {
    const root = await workspace('variants', 'switch-with-returns');
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    for (const args of [['--keep', deep], ['--keep', deep, '--keep-literal']]) {
      const result = await run(['cleanup', 'checkout-variant', root, ...args]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /nested more than \d+ levels/);
      assert.doesNotMatch(result.stderr, /call stack/);
    }
  });
});
