import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planCleanup } from '../../../src/core/cleanup/planCleanup';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';

const files: Record<string, string> = {
  '.flaglens.json': JSON.stringify({
    patterns: [
      { function: 'isEnabled', keyProperty: 'flag' },
      { method: 'getFlag', receiver: 'featureFlags', keyProperty: 'key' },
      { function: 'useToggle', keyProperty: 'options.name', valuePath: 'enabled' },
      { function: 'isDisabled', keyProperty: 'flag', negate: true },
    ],
  }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'es2020', module: 'commonjs', noEmit: true }, include: ['src'] }),
  'src/sdk.ts': `export function isEnabled(options: { flag: string; user?: string }): boolean {
  return options.flag.length > 0;
}
export function isDisabled(options: { flag: string }): boolean {
  return options.flag.length === 0;
}
export function useToggle(request: { options: { name: string } }): { enabled: boolean } {
  return { enabled: request.options.name !== '' };
}
export const featureFlags = { getFlag: async (o: { key: string; env?: string }) => o.key !== '' };
`,
  'src/keys.ts': `export enum Flags {
  X = 'x',
}
`,
  'src/app.ts': `import { featureFlags, isDisabled, isEnabled, useToggle } from './sdk';
import { Flags } from './keys';

export async function app(user: string): Promise<string[]> {
  const plain = isEnabled({ flag: 'x', user }) ? 'new' : 'old';
  const viaEnum = (await featureFlags.getFlag({ key: Flags.X, env: 'prod' })) ? 'on' : 'off';
  const toggled = useToggle({ options: { name: 'x' } }).enabled;
  const off = isDisabled({ flag: 'x' });
  return [plain, viaEnum, String(toggled), String(off), String(isEnabled({ flag: 'other', user }))];
}
`,
};

describe('references: cleanup of keys inside object arguments', function () {
  this.timeout(60_000);
  let root: string;
  before(async () => {
    root = (await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-keyproperty-')))).split(path.sep).join('/');
    for (const [rel, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await fs.writeFile(path.join(root, rel), text);
    }
  });
  after(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  async function plan(keep: boolean) {
    const { config } = await loadConfig(root);
    const index = await ReferenceIndex.build({ root, config });
    try {
      assert.equal(index.referencesOf('x').length, 4);
      return await planCleanup({ key: 'x', keep, index });
    } finally {
      index.dispose();
    }
  }

  const afterOf = (result: Awaited<ReturnType<typeof plan>>, rel: string) => result.changes.find((c) => c.file === `${root}/${rel}`)?.after;

  it('replaces each whole call with the kept value, through valuePath and negate, and leaves other keys alone', async () => {
    const result = await plan(true);
    assert.equal(result.safe, true, JSON.stringify(result.problems));
    assert.deepEqual(result.notRewritten, []);
    assert.equal(
      afterOf(result, 'src/app.ts'),
      `import { isEnabled } from './sdk';

export async function app(user: string): Promise<string[]> {
  const plain = 'new';
  const viaEnum = 'on';
  return [plain, viaEnum, String(true), String(false), String(isEnabled({ flag: 'other', user }))];
}
`,
    );
    assert.equal(afterOf(result, 'src/keys.ts'), null, 'the enum that only held the key goes');
  });

  it('keeping off gives the other branches', async () => {
    const result = await plan(false);
    assert.equal(result.safe, true, JSON.stringify(result.problems));
    const after = afterOf(result, 'src/app.ts') ?? '';
    assert.ok(after.includes("const plain = 'old';\n  const viaEnum = 'off';\n  return [plain, viaEnum, String(false), String(true), "), after);
  });
});
