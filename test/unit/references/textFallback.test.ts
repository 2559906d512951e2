import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { copyFixture, fixturePath } from './fixtureHarness';

function textRefs(index: ReferenceIndex): string[] {
  return index
    .all()
    .filter((r) => r.confidence === 'text')
    .map((r) => `${path.posix.relative(index.root, r.file)}:${r.keySpan.startLine + 1}:${r.keySpan.startCharacter + 1} ${r.key}`)
    .sort();
}

describe('references: text fallback in other languages', () => {
  it('finds exact known keys in .py, .go and .yaml files as text matches, plus keys from TS references', async () => {
    const index = await ReferenceIndex.build({ root: fixturePath('textFallback'), knownKeys: ['new-checkout', 'search-v2', 'py-only-flag'] });
    try {
      assert.deepEqual(textRefs(index), [
        'deploy/values.yaml:2:5 new-checkout',
        'deploy/values.yaml:4:14 ts-only-flag',
        'go/main.go:4:42 search-v2',
        'services/app.py:6:34 new-checkout',
        'services/app.py:8:38 py-only-flag',
      ]);
      for (const ref of index.all().filter((r) => r.confidence === 'text')) {
        assert.equal(ref.sdk, 'text');
        assert.equal(ref.kind, 'unknown');
        assert.equal(ref.keySpan.end - ref.keySpan.start, ref.key.length);
      }
      assert.equal(index.referencesOf('ts-only-flag').length, 2, 'the TS reference and the YAML text match');
    } finally {
      index.dispose();
    }
  });

  it('setKnownKeys re-runs only the text fallback and reports the files that changed', async () => {
    const index = await ReferenceIndex.build({ root: fixturePath('textFallback') });
    try {
      assert.deepEqual(textRefs(index), ['deploy/values.yaml:4:14 ts-only-flag']);
      const events: string[][] = [];
      index.onDidChange((e) => events.push(e.files.map((f) => path.posix.relative(index.root, f))));
      await index.setKnownKeys(['search-v2']);
      assert.deepEqual(textRefs(index), ['deploy/values.yaml:4:14 ts-only-flag', 'go/main.go:4:42 search-v2']);
      assert.deepEqual(events, [['go/main.go']]);
    } finally {
      index.dispose();
    }
  });

  it('updateFile on a non-TypeScript file rescans it from the given text', async () => {
    const root = await copyFixture('textFallback');
    const index = await ReferenceIndex.build({ root, knownKeys: ['new-checkout'] });
    try {
      const file = path.posix.join(root, 'services/app.py');
      const result = await index.updateFile(file, 'x = 1\nflag = "new-checkout"\n');
      assert.deepEqual(result.files, [file]);
      assert.deepEqual(index.referencesIn(file).map((r) => `${r.keySpan.startLine}:${r.keySpan.startCharacter}`), ['1:8']);
      const rb = path.posix.join(root, 'services/new.rb');
      await fs.writeFile(rb, "puts 'new-checkout'\n");
      await index.updateFile(rb);
      assert.equal(index.referencesIn(rb).length, 1);
    } finally {
      index.dispose();
    }
  });
});
