import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { planCleanup } from '../../../src/core/cleanup/planCleanup';
import { FlagLensError } from '../../../src/core/errors';
import type { Logger } from '../../../src/core/log';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { openFeatureProject, recordingLogger } from './openFeatureProject';

const app = `import { OpenFeature } from '@openfeature/web-sdk';

const client = OpenFeature.getClient();

export function mode(): string {
  if (client.getBooleanValue('new-mode', false)) {
    return 'new';
  }
  return 'old';
}
`;

describe('cleanup: planCleanup', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(async () => {
    root = await openFeatureProject('flaglens-plan-');
    await fs.writeFile(`${root}/src/app.ts`, app);
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  async function plan(keep: unknown, options: { signal?: AbortSignal; logger?: Logger } = {}) {
    const index = await ReferenceIndex.build({ root });
    try {
      return await planCleanup({ key: 'new-mode', keep, index, ...options });
    } finally {
      index.dispose();
    }
  }

  it('works without a tsconfig.json, checking with strict default options', async () => {
    const result = await plan(false);
    assert.equal(result.safe, true, JSON.stringify(result.problems));
    assert.deepEqual(result.changes.map((c) => c.after), ["export function mode(): string {\n  return 'old';\n}\n"]);
    assert.equal(await fs.readFile(`${root}/src/app.ts`, 'utf8'), app, 'planning never writes');
  });

  it('falls back to default options when tsconfig.json is broken, and says so', async () => {
    await fs.writeFile(`${root}/tsconfig.json`, '{ "extends": "@company/missing-base/tsconfig.json", "compilerOptions": { "strict": tru');
    const lines: string[] = [];
    const result = await plan(true, { logger: recordingLogger(lines) });
    assert.equal(result.safe, true, JSON.stringify(result.problems));
    assert.deepEqual(result.changes.map((c) => c.after), ["export function mode(): string {\n  return 'new';\n}\n"]);
    assert.ok(lines.some((l) => /Cannot use .*tsconfig\.json/.test(l)), lines.join('\n'));
  });

  it('reports the new diagnostics with file and 0-based line when the kept value does not fit', async () => {
    await fs.writeFile(`${root}/src/app.ts`, app + "\nexport const enabled: boolean = client.getBooleanValue('new-mode', false);\n");
    const result = await plan('on');
    assert.equal(result.safe, false);
    const after = result.changes[0]?.after ?? '';
    const line = after.split('\n').findIndex((l) => l.startsWith('export const enabled'));
    assert.equal(after.split('\n')[line], "export const enabled: boolean = 'on';");
    assert.deepEqual(result.problems.map((p) => [path.posix.relative(root, p.file), p.line, p.message.split(':')[0]]), [['src/app.ts', line, 'TS2322']]);
  });

  it('refuses keep values that are not JSON-like', async () => {
    await assert.rejects(plan(() => true), (e: unknown) => FlagLensError.is(e, 'usage'));
  });

  it('stops with a cancelled error when the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(plan(true, { signal: controller.signal }), (e: unknown) => FlagLensError.is(e, 'cancelled'));
  });
});
