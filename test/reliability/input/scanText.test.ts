import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { silentLogger } from '../../../src/core/log';

describe('reliability: scan text output is safe to print in a terminal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flaglens-scantext-'));
    mkdirSync(join(dir, 'src'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('an ESC in a flag key or a file name is written out, never sent to the terminal', async () => {
    // `\x1b]8;;…\x07` starts an OSC 8 hyperlink; `\x1b[2J` clears the screen.
    writeFileSync(join(dir, 'src/\x1b[2Jclear.ts'), "import { useFlag } from '@unleash/proxy-client-react';\nexport const on = useFlag('\\x1b]8;;https://example.test\\x07click');\n");
    let stdout = '';
    const io: CliIo = { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: dir, env: {}, logger: silentLogger, signal: new AbortController().signal };
    assert.equal(await runCli(['scan', dir], io), 0);
    assert.ok(!stdout.includes('\x1b'), JSON.stringify(stdout));
    assert.ok(!stdout.includes('\x07'));
    assert.match(stdout, /\\x1b\]8;;https:\/\/example\.test\\x07click {2}\(1 reference\)/);
    assert.match(stdout, /src\/\\x1b\[2Jclear\.ts:2:/);
  });
});
