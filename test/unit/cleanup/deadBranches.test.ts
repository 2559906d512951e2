import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deadBranchSpans } from '../../../src/core/cleanup/deadBranches';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';

const page = `import { useBooleanFlagValue } from '@openfeature/react-sdk';
import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function Checkout() {
  const onePage = useBooleanFlagValue('new-checkout', false);
  const render = (onePage: string) => onePage.length;
  return (
    <main>
      {onePage ? <OnePage /> : <Classic />}
      {!onePage && <LegacyNotice />}
      {render('x')}
    </main>
  );
}

export async function route() {
  if (await client.getBooleanValue('new-checkout', false)) {
    return 'one-page';
  } else {
    return 'classic';
  }
}

export function banner() {
  return useBooleanFlagValue('new-checkout', false) === false || showFallback();
}
`;

describe('cleanup: dead branches of a flag kept at one value', () => {
  let root: string;
  let index: ReferenceIndex;
  let file: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'flaglens-dead-'));
    file = join(root, 'Checkout.tsx').replace(/\\/g, '/');
    writeFileSync(file, page);
    index = await ReferenceIndex.build({ root });
  });

  after(() => {
    index.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  const deadTexts = (keep: unknown): string[] => {
    const text = readFileSync(file, 'utf8');
    return deadBranchSpans(file, text, index.referencesOf('new-checkout'), keep).map((s) => text.slice(s.start, s.end).replace(/\s+/g, ' '));
  };

  it('finds the references it works from', () => {
    assert.equal(index.referencesOf('new-checkout').length, 3);
  });

  it('keeping true: the else arms, the negated JSX guard and the short-circuited fallback are dead', () => {
    assert.deepEqual(deadTexts(true), [
      '<Classic />',
      '<LegacyNotice />',
      "{ return 'classic'; }",
    ]);
  });

  it('keeping false: the then arms are dead and `=== false || …` short-circuits', () => {
    assert.deepEqual(deadTexts(false), [
      '<OnePage />',
      "{ return 'one-page'; }",
      'showFallback()',
    ]);
  });

  it('marks nothing for values that decide no branch', () => {
    assert.deepEqual(deadTexts('treatment'), []);
  });
});
