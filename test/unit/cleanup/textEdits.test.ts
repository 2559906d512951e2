import assert from 'node:assert/strict';
import { applyTextEdits, minimalEdits } from '../../../src/core/cleanup/textEdits';

describe('catalog: minimal edits for the refactor preview', () => {
  const before = ['import a from "a";', 'const x = flag("k");', 'if (x) {', '  run();', '}', 'keep();', ''].join('\n');

  it('turns a clean-up into separate line edits that reproduce the result', () => {
    const after = ['import a from "a";', 'run();', 'keep();', ''].join('\n');
    const edits = minimalEdits(before, after);
    assert.ok(edits.length >= 1);
    assert.ok(edits.every((e) => e.end - e.start < before.length), 'no whole-file replacement');
    assert.equal(applyTextEdits(before, edits), after);
    assert.equal(before.slice(0, edits[0]!.start), 'import a from "a";\n', 'the untouched import is outside every edit');
  });

  it('keeps distant changes apart', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    const changed = [...lines];
    changed[2] = 'changed 2';
    changed[35] = 'changed 35';
    const edits = minimalEdits(`${lines.join('\n')}\n`, `${changed.join('\n')}\n`);
    assert.equal(edits.length, 2);
    assert.equal(applyTextEdits(`${lines.join('\n')}\n`, edits), `${changed.join('\n')}\n`);
  });

  it('handles CRLF, missing final newlines, empty results and no change', () => {
    const crlf = 'a\r\nb\r\nc\r\n';
    assert.equal(applyTextEdits(crlf, minimalEdits(crlf, 'a\r\nc\r\n')), 'a\r\nc\r\n');
    assert.equal(applyTextEdits('a\nb', minimalEdits('a\nb', 'a\nc')), 'a\nc');
    assert.equal(applyTextEdits('a\nb\n', minimalEdits('a\nb\n', 'a\nb')), 'a\nb');
    assert.equal(applyTextEdits('a\n', minimalEdits('a\n', '')), '');
    assert.deepEqual(minimalEdits('same\n', 'same\n'), []);
  });
});
