import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FlagLensError } from '../../../../src/core/errors';
import { setFlagState } from '../../../../src/core/sources/flagd/editFlagdFile';
import { writeFileAtomically } from '../../../../src/core/util/atomicWrite';

const original = `{
  "flags": {
    "alpha":   { "state": "ENABLED",  "variants": { "on": true, "off": false }, "defaultVariant": "on" },
    "beta": {
      "variants": {"on": true, "off": false},
      "state":    "DISABLED",
      "defaultVariant": "off"
    }
  },
  "metadata": { "note": "state ENABLED is the default" }
}
`;

describe('flagd/setFlagState (minimal edit)', () => {
  it('changes only the one state value; spacing, key order and everything else survive', () => {
    const turnedOff = setFlagState(original, 'alpha', false);
    assert.equal(turnedOff, original.replace('"state": "ENABLED",  "variants"', '"state": "DISABLED",  "variants"'));
    const turnedOn = setFlagState(original, 'beta', true);
    assert.equal(turnedOn, original.replace('"state":    "DISABLED"', '"state":    "ENABLED"'));
  });

  it('returns the same text when the flag is already in that state', () => {
    assert.equal(setFlagState(original, 'alpha', true), original);
  });

  it('keeps CRLF line ends and tabs', () => {
    const crlf = '{\r\n\t"flags": {\r\n\t\t"x": {\r\n\t\t\t"state": "ENABLED",\r\n\t\t\t"variants": {"on": true},\r\n\t\t\t"defaultVariant": "on"\r\n\t\t}\r\n\t}\r\n}\r\n';
    assert.equal(setFlagState(crlf, 'x', false), crlf.replace('"state": "ENABLED"', '"state": "DISABLED"'));
  });

  it('inserts a missing state with the file\'s own indentation', () => {
    const text = '{\n    "flags": {\n        "x": {\n            "variants": {"on": true},\n            "defaultVariant": "on"\n        }\n    }\n}\n';
    const edited = setFlagState(text, 'x', false);
    assert.equal(JSON.parse(edited).flags.x.state, 'DISABLED');
    assert.ok(edited.includes('"defaultVariant": "on",\n            "state": "DISABLED"\n'), edited);
  });

  it('refuses a file with JSON errors and an unknown key', () => {
    assert.throws(() => setFlagState('{"flags": {"x": {"state": "ENABLED",}}}', 'x', false, 'f.flagd.json'), (e: unknown) => FlagLensError.is(e, 'parse') && /f\.flagd\.json has JSON errors/.test(e.message));
    assert.throws(() => setFlagState(original, 'gamma', false, 'f.flagd.json'), (e: unknown) => FlagLensError.is(e, 'notFound') && /'gamma' is not defined in f\.flagd\.json/.test(e.message));
  });
});

describe('flagd: writeFileAtomically', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-atomic-'));
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('replaces the file, keeps its permissions and leaves no temp file', async () => {
    const file = path.join(dir, 'a.flagd.json');
    await fs.writeFile(file, 'old');
    await fs.chmod(file, 0o640);
    await writeFileAtomically(file, 'new', 'old');
    assert.equal(await fs.readFile(file, 'utf8'), 'new');
    assert.equal((await fs.stat(file)).mode & 0o777, 0o640);
    assert.deepEqual(await fs.readdir(dir), ['a.flagd.json']);
  });

  it('reports a missing target as a FlagLensError and cleans up', async () => {
    const target = path.join(dir, 'missing-dir', 'a.flagd.json');
    await assert.rejects(writeFileAtomically(target, 'x', ''), (e: unknown) => FlagLensError.is(e) && /Cannot read/.test(e.message));
    assert.deepEqual(await fs.readdir(dir), []);
  });
});
