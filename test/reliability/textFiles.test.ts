import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeText, FileSkippedError, ReadBuffer, readFileBytesSync, readTextFile, readTextFileSync } from '../../src/core/util/textFiles';

describe('reliability: reading workspace files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flaglens-textfiles-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a FIFO at once instead of blocking on it (async and sync)', async () => {
    const fifo = join(dir, '.flaglens.json');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    await assert.rejects(readTextFile(fifo), (error: unknown) => error instanceof FileSkippedError && error.skipReason === 'notRegular' && /FIFO/.test(error.message));
    assert.throws(() => readTextFileSync(fifo), (error: unknown) => error instanceof FileSkippedError && error.skipReason === 'notRegular');
    assert.ok(Date.now() - started < 2000);
  });

  it('refuses a character device', async () => {
    await assert.rejects(readTextFile('/dev/zero'), (error: unknown) => error instanceof FileSkippedError && /device/.test(error.message));
  });

  it('decodes UTF-16 with a BOM in either byte order, and drops a UTF-8 BOM', async () => {
    const text = 'const k = "new-checkout"; // ✓\n';
    const le = join(dir, 'le.ts');
    writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const be = join(dir, 'be.ts');
    const swapped = Buffer.from(text, 'utf16le');
    swapped.swap16();
    writeFileSync(be, Buffer.concat([Buffer.from([0xfe, 0xff]), swapped]));
    const bom8 = join(dir, 'bom.json');
    writeFileSync(bom8, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]));
    assert.equal(await readTextFile(le), text);
    assert.equal(readTextFileSync(be), text);
    assert.equal(await readTextFile(bom8), '{"a":1}');
  });

  it('refuses a file over the size cap without reading it', async () => {
    const big = join(dir, 'big.ts');
    writeFileSync(big, 'x'.repeat(5000));
    await assert.rejects(readTextFile(big, { maxBytes: 1000 }), (error: unknown) => error instanceof FileSkippedError && error.skipReason === 'tooLarge');
  });

  it('a reused read buffer gives each file its own bytes: a short file after a long one, a file beyond the reused size', () => {
    const long = join(dir, 'long.ts');
    const short = join(dir, 'short.ts');
    const huge = join(dir, 'huge.ts');
    writeFileSync(long, 'L'.repeat(100_000));
    writeFileSync(short, 'const k = "new-checkout";');
    writeFileSync(huge, 'H'.repeat(3 * 1024 * 1024));
    const into = new ReadBuffer();
    assert.equal(decodeText(readFileBytesSync(long, { into })), 'L'.repeat(100_000));
    // No tail of the longer file read before: the view ends where this file ends.
    assert.equal(decodeText(readFileBytesSync(short, { into })), 'const k = "new-checkout";');
    const shortAgain = readFileBytesSync(short, { into });
    const hugeBytes = readFileBytesSync(huge, { into });
    assert.equal(hugeBytes.length, 3 * 1024 * 1024);
    // A file over 1 MiB gets memory of its own: the view of the file read before it is untouched.
    assert.equal(decodeText(shortAgain), 'const k = "new-checkout";');
    assert.equal(readTextFileSync(short), 'const k = "new-checkout";');
    assert.equal(readTextFileSync(long).length, 100_000);
  });
});
