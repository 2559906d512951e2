import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tierUpSettingFor } from '../../src/cli/tierUpBudget';
import { readManifest } from './support/installExtension';
import { codeServerEntry, repoRoot } from './support/paths';

describe('Packaging: the .vsix', () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'flaglens-vsix-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('packs the production bundle only and installs into code-server with --install-extension', function () {
    this.timeout(180_000);
    const vsix = join(tmp, 'flaglens.vsix');
    const pack = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'e2e', 'package.mjs'), '--out', vsix], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(pack.status, 0, `npm run package failed:\n${pack.stdout}${pack.stderr}`);
    const files = pack.stdout.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim());
    // tsMorph.js is loaded on the first analysis, tsLibFiles.js (TypeScript's lib .d.ts texts) on the first type-check.
    assert.ok(['dist/extension.js', 'dist/tsMorph.js', 'dist/tsLibFiles.js'].every((f) => files.includes(f)) && files.includes('package.json') && files.includes('media/marketplace/README.vsix.md') && files.includes('media/icon.png'), files.join(', '));
    assert.deepEqual(files.filter((f) => /^(src|test|examples|scripts|bench|node_modules)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts')), []);
    const bytes = statSync(vsix).size;
    assert.match(pack.stdout, new RegExp(`${bytes} bytes`), 'the size is printed');
    console.log(`      vsix: ${(bytes / 1024 / 1024).toFixed(2)} MiB, ${files.length} files`);

    const extensionsDir = join(tmp, 'extensions');
    const install = spawnSync(process.execPath, [codeServerEntry, '--extensions-dir', extensionsDir, '--user-data-dir', join(tmp, 'user-data'), '--install-extension', vsix], { encoding: 'utf8' });
    assert.equal(install.status, 0, `--install-extension failed:\n${install.stdout}${install.stderr}`);
    assert.match(install.stdout, /was successfully installed/);
    const manifest = readManifest();
    const folder = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
    assert.ok(existsSync(join(folder, 'dist', 'extension.js')), `installed into ${readdirSync(extensionsDir).join(', ')}`);
    const installed = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { main: string; contributes: unknown; icon: string };
    assert.equal(installed.main, './dist/extension.js');
    assert.ok(existsSync(join(folder, installed.icon)), `the icon ${installed.icon} ships`);
    // The Extensions page shows the user README; every image it names must be inside the package.
    const readmeName = readdirSync(folder).find((f) => /^readme\.md$/i.test(f));
    assert.ok(readmeName, `a README in ${readdirSync(folder).join(', ')}`);
    const readme = readFileSync(join(folder, readmeName), 'utf8');
    assert.doesNotMatch(readme, /npm (test|start)/, 'the user README has no developer commands');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    assert.ok(images.length >= 3, `images in the README: ${images.join(', ')}`);
    for (const image of images) assert.ok(image.startsWith('data:image/') || existsSync(join(folder, image)), `${image.slice(0, 80)} is not in the package`);
    // The bundled CLI ships in the same package; it must start from the installed folder alone.
    const cli = spawnSync(process.execPath, [join(folder, 'dist', 'cli.js'), 'help'], { encoding: 'utf8', cwd: tmp });
    assert.equal(cli.status, 0, `the packaged CLI does not start:\n${cli.stderr.slice(-1500)}`);
    assert.match(cli.stdout, /Usage: flaglens/);
    // The launcher raises V8's tier-up budget (where this V8 is one it knows) unless the node command
    // line sets it; a scan finds the same references either way, with or without the code cache.
    const cacheDir = join(tmp, 'cli-cache');
    const scanOf = (nodeArgs: string[]) => {
      const run = spawnSync(process.execPath, [...nodeArgs, join(folder, 'dist', 'cli.js'), 'scan', join(repoRoot, 'examples'), '--format', 'json'], { encoding: 'utf8', cwd: tmp, env: { ...process.env, FLAGLENS_CACHE_DIR: cacheDir } });
      assert.equal(run.status, 0, `scan ${nodeArgs.join(' ')}:\n${run.stderr.slice(-1500)}`);
      assert.equal(run.stderr, '', 'nothing on stderr (an unknown V8 flag would print an error there)');
      const { references, dynamic } = JSON.parse(run.stdout) as { references: unknown[]; dynamic: unknown[] };
      return { references, dynamic };
    };
    const cacheFiles = () => readdirSync(join(cacheDir, 'v8')).filter((f) => f.endsWith('.v8cache')).map((f) => ({ f, ino: statSync(join(cacheDir, 'v8', f)).ino }));
    const first = scanOf([]);
    assert.ok(first.references.length >= 5, `references in examples/: ${first.references.length}`);
    assert.equal(cacheFiles().length, 1, 'the first run wrote one code cache');
    assert.deepEqual(scanOf([]), first, 'with the code cache');
    const setting = tierUpSettingFor(process.versions.v8);
    if (setting) {
      // V8 takes a code cache only under the flags it was made with, and a cache it refused is
      // written anew (a new file): so a refusal shows the two runs had different budgets.
      const fromDefaultRun = cacheFiles();
      assert.deepEqual(scanOf([`--${setting.flag}=${setting.defaultValue}`]), first, 'with V8\'s default budget from the command line');
      assert.notDeepEqual(cacheFiles(), fromDefaultRun, `V8's default from the command line was kept: the default run's cache (--${setting.flag}=${setting.value}) was refused`);
      const fromCommandLine = cacheFiles();
      assert.deepEqual(scanOf([]), first);
      assert.notDeepEqual(cacheFiles(), fromCommandLine, 'a run without it refused the cache of V8\'s default: the launcher set its own budget');
    }
    const registry = JSON.parse(readFileSync(join(extensionsDir, 'extensions.json'), 'utf8')) as { identifier: { id: string } }[];
    assert.ok(registry.some((e) => e.identifier.id === `${manifest.publisher}.${manifest.name}`), 'listed in extensions.json');
  });
});
