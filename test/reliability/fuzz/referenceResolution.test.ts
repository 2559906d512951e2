import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import type { ReferencesCase } from './generateCase';
import { Rng } from './prng';
import { describeFailure, runCasesIsolated } from './runner';
import { deepPrograms } from './snippets';

const header = "import { init } from '@launchdarkly/node-server-sdk';\nconst c = init('k');\n";

/** `const F = { a: { a: … 'nested-flag' } }; c.variation(F.a.a.…)`: found by the fuzzer as a hang. */
function memberChain(depth: number): string {
  return `${header}const F = ${'{ a: '.repeat(depth)}'nested-flag'${' }'.repeat(depth)} as const;\nc.variation(F${'.a'.repeat(depth)}, {}, false);\n`;
}

/** Each object spreads the previous one twice: 2^depth paths to the same members. */
function spreadChain(depth: number): string {
  const lines = [header, "const A0 = { x: 'spread-flag' } as const;"];
  for (let i = 1; i < depth; i++) lines.push(`const A${i} = { ...A${i - 1}, ...A${i - 1} };`);
  lines.push(`c.variation(A${depth - 1}.missing, {}, false);`, `c.variation(A${depth - 1}.x, {}, false);`);
  return lines.join('\n');
}

/** `export function wN(key) { return wN-1(key); }` … down to an SDK call, then `wN('wrapped-deep')`. */
function wrapperChain(depth: number): string {
  return deepPrograms[3]!(new Rng(1), depth);
}

function referencesCase(caseNumber: number, text: string): ReferencesCase {
  return { target: 'references', seed: 0, caseNumber, origin: 'regression', files: { 'src/app.ts': text }, knownKeys: [], updates: [] };
}

describe('reliability: fuzz regressions in key resolution and incremental parsing', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'flaglens-fuzzreg-')));
    mkdirSync(join(root, 'src'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('resolves member chains and spread chains in linear time (they were exponential: a 30-step chain never finished)', async function () {
    // A hang costs the runner 2.5 s + 5 s per case before it is reported; leave room for that on the old code.
    this.timeout(120_000);
    // In a worker the runner can kill: on the old code these cases hang instead of failing.
    const failures = await runCasesIsolated([referencesCase(1, memberChain(30)), referencesCase(2, spreadChain(30))], 2500);
    for (const failure of failures) assert.ok(!failure, failure && describeFailure(failure));

    writeFileSync(join(root, 'src/app.ts'), spreadChain(30));
    const started = performance.now();
    const index = await ReferenceIndex.build({ root });
    try {
      assert.ok(performance.now() - started < 5000, 'the spread chain took over 5 s');
      // The member really is found through thirty levels of spreads; the missing one is reported, not dropped.
      assert.deepEqual(index.all().map((r) => r.key), ['spread-flag']);
      assert.equal(index.dynamic().length, 1);
    } finally {
      index.dispose();
    }
  });

  it('stops a chain of nested wrappers at 64 levels (reported as dynamic) instead of spending quadratic time on thousands', async function () {
    this.timeout(120_000);
    // 12,000 levels: about 20 s before the bound (quadratic), about 2 s with it (mostly parsing 700 KB).
    const [failure] = await runCasesIsolated([referencesCase(3, wrapperChain(12_000))], 4000);
    assert.ok(!failure, failure && describeFailure(failure, 300));

    writeFileSync(join(root, 'src/app.ts'), wrapperChain(50));
    const shallow = await ReferenceIndex.build({ root });
    try {
      const [ref] = shallow.all();
      assert.equal(ref?.key, 'wrapped-deep');
      assert.equal(ref?.wrappers?.length, 50, 'a 50-level chain is still followed to the SDK call');
    } finally {
      shallow.dispose();
    }
    writeFileSync(join(root, 'src/app.ts'), wrapperChain(70));
    const deep = await ReferenceIndex.build({ root });
    try {
      assert.deepEqual(deep.all(), []);
      const reasons = deep.dynamic().map((d) => d.reason);
      assert.ok(reasons.includes('wrapper chain deeper than 64 levels'), reasons.join(' | '));
    } finally {
      deep.dispose();
    }
  });

  it('an edit nested too deep for the incremental parser skips the file, and the index still updates and disposes', async () => {
    const file = `${root}/src/app.ts`;
    writeFileSync(file, `${header}c.variation('before-edit', {}, false);\n`);
    const index = await ReferenceIndex.build({ root });
    try {
      assert.deepEqual(index.all().map((r) => r.key), ['before-edit']);
      // The fuzzer's input: the import specifier wrapped in thousands of parentheses.
      const deep = `import { init } from ${'('.repeat(20_000)}x${')'.repeat(20_000)}'@launchdarkly/node-server-sdk';\nconst c = init('k');\nc.variation('deep-edit', {}, false);\n`;
      await index.updateFile(file, deep);
      assert.deepEqual(index.all().map((r) => r.key), []);
      assert.ok(index.skipped.some((s) => s.file === file && /too deep/.test(s.reason)), `skipped: ${JSON.stringify(index.skipped)}`);
      await index.updateFile(file, `${header}c.variation('after-edit', {}, false);\n`);
      assert.deepEqual(index.all().map((r) => r.key), ['after-edit']);
    } finally {
      // Threw "Argument Error (pos): Range is 0 to …" here: ts-morph walked the tree the failed parse had shifted.
      index.dispose();
    }
  });
});
