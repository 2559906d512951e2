import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';

/**
 * A component that evaluates flags itself (so the build analyzes it first, as a seed) and is also
 * handed a `useFlags()` object by a caller the build reaches later: the build must read the
 * component again once it knows about the caller, whatever order the files come in.
 */
const component = `import { useLDClient } from 'launchdarkly-react-client-sdk';

interface Props {
  flags: Record<string, boolean>;
}

export function Seeded(props: Props) {
  const client = useLDClient();
  const own = client?.variation('own-flag', false);
  const handed = props.flags.handedFlag;
  return <div>{String(own)}{String(handed)}</div>;
}
`;

const caller = `import { useFlags } from 'launchdarkly-react-client-sdk';
import { Seeded } from './A/Seeded';

export function App() {
  const flags = useFlags();
  return <Seeded flags={flags} />;
}
`;

describe('references: a seeded component handed flags by a caller analyzed after it', () => {
  let root: string;

  beforeEach(async () => {
    root = (await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-handed-order-')))).split(path.sep).join('/');
    await fs.mkdir(`${root}/src/A`, { recursive: true });
    await fs.writeFile(`${root}/tsconfig.json`, JSON.stringify({ compilerOptions: { jsx: 'react-jsx', strict: true } }));
    // 'A/Seeded.tsx' sorts before 'App.tsx': the component is read first.
    await fs.writeFile(`${root}/src/A/Seeded.tsx`, component);
    await fs.writeFile(`${root}/src/App.tsx`, caller);
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('finds the handed flag in the component as well as its own evaluation', async () => {
    const index = await ReferenceIndex.build({ root });
    try {
      const where = (key: string) => index.referencesOf(key).map((r) => `${path.posix.relative(root, r.file)}:${r.keySpan.startLine + 1}`);
      assert.deepEqual(where('own-flag'), ['src/A/Seeded.tsx:9']);
      assert.deepEqual(where('handed-flag'), ['src/A/Seeded.tsx:10']);
    } finally {
      index.dispose();
    }
  });

  it('a caller that starts handing flags to a component already analyzed gives it the reference', async () => {
    const app = `${root}/src/App.tsx`;
    await fs.writeFile(app, caller.replace('<Seeded flags={flags} />', '<Seeded flags={{}} />'));
    const index = await ReferenceIndex.build({ root });
    try {
      assert.deepEqual(index.referencesOf('handed-flag'), [], 'an object literal hands on nothing');
      await index.updateFile(app, caller);
      assert.deepEqual(index.referencesOf('handed-flag').map((r) => `${path.posix.relative(root, r.file)}:${r.keySpan.startLine + 1}`), ['src/A/Seeded.tsx:10']);
    } finally {
      index.dispose();
    }
  });
});
