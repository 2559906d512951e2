import * as assert from 'node:assert/strict';
import { lineHash, netChange, normalizeLine, scoreFile } from '../../../eval/history/lineMetrics';

describe('real-history replay metrics', () => {
  it('compares net line changes whitespace-insensitively, removed and added apart', () => {
    const before = 'a();\n  if (on) {\n    b();\n  }\n\nc();\n';
    const people = 'a();\nb();\nc();\n';
    // The tool keeps the same lines but indents differently, and leaves one more line behind.
    const tool = 'a();\n    b();\n  }\nc();\n';
    const score = scoreFile(netChange(before, tool), netChange(before, people));
    // People removed `if (on) {` and `}`; the tool removed only `if (on) {`.
    assert.equal(score.peopleTotal, 2);
    assert.equal(score.toolTotal, 1);
    assert.equal(score.matched, 1);
    assert.deepEqual(score.missed, [lineHash(normalizeLine('}'))]);
    assert.deepEqual(score.extra, []);
  });

  it('counts a deleted file as every line removed, and an added line against a removed one as no match', () => {
    const score = scoreFile(netChange('x = 1;\ny = 2;\n', null), netChange('x = 1;\ny = 2;\n', 'x = 1;\ny = 2;\nz = 3;\n'));
    assert.equal(score.matched, 0);
    assert.equal(score.toolTotal, 2);
    assert.equal(score.peopleTotal, 1);
    assert.deepEqual(score.missed, ['-' + lineHash('z=3;')]);
  });
});
