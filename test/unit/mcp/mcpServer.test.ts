import { strict as assert } from 'node:assert';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { silentLogger } from '../../../src/core/log';
import { startServer, textOf, writeShop, type McpSession } from './mcpWorkspace';

async function cli(argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: process.cwd(), env: {}, logger: silentLogger, signal: new AbortController().signal };
  return { code: await runCli(argv, io), stdout };
}

/** Every fetch/generation time in a report, so two runs compare equal. */
function withoutTimes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'generatedAt' || key === 'fetchedAt' ? '<time>' : v)));
}

/** A tool error: `isError`, one line starting with the tool's name, no structured content. */
function assertToolError(result: Awaited<ReturnType<McpSession['call']>>, tool: string, pattern: RegExp): string {
  assert.equal(result.isError, true, `expected an error, got ${JSON.stringify(result).slice(0, 500)}`);
  assert.equal(result.structuredContent, undefined);
  const text = textOf(result);
  assert.doesNotMatch(text, /\n/, 'one line');
  assert.ok(text.startsWith(`${tool}: `), text);
  assert.match(text, pattern);
  return text;
}

/** A successful call: structured content, and the same JSON as its text. */
function structured<T = Record<string, unknown>>(result: Awaited<ReturnType<McpSession['call']>>): T {
  assert.notEqual(result.isError, true, result.isError ? textOf(result) : '');
  assert.ok(result.structuredContent, 'structured content');
  assert.deepEqual(JSON.parse(textOf(result)), result.structuredContent);
  return result.structuredContent as T;
}

const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8');
const exists = (file: string) => fs.access(file).then(
  () => true,
  () => false,
);

describe('mcp: flaglens mcp over stdio with the SDK client', function () {
  // A real server process from source: tsx start-up, the index, the compiler for cleanups.
  this.timeout(180_000);
  let root: string;
  let session: McpSession;

  before(async () => {
    root = await writeShop();
    session = await startServer([root]);
  });
  after(async () => {
    await session?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('lists the eight tools, each with a strict JSON-schema input and an output schema, and the catalog resource', async () => {
    const { tools } = await session.client.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      ['find_flag_references', 'get_flag', 'list_flags', 'list_stale_flags', 'plan_flag_cleanup', 'apply_flag_cleanup', 'toggle_flag', 'set_rollout'],
    );
    for (const tool of tools) {
      assert.equal(tool.inputSchema.type, 'object');
      assert.equal((tool.inputSchema as { additionalProperties?: unknown }).additionalProperties, false, tool.name);
      assert.equal(tool.outputSchema?.type, 'object', tool.name);
      assert.ok((tool.description ?? '').length > 80, tool.name);
    }
    const toggle = tools.find((t) => t.name === 'toggle_flag')!;
    assert.deepEqual(toggle.inputSchema.required, ['key', 'environment', 'on']);
    assert.deepEqual(Object.keys(toggle.inputSchema.properties ?? {}), ['key', 'environment', 'on'], 'no way to opt into protected environments');
    assert.equal(toggle.annotations?.readOnlyHint, false);
    assert.equal(tools.find((t) => t.name === 'plan_flag_cleanup')!.annotations?.readOnlyHint, true);
    assert.match(tools.find((t) => t.name === 'get_flag')!.description!, /evaluations is always null/);
    const { resources } = await session.client.listResources();
    assert.deepEqual(
      resources.map((r) => [r.uri, r.mimeType]),
      [['flaglens://flags', 'application/json']],
    );
  });

  it('find_flag_references: references with 1-based positions, via and origin; dynamic calls only when they may produce the key; a suggestion for none', async () => {
    assert.deepEqual(structured(await session.call('find_flag_references', { key: 'new-checkout' })), {
      key: 'new-checkout',
      references: [
        { file: 'src/App.tsx', line: 5, column: 27, endLine: 5, endColumn: 41, sdk: 'openfeature', pattern: 'openfeature.react.useBooleanFlagValue', kind: 'boolean', confidence: 'ast', via: 'literal' },
      ],
      dynamicReferences: [],
    });
    assert.deepEqual(structured(await session.call('find_flag_references', { key: 'dark-mode' })), {
      key: 'dark-mode',
      references: [
        {
          file: 'src/Theme.tsx',
          line: 5,
          column: 46,
          endLine: 5,
          endColumn: 55,
          sdk: 'openfeature',
          pattern: 'openfeature.react.useBooleanFlagValue',
          kind: 'boolean',
          confidence: 'ast',
          via: 'constant',
          origin: { name: 'DARK_MODE', file: 'src/keys.ts' },
        },
      ],
      dynamicReferences: [],
    });
    // `exp-${name}` may be `exp-banner`, never `new-checkout`.
    assert.deepEqual(structured(await session.call('find_flag_references', { key: 'exp-banner' })), {
      key: 'exp-banner',
      references: [],
      dynamicReferences: [
        { file: 'src/experiments.ts', line: 4, column: 50, sdk: 'openfeature', pattern: 'openfeature.getBooleanValue', reason: "key comes from parameter 'name' of wrapper 'inExperiment', which nothing calls with a constant" },
      ],
    });
    assert.deepEqual(structured(await session.call('find_flag_references', { key: 'new-chekout' })), { key: 'new-chekout', references: [], dynamicReferences: [], suggestion: 'new-checkout' });
  });

  it('get_flag: per-environment state and split percentages, protection with its reason, evaluations null, stale findings; unknown keys name the closest', async () => {
    const flag = structured<{ definitions: { source: Record<string, unknown>; environments: Record<string, unknown>; variations: unknown }[]; references: number; stale: unknown[]; notStale: unknown[] }>(
      await session.call('get_flag', { key: 'dark-mode' }),
    );
    assert.equal(flag.definitions.length, 1);
    const [definition] = flag.definitions;
    assert.equal(definition!.source.kind, 'flagd');
    assert.equal(definition!.source.label, 'flagd: 2 files');
    assert.deepEqual(definition!.variations, [
      { name: 'on', value: true },
      { name: 'off', value: false },
    ]);
    assert.deepEqual(definition!.environments, {
      dev: { on: true, protected: false, serving: { type: 'split', split: [{ variation: 'on', percent: 30 }, { variation: 'off', percent: 70 }] }, lastModified: null, status: null, lastEvaluated: null, evaluations: null },
      prod: { on: true, protected: true, protectedBecause: "its name 'prod' looks like production", serving: { type: 'variation', variation: 'off' }, lastModified: null, status: null, lastEvaluated: null, evaluations: null },
    });
    assert.equal(flag.references, 1);
    assert.deepEqual(flag.stale, []);
    assert.deepEqual(flag.notStale, [{ key: 'dark-mode', kind: 'released', sourceId: `flagd:${root}`, reason: (flag.notStale[0] as { reason: string }).reason }]);

    const released = structured<{ stale: { kind: string; keepValue?: unknown; references: unknown[] }[] }>(await session.call('get_flag', { key: 'new-checkout' }));
    assert.deepEqual(
      released.stale.map((f) => [f.kind, f.keepValue, f.references]),
      [['released', true, [{ file: 'src/App.tsx', line: 5, column: 27, endLine: 5, endColumn: 41 }]]],
    );

    assertToolError(await session.call('get_flag', { key: 'new-chekout' }), 'get_flag', /^get_flag: Unknown flag 'new-chekout': no flag source defines it \(flagd: 2 files\)\. Did you mean 'new-checkout'\?$/);
  });

  it('list_flags: the same JSON as `flaglens flags --format json`', async () => {
    const { sourceErrors, ...report } = structured<{ sourceErrors: unknown[] }>(await session.call('list_flags'));
    assert.deepEqual(sourceErrors, []);
    const fromCli = await cli(['flags', root, '--format', 'json']);
    assert.equal(fromCli.code, 0);
    assert.deepEqual(report, JSON.parse(fromCli.stdout));
    assert.deepEqual(
      (report as { flags: { key: string }[] }).flags.map((f) => f.key),
      ['dark-mode', 'max-items', 'new-checkout', 'old-banner'],
    );
  });

  it('list_stale_flags: the same findings as `flaglens stale --format json`, and only the kinds asked for', async () => {
    const all = structured(await session.call('list_stale_flags'));
    const fromCli = await cli(['stale', root, '--format', 'json']);
    assert.equal(fromCli.code, 0);
    assert.deepEqual(withoutTimes(all), withoutTimes(JSON.parse(fromCli.stdout)));
    assert.deepEqual(
      (all as { findings: { kind: string; key: string }[] }).findings.map((f) => `${f.kind} ${f.key}`),
      ['released new-checkout', 'unused old-banner', 'dynamicKey (dynamic)'],
    );
    const unused = structured<{ findings: { kind: string; key: string }[]; summary: { findings: number } }>(await session.call('list_stale_flags', { kinds: ['unused'] }));
    assert.deepEqual(
      unused.findings.map((f) => `${f.kind} ${f.key}`),
      ['unused old-banner'],
    );
    assert.equal(unused.summary.findings, 1);
  });

  it('plan_flag_cleanup: a verified plan with its diff, the value from the source, and nothing written', async () => {
    const before = read(root, 'src/App.tsx');
    const plan = structured(await session.call('plan_flag_cleanup', { key: 'new-checkout' }));
    assert.deepEqual(plan, {
      key: 'new-checkout',
      keep: true,
      keepFrom: 'released',
      verified: true,
      diagnostics: [],
      diff: [
        'diff --git a/src/App.tsx b/src/App.tsx',
        '--- a/src/App.tsx',
        '+++ b/src/App.tsx',
        '@@ -1,9 +1,3 @@',
        "-import { useBooleanFlagValue } from '@openfeature/react-sdk';",
        "-import { OldCheckout } from './OldCheckout';",
        '-',
        ' export function App(): JSX.Element {',
        "-  if (useBooleanFlagValue('new-checkout', false)) {",
        '-    return <form className="v2" />;',
        '-  }',
        '-  return <OldCheckout />;',
        '+  return <form className="v2" />;',
        ' }',
        'diff --git a/src/OldCheckout.tsx b/src/OldCheckout.tsx',
        'deleted file mode 100644',
        '--- a/src/OldCheckout.tsx',
        '+++ /dev/null',
        '@@ -1,3 +0,0 @@',
        '-export function OldCheckout(): JSX.Element {',
        '-  return <form className="v1" />;',
        '-}',
        '',
      ].join('\n'),
      filesChanged: ['src/App.tsx'],
      filesDeleted: ['src/OldCheckout.tsx'],
      notRewritten: [],
      unresolvedPackages: [],
    });
    assert.equal(read(root, 'src/App.tsx'), before, 'a plan never writes');
    assert.ok(await exists(path.join(root, 'src/OldCheckout.tsx')));
  });

  it('plan and apply refuse what the compiler rejects, and keep values that are not the flag\'s', async () => {
    const cart = read(root, 'src/cart.ts');
    assertToolError(await session.call('plan_flag_cleanup', { key: 'max-items', keep: 'lots' }), 'plan_flag_cleanup', /keep: "lots" is not a variation of 'max-items': use one of 10, 100 \(or keepLiteral: true/);
    const plan = structured<{ verified: boolean; diagnostics: unknown[]; filesChanged: string[] }>(await session.call('plan_flag_cleanup', { key: 'max-items', keep: 'lots', keepLiteral: true }));
    assert.equal(plan.verified, false);
    assert.deepEqual(plan.diagnostics, [{ file: 'src/cart.ts', line: 2, message: "TS2345: Argument of type 'string' is not assignable to parameter of type 'number'." }]);
    assert.deepEqual(plan.filesChanged, ['src/cart.ts']);
    assertToolError(
      await session.call('apply_flag_cleanup', { key: 'max-items', keep: 'lots', keepLiteral: true }),
      'apply_flag_cleanup',
      /^apply_flag_cleanup: Not applied: the cleanup of 'max-items' adds 1 compiler error\(s\) \(first: src\/cart\.ts:2: TS2345: .*\); nothing was written\./,
    );
    assert.equal(read(root, 'src/cart.ts'), cart);
    assertToolError(await session.call('apply_flag_cleanup', { key: 'old-banner', keep: false }), 'apply_flag_cleanup', /Nothing to change: no TypeScript or JavaScript code evaluates 'old-banner'/);
  });

  it('apply_flag_cleanup writes a verified cleanup; the next call sees the folder as it is now', async () => {
    const applied = structured<{ applied: boolean; verified: boolean; filesChanged: string[]; filesDeleted: string[] }>(await session.call('apply_flag_cleanup', { key: 'new-checkout', keep: 'on' }));
    assert.equal(applied.applied, true);
    assert.equal(applied.verified, true);
    assert.deepEqual([applied.filesChanged, applied.filesDeleted], [['src/App.tsx'], ['src/OldCheckout.tsx']]);
    assert.equal(read(root, 'src/App.tsx'), 'export function App(): JSX.Element {\n  return <form className="v2" />;\n}\n');
    assert.equal(await exists(path.join(root, 'src/OldCheckout.tsx')), false);
    // The server's index follows its own write…
    assert.deepEqual(structured(await session.call('find_flag_references', { key: 'new-checkout' })), { key: 'new-checkout', references: [], dynamicReferences: [] });
    // …and edits made by anyone else: a new file, then its removal.
    await fs.writeFile(path.join(root, 'src/Banner.tsx'), "import { useBooleanFlagValue } from '@openfeature/react-sdk';\n\nexport const banner = (): boolean => useBooleanFlagValue('old-banner', false);\n");
    const added = structured<{ references: { file: string; line: number }[] }>(await session.call('find_flag_references', { key: 'old-banner' }));
    assert.deepEqual(
      added.references.map((r) => `${r.file}:${r.line}`),
      ['src/Banner.tsx:3'],
    );
    await fs.rm(path.join(root, 'src/Banner.tsx'));
    assert.deepEqual((structured(await session.call('find_flag_references', { key: 'old-banner' })) as { references: unknown[] }).references, []);
  });

  it('toggle_flag changes an unprotected environment in its flagd file and refuses a protected one, whatever the arguments', async () => {
    const prodBefore = read(root, 'flags.prod.flagd.json');
    const toggled = structured<{ changed: boolean; environment: string; flag: { environments: Record<string, { on: boolean }> } }>(
      await session.call('toggle_flag', { key: 'dark-mode', environment: 'dev', on: false }),
    );
    assert.equal(toggled.changed, true);
    assert.equal(toggled.environment, 'dev');
    assert.equal(toggled.flag.environments.dev!.on, false);
    const dev = JSON.parse(read(root, 'flags.flagd.json')) as { flags: Record<string, { state: string }> };
    assert.equal(dev.flags['dark-mode']!.state, 'DISABLED');
    assert.equal(dev.flags['new-checkout']!.state, 'ENABLED');
    // The next read sees the file as written.
    const after = structured<{ definitions: { environments: Record<string, { on: boolean }> }[] }>(await session.call('get_flag', { key: 'dark-mode' }));
    assert.equal(after.definitions[0]!.environments.dev!.on, false);
    // The file's path names the environment too.
    assert.equal(structured<{ changed: boolean }>(await session.call('toggle_flag', { key: 'dark-mode', environment: 'flags.flagd.json', on: false })).changed, false);

    assertToolError(
      await session.call('toggle_flag', { key: 'dark-mode', environment: 'prod', on: true }),
      'toggle_flag',
      /^toggle_flag: Refused: 'prod' is a protected environment \(its name 'prod' looks like production\)\. Agents cannot change protected environments/,
    );
    assertToolError(await session.call('toggle_flag', { key: 'dark-mode', environment: 'flags.prod.flagd.json', on: true }), 'toggle_flag', /Refused: 'prod' is a protected environment/);
    assertToolError(await session.call('toggle_flag', { key: 'dark-mode', environment: 'prod', on: true, allowProtected: true }), 'toggle_flag', /takes no argument 'allowProtected' \(it takes key, environment, on\)/);
    assertToolError(await session.call('toggle_flag', { key: 'dark-mode', environment: 'staging', on: true }), 'toggle_flag', /has no environment 'staging' \(known: dev, prod\)/);
    assert.equal(read(root, 'flags.prod.flagd.json'), prodBefore, 'the protected file is untouched');
  });

  it('flaglens://flags: the catalog of defined and referenced keys as JSON', async () => {
    const { contents } = await session.client.readResource({ uri: 'flaglens://flags' });
    assert.equal(contents.length, 1);
    const catalog = JSON.parse((contents[0] as { text: string }).text) as { version: number; flags: { key: string; references: number; files: string[]; definitions: { source: string }[]; stale: { kind: string }[] }[] };
    assert.equal(catalog.version, 1);
    assert.deepEqual(
      catalog.flags.map((f) => [f.key, f.definitions.map((d) => d.source), f.references, f.files, f.stale.map((s) => s.kind)]),
      [
        ['dark-mode', ['flagd'], 1, ['src/Theme.tsx'], []],
        ['max-items', ['flagd'], 1, ['src/cart.ts'], []],
        ['new-checkout', ['flagd'], 0, [], ['unused']],
        ['old-banner', ['flagd'], 0, [], ['unused']],
      ],
    );
  });

  it('hostile arguments get one clear error line each, and the server keeps answering', async () => {
    const megabyte = 'x'.repeat(1024 * 1024);
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['get_flag', {}, /^get_flag: get_flag needs 'key' \(a string\)\.$/],
      ['get_flag', { key: 5 }, /'key' must be a string, not the number 5\./],
      ['get_flag', { key: null }, /'key' must be a string, not null\./],
      ['get_flag', { key: ['dark-mode'] }, /'key' must be a string, not a list\./],
      ['get_flag', { key: '' }, /'key' must not be empty\./],
      ['get_flag', { key: megabyte }, /'key' is 1048576 characters long; at most 256 are accepted\./],
      ['get_flag', { key: 'src/App.tsx' }, /'src\/App\.tsx' names a file in the workspace, not a flag key\./],
      ['find_flag_references', { key: 'src' + '/' }, /'src\/' names a folder in the workspace, not a flag key\./],
      ['get_flag', { key: '../../etc/passwd' }, /The flag key '\.\.\/\.\.\/etc\/passwd' contains a '\.\.' path segment; it is not a flag key\./],
      ['get_flag', { key: '/etc/passwd' }, /is an absolute path, not a flag key\./],
      ['get_flag', { key: 'dark-mode\u001b[2J' }, /contains control characters/],
      ['get_flag', { key: 'dark-mode', extra: 1 }, /get_flag takes no argument 'extra' \(it takes key\)\./],
      ['toggle_flag', { key: 'dark-mode', environment: '../prod', on: true }, /The environment '\.\.\/prod' contains a '\.\.' path segment/],
      ['toggle_flag', { key: 'dark-mode', environment: 'dev', on: 'yes' }, /'on' must be a boolean, not the string 'yes'\./],
      ['toggle_flag', { key: 'dark-mode', on: true }, /toggle_flag needs 'environment' \(a string\)\./],
      ['list_stale_flags', { kinds: ['nope'] }, /'kinds\.0' must be one of "removed", "released", .*, not the string 'nope'\./],
      ['list_stale_flags', { kinds: 'unused' }, /'kinds' must be a list, not the string 'unused'\./],
      ['plan_flag_cleanup', { key: 'dark-mode', keep: megabyte }, /'keep' is 1048576 characters long; at most 65536 are accepted\./],
      ['plan_flag_cleanup', { key: 'dark-mode', keep: { value: true } }, /'keep' has the wrong type \(an object\)/],
      ['plan_flag_cleanup', { key: 'dark-mode', keep: '../../etc/passwd' }, /keep: "\.\.\/\.\.\/etc\/passwd" is not on or off for boolean flag 'dark-mode'/],
      ['apply_flag_cleanup', { key: 'no-such-flag', keep: true }, /Unknown flag 'no-such-flag': no flag source defines it/],
      ['get_flag', { key: 'a', b: 1, c: 2, d: 3 }, /takes no arguments 'b', 'c', 'd'/],
      ['list_flags', { ['x'.repeat(300)]: 1 }, /list_flags takes no argument 'x{80}…' \(it takes none\)\./],
      ['get_flag', { key: 'dark-mode', deep: Array.from({ length: 5000 }, (_, i) => i) }, /get_flag takes no argument 'deep'/],
      ['list_stale_flags', { kinds: Array.from({ length: 5000 }, () => 'unused') }, /'kinds' has 5000 entries; at most 18 are accepted\./],
    ];
    for (const [tool, args, pattern] of cases) {
      const text = assertToolError(await session.call(tool, args), tool, pattern);
      assert.ok(text.length < 600, `short: ${text.slice(0, 100)}…`);
    }
    // Unknown tools and non-object arguments are protocol errors, answered without stopping the server.
    const unknownTool = await session.call('drop_database');
    assert.equal(unknownTool.isError, true);
    await assert.rejects(session.client.request({ method: 'tools/call', params: { name: 'get_flag', arguments: 'dark-mode' } } as never, (await import('@modelcontextprotocol/sdk/types.js')).CallToolResultSchema));
    await session.client.ping();
    assert.equal(structured<{ key: string }>(await session.call('get_flag', { key: 'dark-mode' })).key, 'dark-mode');
    assert.deepEqual(session.errors, [], 'stdout carried nothing but the protocol');
    assert.doesNotMatch(session.stderr(), /internal error/);
  });
});

describe('mcp: limits and lifecycle', function () {
  this.timeout(180_000);
  let root: string;
  before(async () => {
    root = await writeShop();
  });
  after(async () => {
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('gives up on a call at --timeout with one line, writes nothing, and keeps answering', async () => {
    const session = await startServer([root, '--timeout', '0.05']);
    try {
      const app = read(root, 'src/App.tsx');
      const result = await session.call('apply_flag_cleanup', { key: 'new-checkout', keep: true });
      assertToolError(result, 'apply_flag_cleanup', /^apply_flag_cleanup: gave up after 0\.05 s, the time bound for one call \(flaglens mcp --timeout\); nothing was changed\.$/);
      assert.equal(read(root, 'src/App.tsx'), app);
      assert.ok(await exists(path.join(root, 'src/OldCheckout.tsx')));
      // (A read that finishes in one synchronous stretch can still answer late: nothing interrupts running code.)
      await session.client.ping();
    } finally {
      await session.close();
    }
  });

  it('exits as soon as the client closes its stdin, and refuses bad options before serving', async () => {
    const session = await startServer([root]);
    await session.client.ping();
    const pid = session.transport.pid!;
    const started = Date.now();
    await session.close();
    // The SDK client waits 2 s before it sends SIGTERM to a server that did not exit by itself.
    assert.ok(Date.now() - started < 1900, `closed in ${Date.now() - started} ms`);
    assert.throws(() => process.kill(pid, 0), /ESRCH/);

    assert.equal((await cli(['mcp', root, '--timeout', 'soon'])).code, 2);
    assert.equal((await cli(['mcp', root, '--config', path.join(root, 'missing.json')])).code, 2);
    assert.equal((await cli(['mcp', path.join(root, 'nowhere')])).code, 2);
    const help = await cli(['mcp', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: flaglens mcp \[dir\] \[--config file\] \[--timeout seconds\] \[--trust-config-urls\]/);
    assert.match(help.stdout, /toggle_flag\n\(unprotected environments only/);
  });

  it('answers with the config error, not from a config that is not what was written', async () => {
    await fs.writeFile(path.join(root, '.flaglens.json'), '{ "patterns": [ }');
    const session = await startServer([root]);
    try {
      assertToolError(await session.call('list_flags'), 'list_flags', /^list_flags: The Flag Lens config has an error; fix it first: .*\.flaglens\.json:1:\d+: /);
      // Fixed while the server runs: the next call reloads it.
      await fs.writeFile(path.join(root, '.flaglens.json'), '{}');
      assert.equal(structured<{ flags: unknown[] }>(await session.call('list_flags')).flags.length, 4);
    } finally {
      await session.close();
      await fs.rm(path.join(root, '.flaglens.json'), { force: true });
    }
  });
});
