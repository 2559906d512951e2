import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diffLines, formatUnifiedDiff } from '../../../src/core/cleanup/unifiedDiff';
import type { CleanupResult } from '../../../src/core/cleanup/model';

function result(changes: CleanupResult['changes']): CleanupResult {
  return { key: 'k', keep: true, changes, safe: true, problems: [], notRewritten: [] };
}

const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);

describe('cleanup: unified diff', () => {
  it('orders removals before additions and keeps unchanged lines as context', () => {
    const ops = diffLines(['a', 'b', 'c'], ['a', 'x', 'c']);
    assert.deepEqual(ops.map((o) => o.kind + o.line), [' a', '-b', '+x', ' c']);
  });

  it('splits distant changes into separate hunks with three lines of context and correct ranges', () => {
    const before = lines(30).join('\n') + '\n';
    const afterLines = lines(30);
    afterLines[2] = 'changed 3';
    afterLines.splice(24, 1);
    const diff = formatUnifiedDiff(result([{ file: '/w/src/a.ts', before, after: afterLines.join('\n') + '\n' }]), '/w');
    const hunkHeaders = diff.split('\n').filter((l) => l.startsWith('@@'));
    assert.deepEqual(hunkHeaders, ['@@ -1,6 +1,6 @@', '@@ -22,7 +22,6 @@']);
    assert.match(diff, /^diff --git a\/src\/a\.ts b\/src\/a\.ts\n--- a\/src\/a\.ts\n\+\+\+ b\/src\/a\.ts\n/);
  });

  it('shows a deleted file against /dev/null and prints nothing when there is no change', () => {
    const diff = formatUnifiedDiff(result([{ file: '/w/gone.ts', before: 'x\ny\n', after: null }]), '/w');
    assert.equal(diff, 'diff --git a/gone.ts b/gone.ts\ndeleted file mode 100644\n--- a/gone.ts\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-x\n-y\n');
    assert.equal(formatUnifiedDiff(result([]), '/w'), '');
  });

  it('produces patches that git applies, for edits at the start, middle and end of files', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-diff-'));
    try {
      const cases: [string, string, string][] = [
        ['start.ts', lines(10).join('\n') + '\n', ['new first', ...lines(10).slice(2)].join('\n') + '\n'],
        ['middle.ts', lines(20).join('\n') + '\n', [...lines(20).slice(0, 9), 'inserted', ...lines(20).slice(12)].join('\n') + '\n'],
        ['end.ts', lines(8).join('\n') + '\n', [...lines(8).slice(0, 6), 'tail'].join('\n') + '\n'],
      ];
      for (const [file, before] of cases) await fs.writeFile(path.join(dir, file), before);
      const diff = formatUnifiedDiff(result(cases.map(([file, before, after]) => ({ file: `${dir}/${file}`, before, after }))), dir);
      execFileSync('git', ['apply', '-'], { cwd: dir, input: diff });
      for (const [file, , after] of cases) assert.equal(await fs.readFile(path.join(dir, file), 'utf8'), after, file);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
