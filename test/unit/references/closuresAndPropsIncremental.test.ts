import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { copyFixture } from './fixtureHarness';

describe('references: flags handed on as props, after edits', () => {
  let root: string;
  let index: ReferenceIndex;

  beforeEach(async () => {
    root = await copyFixture('closuresAndProps');
    index = await ReferenceIndex.build({ root });
  });

  afterEach(() => index.dispose());

  it('a caller that stops handing flags to Panel takes its reference away; handing them again brings it back', async () => {
    const app = path.posix.join(root, 'src/App.tsx');
    const panel = path.posix.join(root, 'src/components/Panel.tsx');
    const original = await fs.readFile(app, 'utf8');
    assert.deepEqual(index.referencesOf('new-checkout').map((r) => r.file), [panel]);
    await index.updateFile(app, original.replace('<Panel flags={flags} title="x" />', '<Panel flags={{ newCheckout: true }} title="x" />'));
    assert.deepEqual(index.referencesOf('new-checkout'), [], 'an object literal hands on nothing');
    await index.updateFile(app, original);
    assert.deepEqual(index.referencesOf('new-checkout').map((r) => r.file), [panel]);
  });

  it('editing the receiving component keeps its reference on the edited line', async () => {
    const panel = path.posix.join(root, 'src/components/Panel.tsx');
    const text = (await fs.readFile(panel, 'utf8')).replace('export function Panel(props: PanelProps) {', 'export function Panel(props: PanelProps) {\n  const extra = props.flags.extraPanel;');
    await index.updateFile(panel, text);
    const lines = (key: string) => index.referencesOf(key).map((r) => r.keySpan.startLine + 1);
    assert.deepEqual(lines('extra-panel'), [7]);
    assert.deepEqual(lines('new-checkout'), [8]);
  });
});
