import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { silentLogger } from '../../../src/core/log';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: process.cwd(), env: {}, logger: silentLogger, signal: new AbortController().signal };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const app = `import { useFlag } from '@unleash/proxy-client-react';
import { format } from 'date-fns';

export function App(): string {
  if (useFlag('newDates')) {
    return format(new Date(), 'yyyy');
  }
  return 'old';
}
`;

/** A workspace importing two packages; `installed` writes their type declarations into node_modules. */
async function workspace(installed: boolean): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-nodeps-'));
  await fs.mkdir(path.join(root, 'src'));
  await fs.writeFile(path.join(root, 'src', 'App.ts'), app);
  await fs.writeFile(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler' } }));
  if (installed) {
    const packages: Record<string, string> = {
      '@unleash/proxy-client-react': 'export declare function useFlag(name: string): boolean;\n',
      'date-fns': 'export declare function format(date: Date, pattern: string): string;\n',
    };
    for (const [name, types] of Object.entries(packages)) {
      const dir = path.join(root, 'node_modules', ...name.split('/'));
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', types: 'index.d.ts' }));
      await fs.writeFile(path.join(dir, 'index.d.ts'), types);
    }
  }
  return root;
}

describe('cli: flaglens cleanup says when it verified without dependency types', function () {
  this.timeout(120_000);
  const roots: string[] = [];
  after(async () => {
    for (const root of roots) await fs.rm(root, { recursive: true, force: true });
  });

  it('names the packages the compiler could not find when node_modules is absent', async () => {
    const root = await workspace(false);
    roots.push(root);
    const result = await run(['cleanup', 'newDates', root, '--keep', 'true', '--keep-literal']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\+ {2}return format\(new Date\(\), 'yyyy'\);$/m);
    const line = result.stderr.split('\n').find((l) => l.includes('verified without dependency types'));
    assert.ok(line, result.stderr);
    // Only what the cleaned-up code still imports: the flag SDK's import is gone with the flag.
    assert.match(line, /could not find 1 package\(s\) the changed files import \(date-fns\)/);
  });

  it('says nothing of the kind when the dependencies are installed', async () => {
    const root = await workspace(true);
    roots.push(root);
    const result = await run(['cleanup', 'newDates', root, '--keep', 'true', '--keep-literal']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\+ {2}return format\(new Date\(\), 'yyyy'\);$/m);
    assert.doesNotMatch(result.stderr, /without dependency types/);
  });
});
