import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from '../../../src/core/log';
import { ReferenceIndex } from '../../../src/core/references/referenceIndex';

const components = 24;

/** A comment that makes each component a few thousand characters, as real ones are. */
const padding = Array.from({ length: 40 }, (_, i) => `// line ${i} of a component that renders a panel and reads one flag through the hook`).join('\n');

function files(): Record<string, string> {
  const out: Record<string, string> = {
    'src/flags.ts': `export const Flags = {\n${Array.from({ length: components }, (_, i) => `  F${i}: 'flag-${i}',`).join('\n')}\n} as const;\n`,
    'src/hooks/useFlag.ts': `import { useBooleanFlagValue } from '@openfeature/react-sdk';\n\nexport function useFlag(key: string): boolean {\n  return useBooleanFlagValue(key, false);\n}\n`,
    // Analyzed last (a third round: it calls a wrapper only the second round found), when the tree of
    // the component that declares that wrapper has been let go.
    'src/zz/Late.tsx': `import { useComponent0Flag } from '../c00/Component0';\n\nexport function Late() {\n  return useComponent0Flag('late-flag') ? <b>late</b> : null;\n}\n`,
  };
  for (let i = 0; i < components; i++) {
    const name = `Component${i}`;
    const wrapper = i === 0 ? `\nexport function useComponent0Flag(key: string): boolean {\n  return useFlag(key);\n}\n` : '';
    out[`src/c${String(i).padStart(2, '0')}/${name}.tsx`] = `import { useFlag } from '../hooks/useFlag';\nimport { Flags } from '../flags';\n${padding}\n${wrapper}\nexport function ${name}() {\n  const on = useFlag(Flags.F${i});\n  return on ? <div>${name}</div> : null;\n}\n`;
  }
  return out;
}

function capturing(lines: string[]): Logger {
  const keep = (message: string | Error) => void lines.push(String(message));
  return { trace: keep, debug: keep, info: keep, warn: keep, error: keep };
}

describe('references: syntax trees let go during the build', () => {
  let root: string;

  before(async () => {
    root = (await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-trees-')))).split(path.sep).join('/');
    await fs.writeFile(`${root}/tsconfig.json`, JSON.stringify({ compilerOptions: { jsx: 'react-jsx', strict: true } }));
    for (const [file, text] of Object.entries(files())) {
      await fs.mkdir(path.posix.dirname(`${root}/${file}`), { recursive: true });
      await fs.writeFile(`${root}/${file}`, text);
    }
  });
  after(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  async function referencesWith(maxHeldTreeChars: number): Promise<{ references: string[]; log: string[]; parsed: number }> {
    const log: string[] = [];
    const index = await ReferenceIndex.build({ root, logger: capturing(log), maxHeldTreeChars });
    try {
      const references = index
        .all()
        .map((r) => `${r.key} ${path.posix.relative(root, r.file)}:${r.keySpan.startLine + 1}`)
        .sort();
      return { references, log, parsed: index.stats.filesParsed };
    } finally {
      index.dispose();
    }
  }

  it('finds the same references as a build that keeps every tree, parsing a let-go file again when a later file needs it', async () => {
    const kept = await referencesWith(Number.MAX_SAFE_INTEGER);
    const released = await referencesWith(1_000);
    const expected = [...Array.from({ length: components }, (_, i) => `flag-${i} src/c${String(i).padStart(2, '0')}/Component${i}.tsx:${i === 0 ? 49 : 45}`), 'late-flag src/zz/Late.tsx:4'].sort();
    assert.deepEqual(kept.references, expected);
    assert.deepEqual(released.references, expected);
    // Each file counts once, however often its tree was parsed.
    assert.equal(released.parsed, kept.parsed);
    const trees = (log: string[]) => log.find((line) => line.startsWith('Index trees:')) ?? '';
    assert.match(trees(kept.log), /, 0 trees let go during the build, 0 parsed again$/);
    const counts = /(\d+) trees let go during the build, (\d+) parsed again$/.exec(trees(released.log));
    assert.ok(counts, trees(released.log));
    assert.ok(Number(counts[1]) >= components / 2, `trees let go: ${counts[1]}`);
    // Component0's tree went before Late.tsx asked for its wrapper.
    assert.ok(Number(counts[2]) >= 1, `parsed again: ${counts[2]}`);
  });
});
