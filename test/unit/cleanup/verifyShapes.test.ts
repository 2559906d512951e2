import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { planCleanup, type CleanupResult } from '../../../src/core/cleanup/planCleanup';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { openFeatureProject, recordingLogger, strictTsconfig } from './openFeatureProject';

/**
 * Verification follows a change to a file's importers only when the file's declarations read
 * differently. Projects that emit declaration maps (`declarationMap: true`, common in libraries and
 * monorepos) must compare the declarations alone: the map records where each declaration sat in
 * the source, so any edit that moves a line would otherwise look like a new shape and send the
 * check through every importer, layer after layer.
 */

describe('cleanup: verification compares declarations, not where they sit', function () {
  this.timeout(120_000);
  let root: string;

  beforeEach(async () => {
    root = await openFeatureProject('flaglens-shapes-', strictTsconfig({ declaration: true, declarationMap: true }));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  async function plan(keep: unknown, lines: string[]): Promise<{ result: CleanupResult; verified: number }> {
    const index = await ReferenceIndex.build({ root });
    try {
      const result = await planCleanup({ key: 'new-mode', keep, index, logger: recordingLogger(lines) });
      const summary = lines.find((l) => /file\(s\) verified/.test(l)) ?? '';
      return { result, verified: Number(/(\d+) file\(s\) verified/.exec(summary)?.[1]) };
    } finally {
      index.dispose();
    }
  }

  const problemsOf = (result: CleanupResult) => result.problems.map((p) => `${path.posix.relative(root, p.file)}:${p.line} ${p.message.split(':')[0]}`);

  it('checks only the changed file when the change stays inside a body, even though every declaration moved', async () => {
    await fs.writeFile(
      `${root}/src/greet.ts`,
      `import { OpenFeature } from '@openfeature/web-sdk';\n\nconst client = OpenFeature.getClient();\n\nexport function greet(name: string): string {\n  if (client.getBooleanValue('new-mode', false)) {\n    return \`Hi \${name}\`;\n  }\n  return \`Hello \${name}\`;\n}\n\nexport const punctuation = '!';\n`,
    );
    // An importer (and one behind it) that would be checked if greet.ts's declarations had changed.
    await fs.writeFile(`${root}/src/use.ts`, `import { greet, punctuation } from './greet';\n\nexport const line = greet('you') + punctuation;\n`);
    await fs.writeFile(`${root}/src/page.ts`, `import { line } from './use';\n\nexport const page = [line];\n`);
    const lines: string[] = [];
    const { result, verified } = await plan(true, lines);
    assert.equal(result.safe, true, JSON.stringify(result.problems));
    assert.deepEqual(result.changes.map((c) => path.posix.relative(root, c.file)), ['src/greet.ts']);
    assert.match(result.changes[0]?.after ?? '', /return `Hi \$\{name\}`;\n\}\n\nexport const punctuation/);
    assert.equal(verified, 1, lines.join('\n'));
  });

  it('still follows a change of exported type to the importer it breaks, with declaration maps on', async () => {
    // Keeping the flag on narrows `mode()` from 'new' | 42 to 'new': use.ts's comparison is now an error.
    await fs.writeFile(
      `${root}/src/mode.ts`,
      `import { OpenFeature } from '@openfeature/web-sdk';\n\nconst client = OpenFeature.getClient();\n\nexport function mode() {\n  if (client.getBooleanValue('new-mode', false)) {\n    return 'new' as const;\n  }\n  return 42 as const;\n}\n`,
    );
    await fs.writeFile(`${root}/src/middle.ts`, `import { mode } from './mode';\n\nexport const current = mode();\n`);
    await fs.writeFile(`${root}/src/use.ts`, `import { current } from './middle';\n\nexport const legacy: boolean = current === 42;\n`);
    const lines: string[] = [];
    const { result, verified } = await plan(true, lines);
    assert.equal(result.safe, false);
    assert.deepEqual(problemsOf(result), ['src/use.ts:2 TS2367']);
    assert.equal(verified, 3, lines.join('\n'));
  });
});
