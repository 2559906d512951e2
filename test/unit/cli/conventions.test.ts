import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliInProcess } from '../../support/cliInProcess';

const commandNames = ['scan', 'flags', 'toggle', 'stale', 'cleanup'];

/** Conventions every command follows, checked through the CLI as people type it. */
describe('cli: conventions shared by every command', () => {
  let temp: string;

  beforeEach(async () => {
    temp = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-conventions-'));
  });

  afterEach(async () => {
    await fs.rm(temp, { recursive: true, force: true });
  });

  const run = (argv: string[], cwd = temp) => runCliInProcess(argv, cwd);

  it('<command> --help and -h print that command\'s usage to stdout and exit 0, like help <command>', async () => {
    for (const name of commandNames) {
      const viaHelp = await run(['help', name]);
      assert.equal(viaHelp.code, 0);
      assert.match(viaHelp.stdout, new RegExp(`^Usage: flaglens ${name} `));
      for (const flag of ['--help', '-h']) {
        const result = await run([name, flag]);
        assert.deepEqual([result.code, result.stdout, result.stderr], [0, viaHelp.stdout, ''], `${name} ${flag}`);
      }
    }
    // Asking for help wins over the rest of the line: it is what the person needs at that moment.
    const amid = await run(['stale', 'some-dir', '--format', 'xml', '--help']);
    assert.equal(amid.code, 0);
    assert.match(amid.stdout, /^Usage: flaglens stale /);
  });

  it('--version and -v print the package version and exit 0', async () => {
    const manifest = JSON.parse(await fs.readFile(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const result = await run([flag]);
      assert.deepEqual([result.code, result.stdout, result.stderr], [0, `${manifest.version}\n`, ''], flag);
    }
  });

  it('a mistyped command suggests the closest one, and none when nothing is close', async () => {
    const typo = await run(['sacn']);
    assert.deepEqual([typo.code, typo.stdout, typo.stderr], [2, '', "flaglens: unknown command 'sacn'. Did you mean 'scan'?\n"]);
    assert.match((await run(['stal'])).stderr, /Did you mean 'stale'\?/);
    const far = await run(['frobnicate']);
    assert.equal(far.code, 2);
    assert.doesNotMatch(far.stderr, /Did you mean/);
    assert.match(far.stderr, /unknown command 'frobnicate'/);
  });

  it('a mistyped option suggests the closest option of that command', async () => {
    const format = await run(['scan', '--formt', 'json']);
    assert.equal(format.code, 2);
    assert.equal(format.stdout, '');
    assert.match(format.stderr, /^flaglens scan: Unknown option '--formt'\. Did you mean '--format'\?\n/);
    assert.match((await run(['stale', '--fail-onn', 'any'])).stderr, /Unknown option '--fail-onn'\. Did you mean '--fail-on'\?/);
    assert.match((await run(['cleanup', 'k', '--keep_literal'])).stderr, /Did you mean '--keep-literal'\?/);
    // Only that command's options: `--write` belongs to cleanup, not to scan.
    assert.doesNotMatch((await run(['scan', '--writ'])).stderr, /Did you mean/);
    const far = await run(['flags', '--zzzzzzzz']);
    assert.equal(far.code, 2);
    assert.match(far.stderr, /Unknown option '--zzzzzzzz'/);
    assert.doesNotMatch(far.stderr, /Did you mean/);
  });

  it('no arguments prints the general usage to stderr and exits 2', async () => {
    const result = await run([]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^Usage: flaglens <command>/);
    for (const name of commandNames) assert.match(result.stderr, new RegExp(`\\n  ${name} `));
  });

  it('cleanup refuses a "key" that is an existing folder (the key was forgotten)', async () => {
    const app = path.join(temp, 'app');
    await fs.mkdir(app);
    const absolute = await run(['cleanup', app, '--keep', 'true']);
    assert.deepEqual(
      [absolute.code, absolute.stdout, absolute.stderr],
      [2, '', `flaglens cleanup: '${app}' looks like a folder, not a flag key: flaglens cleanup <key> [dir]\n`],
    );
    for (const key of ['./app', 'app/', '.', '..']) {
      const result = await run(['cleanup', key, '--keep', 'true']);
      assert.equal(result.code, 2, key);
      assert.match(result.stderr, new RegExp(`'${key.replace(/\./g, '\\.')}' looks like a folder, not a flag key`), key);
    }
    // A key with a slash that names nothing on disk is a key (flagd allows slashes).
    const slashKey = await run(['cleanup', 'team/new-checkout', '--keep', 'true']);
    assert.equal(slashKey.code, 0, slashKey.stderr);
    assert.match(slashKey.stderr, /no code to change for 'team\/new-checkout'/);
  });

  describe('--config is relative to the current folder for every command', () => {
    /** `app/custom.json` points flagd at a file the default discovery would not find. */
    async function writeAppWithCustomConfig(): Promise<void> {
      await fs.mkdir(path.join(temp, 'app/other'), { recursive: true });
      const flag = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' };
      await fs.writeFile(path.join(temp, 'app/other/special.json'), JSON.stringify({ flags: { 'from-custom-config': flag } }));
      await fs.writeFile(path.join(temp, 'app/custom.json'), JSON.stringify({ sources: { flagd: { files: ['other/*.json'] } } }));
    }

    it('flags, stale and toggle read app/custom.json, not app/app/custom.json', async () => {
      await writeAppWithCustomConfig();
      const flags = await run(['flags', 'app', '--config', 'app/custom.json', '--format', 'json']);
      assert.equal(flags.code, 0, flags.stderr);
      assert.deepEqual((JSON.parse(flags.stdout) as { flags: { key: string }[] }).flags.map((f) => f.key), ['from-custom-config']);

      const stale = await run(['stale', 'app', '--config', 'app/custom.json', '--format', 'json']);
      assert.equal(stale.code, 0, stale.stderr);
      assert.match(stale.stdout, /from-custom-config/);

      const toggle = await run(['toggle', 'from-custom-config', 'off', 'app', '--config', 'app/custom.json']);
      assert.equal(toggle.code, 0, toggle.stderr);
      assert.match(await fs.readFile(path.join(temp, 'app/other/special.json'), 'utf8'), /"state":\s*"DISABLED"/);
    });

    it('a missing --config names the path it looked for, the same way in every command', async () => {
      await fs.mkdir(path.join(temp, 'app'));
      const expected = path.join(temp, 'app/missing.json').split(path.sep).join('/');
      for (const argv of [['scan', 'app'], ['flags', 'app'], ['stale', 'app'], ['cleanup', 'k', 'app', '--keep', 'true']]) {
        const result = await run([...argv, '--config', 'app/missing.json']);
        assert.equal(result.code, 2, argv.join(' '));
        assert.equal(result.stderr, `flaglens ${argv[0]!}: Config file ${expected} not found.\n`, argv.join(' '));
      }
    });
  });

  it('the folder and --format are checked with the same messages by every command', async () => {
    const missing = path.join(temp, 'nowhere');
    const file = path.join(temp, 'file.txt');
    await fs.writeFile(file, '');
    const withDir = (name: string, dir: string) => (name === 'toggle' ? ['toggle', 'k', 'on', dir] : name === 'cleanup' ? ['cleanup', 'k', dir, '--keep', 'true'] : [name, dir]);
    for (const name of commandNames) {
      const absent = await run(withDir(name, missing));
      assert.deepEqual([absent.code, absent.stderr], [2, `flaglens ${name}: Directory ${missing} does not exist.\n`], name);
      const notFolder = await run(withDir(name, file));
      assert.deepEqual([notFolder.code, notFolder.stderr], [2, `flaglens ${name}: ${file} is not a directory.\n`], name);
    }
    for (const [name, expected] of [['scan', 'text, json or sarif'], ['stale', 'text, json or sarif'], ['flags', 'text or json']] as const) {
      const result = await run([name, '--format', 'xml']);
      assert.deepEqual([result.code, result.stderr], [2, `flaglens ${name}: Unknown --format 'xml' (expected ${expected}).\n`], name);
    }
    const toggle = await run(['toggle', 'k', 'on', '--format', 'xml']);
    assert.equal(toggle.stderr, "flaglens toggle: Unknown --format 'xml' (expected text or json).\n");
  });
});
