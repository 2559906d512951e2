import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { afterEdit, buildIndex, writeTempWorkspace } from './fixtureHarness';

/**
 * Exported types that lead to an SDK client are triggers: files importing them are analyzed, and a
 * receiver typed with one is a client. Each case takes the type a different way, and a file whose
 * only calls are `flagResolver.isEnabled('…')` with written-out keys (read without parsing) exports
 * a holder of it: the holder must become a trigger too, so that `deep.ts` is analyzed.
 */
const common: Record<string, string> = {
  '.flaglens.json': JSON.stringify({ patterns: [{ method: 'isEnabled', receiver: 'flagResolver', keyArg: 0 }] }),
  'package.json': JSON.stringify({ name: 'type-triggers', dependencies: { '@growthbook/growthbook': '*' } }),
  'src/zholder.ts': [
    "import type { Ctx } from './ctx';",
    'declare const flagResolver: { isEnabled(key: string): boolean };',
    "export const holderOn = flagResolver.isEnabled('holder-literal');",
    'export interface Holder { ctx: Ctx }',
  ].join('\n'),
  'src/zdeep.ts': ["import type { Holder } from './zholder';", "export const deep = (h: Holder) => h.ctx.flags.isOn('deep-flag');"].join('\n'),
};

const cases: { name: string; files: Record<string, string>; expected: string[] }[] = [
  {
    name: 'renamed by a barrel that re-exports it (export type { Ctx as AppCtx } from)',
    files: {
      ...common,
      'src/client.ts': "import type { GrowthBook } from '@growthbook/growthbook';\nexport interface ClientCtx { flags: GrowthBook }\n",
      'src/index.ts': "export type { ClientCtx as AppCtx } from './client';\n",
      'src/ctx.ts': "export type { AppCtx as Ctx } from './index';\n",
      'src/direct.ts': "import type { AppCtx } from './index';\nexport const direct = (c: AppCtx) => c.flags.isOn('direct-flag');\n",
    },
    expected: ['src/direct.ts:2 direct-flag', 'src/zdeep.ts:2 deep-flag', 'src/zholder.ts:3 holder-literal'],
  },
  {
    name: 'an SDK client type re-exported under another name, its importer analyzed before it is parsed',
    files: {
      ...common,
      'src/types.ts': "export type { GrowthBook as Client } from '@growthbook/growthbook';\n",
      'src/ctx.ts': [
        "import type { Client } from './types';",
        'declare const flagResolver: { isEnabled(key: string): boolean };',
        "export const ctxOn = flagResolver.isEnabled('ctx-literal');",
        'export interface Ctx { flags: Client }',
      ].join('\n'),
    },
    expected: ['src/ctx.ts:3 ctx-literal', 'src/zdeep.ts:2 deep-flag', 'src/zholder.ts:3 holder-literal'],
  },
  {
    name: 'a whole SDK re-exported by a module (export * from)',
    files: {
      ...common,
      'src/types.ts': "export * from '@growthbook/growthbook';\n",
      'src/ctx.ts': "import type { GrowthBook } from './types';\nexport interface Ctx { flags: GrowthBook }\n",
    },
    expected: ['src/zdeep.ts:2 deep-flag', 'src/zholder.ts:3 holder-literal'],
  },
  {
    name: 'a type taken by index from another (Deep["a"])',
    files: {
      ...common,
      'src/deep.ts': "import type { GrowthBook } from '@growthbook/growthbook';\nexport interface Deep { a: { flags: GrowthBook } }\n",
      'src/ctx.ts': "import type { Deep } from './deep';\nexport type Ctx = Deep['a'];\n",
      'src/direct.ts': "import type { Deep } from './deep';\nexport const direct = (d: Deep) => d.a.flags.isOn('direct-deep-flag');\n",
    },
    expected: ['src/direct.ts:2 direct-deep-flag', 'src/zdeep.ts:2 deep-flag', 'src/zholder.ts:3 holder-literal'],
  },
  {
    name: 'a client three levels down in type literals written in place, taken by index (Ctx["a"])',
    files: {
      ...common,
      'src/shape.ts': "import type { GrowthBook } from '@growthbook/growthbook';\nexport interface Shape { a: { b: { flags: GrowthBook } } }\n",
      'src/ctx.ts': "import type { Shape } from './shape';\nexport type Ctx = Shape['a']['b'];\n",
      'src/direct.ts': "import type { Shape } from './shape';\nexport const direct = (s: Shape) => s.a.b.flags.isOn('inline-deep-flag');\n",
    },
    expected: ['src/direct.ts:2 inline-deep-flag', 'src/zdeep.ts:2 deep-flag', 'src/zholder.ts:3 holder-literal'],
  },
  {
    name: 'the default as a parenthesized name (export default (Ctx)) or the module itself (export = Ctx)',
    files: {
      ...common,
      'src/paren.ts': "import type { GrowthBook } from '@growthbook/growthbook';\ninterface ParenCtx { flags: GrowthBook }\nexport default (ParenCtx);\n",
      'src/ctx.ts': "import type ParenCtx from './paren';\nexport type Ctx = ParenCtx;\n",
      'src/equals.ts': "import type { GrowthBook } from '@growthbook/growthbook';\ninterface EqualsCtx { flags: GrowthBook }\nexport = EqualsCtx;\n",
      'src/direct.ts': "import type EqualsCtx from './equals';\nexport const direct = (c: EqualsCtx) => c.flags.isOn('equals-flag');\n",
    },
    expected: ['src/direct.ts:2 equals-flag', 'src/zdeep.ts:2 deep-flag', 'src/zholder.ts:3 holder-literal'],
  },
  {
    name: 'a function exported by a list, one of whose overloads returns a client',
    files: {
      ...common,
      'src/ctx.ts': [
        "import type { GrowthBook } from '@growthbook/growthbook';",
        'function flagsOf(): undefined;',
        'function flagsOf(scope: string): GrowthBook;',
        'function flagsOf(scope?: string): GrowthBook | undefined {',
        '  return scope ? (undefined as unknown as GrowthBook) : undefined;',
        '}',
        'export { flagsOf };',
        'export interface Ctx { flags: ReturnType<typeof flagsOf> }',
      ].join('\n'),
      'src/direct.ts': "import { flagsOf } from './ctx';\nexport const direct = () => flagsOf('x').isOn('overload-flag');\n",
    },
    expected: ['src/direct.ts:2 overload-flag', 'src/zholder.ts:3 holder-literal'],
  },
  {
    name: 'values declared, not written, to hold one: a declared function, a typed arrow, declare const, let (none of them a value FlagReach follows)',
    files: {
      ...common,
      'src/ctx.ts': "import type { GrowthBook } from '@growthbook/growthbook';\nexport interface Ctx { flags: GrowthBook }\n",
      'src/getters.ts': [
        "import type { Ctx } from './ctx';",
        'declare const flagResolver: { isEnabled(key: string): boolean };',
        "export const on = flagResolver.isEnabled('getters-literal');",
        'export declare function getCtx(): Ctx;',
        'export const getArrow = (): Ctx => (globalThis as unknown as { ctx: Ctx }).ctx;',
        'export declare const current: Ctx;',
        'export let maybe: Ctx | undefined;',
        'export declare const lookalike: { flags: { isOn(key: string): boolean } };',
      ].join('\n'),
      'src/direct.ts': [
        "import { current, getArrow, getCtx, lookalike, maybe } from './getters';",
        "export const a = getCtx().flags.isOn('declared-function-flag');",
        "export const b = getArrow().flags.isOn('typed-arrow-flag');",
        "export const c = current.flags.isOn('declared-const-flag');",
        "export const d = maybe?.flags.isOn('let-flag');",
        "export const e = lookalike.flags.isOn('not-a-flag');",
      ].join('\n'),
    },
    expected: [
      'src/direct.ts:2 declared-function-flag',
      'src/direct.ts:3 typed-arrow-flag',
      'src/direct.ts:4 declared-const-flag',
      'src/direct.ts:5 let-flag',
      'src/getters.ts:3 getters-literal',
      'src/zdeep.ts:2 deep-flag',
      'src/zholder.ts:3 holder-literal',
    ],
  },
];


/** Thirteen modules, each aliasing the next one's type: a receiver typed eight modules from the end is past the depth followed, four from it is not. */
const aliasChain: Record<string, string> = Object.fromEntries(
  Array.from({ length: 13 }, (_, i) => [`src/alias/a${i}.ts`, i < 12 ? `import type { A${i + 1} } from './a${i + 1}';\nexport type A${i} = A${i + 1};\n` : "import type { GrowthBook } from '@growthbook/growthbook';\nexport interface A12 { flags: GrowthBook }\n"]),
);
cases.push({
  name: 'a type near the end of a long alias chain, after a lookup from its far end was cut short by the depth limit',
  files: {
    ...common,
    ...aliasChain,
    'src/ctx.ts': "export type { A8 as Ctx } from './alias/a8';\n",
    'src/direct.ts': [
      "import type { A4 } from './alias/a4';",
      "import type { A8 } from './alias/a8';",
      "export const far = (c: A4) => c.flags.isOn('too-far-flag');",
      "export const near = (c: A8) => c.flags.isOn('near-flag');",
    ].join('\n'),
  },
  expected: ['src/direct.ts:4 near-flag', 'src/zdeep.ts:2 deep-flag', 'src/zholder.ts:3 holder-literal'],
});

function located(index: ReferenceIndex): string[] {
  return index
    .all()
    .map((r) => `${path.posix.relative(index.root, r.file)}:${r.keySpan.startLine + 1} ${r.key}`)
    .sort();
}

/**
 * Builds the workspace and checks the exact references, with the exhaustive build giving the same
 * unless told not to (`exhaustive: false`: cases about candidate selection, which both share).
 */
async function expectFound(files: Record<string, string>, expected: string[], options: { exhaustive?: boolean; check?: (index: ReferenceIndex, exhaustive?: ReferenceIndex) => void } = {}): Promise<void> {
  const root = await writeTempWorkspace('flaglens-type-triggers-', files);
  const index = await buildIndex(root);
  const exhaustive = options.exhaustive === false ? undefined : await buildIndex(root, { exhaustive: true });
  try {
    assert.deepEqual(located(index), expected);
    if (exhaustive) {
      assert.deepEqual(located(exhaustive), expected);
      assert.deepEqual(index.dynamic(), exhaustive.dynamic());
    }
    options.check?.(index, exhaustive);
  } finally {
    index.dispose();
    exhaustive?.dispose();
    await fs.rm(root, { recursive: true, force: true });
  }
}

describe('references: exported types as triggers, however the type is taken', () => {
  for (const { name, files, expected } of cases) {
    it(`${name}: every use is found, as the exhaustive analysis finds it`, () => expectFound(files, expected));
  }
});

describe('references: exported types as triggers, after an edit', () => {
  it('a type passed over while unparsed leads once an edit makes its module lead: its users are found, as a fresh build finds them', async () => {
    const files = {
      ...common,
      'src/ctx.ts': [
        "import { GrowthBook } from '@growthbook/growthbook';",
        "import type { Client } from './types';",
        'export const gb = new GrowthBook();',
        'export interface Ctx { flags: Client }',
      ].join('\n'),
      'src/types.ts': "import type { Base } from './zbase';\nexport type Client = Base['gb'];\n",
      'src/zbase.ts': 'export interface Base { gb: unknown }\n',
    };
    await afterEdit(
      'flaglens-type-triggers-',
      files,
      { file: 'src/zbase.ts', text: "import type { GrowthBook } from '@growthbook/growthbook';\nexport interface Base { gb: GrowthBook }\n" },
      (index) => assert.deepEqual(located(index), ['src/zholder.ts:3 holder-literal']),
      (index, fresh) => {
        assert.deepEqual(located(fresh), ['src/zdeep.ts:2 deep-flag', 'src/zholder.ts:3 holder-literal']);
        assert.deepEqual(located(index), located(fresh));
      },
    );
  });
});

describe('references: a default export that leads to a client, named after its folder', () => {
  // `src/types/index.ts` default-exports a client holder: its trigger is the folder's name, `types`,
  // a word in every import from any `…/types` module. Only files that may import a default under it are looked at.
  const rows = Object.fromEntries(
    Array.from({ length: 30 }, (_, i) => [`src/rows/r${i}.ts`, `import type { Row } from '../../lib/types';\nimport { types } from '../../lib/names';\nexport const r${i} = (r: Row) => r.id + types.length;\n`]),
  );
  const files: Record<string, string> = {
    ...common,
    ...rows,
    'lib/types.ts': 'export interface Row { id: number }\n',
    'lib/names.ts': "export const types = ['a'];\n",
    'src/types/index.ts': "import type { GrowthBook } from '@growthbook/growthbook';\ninterface Ctx { flags: GrowthBook }\nexport default Ctx;\n",
    'src/ctx.ts': "import type Ctx from './types';\nexport type { Ctx };\n",
    'src/direct.ts': "import type AnyName from './types/index.js';\nexport const direct = (c: AnyName) => c.flags.isOn('default-flag');\n",
    'src/barrel.ts': "export { default as AppCtx } from './types';\n",
    'src/viaBarrel.ts': "import type { AppCtx } from './barrel';\nexport const viaBarrel = (c: AppCtx) => c.flags.isOn('barrel-flag');\n",
    'src/spaced.ts': "import * as all from './types';\nexport const spaced = (c: all.default) => c.flags.isOn('namespace-flag');\n",
  };
  const expected = ['src/direct.ts:2 default-flag', 'src/spaced.ts:2 namespace-flag', 'src/viaBarrel.ts:2 barrel-flag', 'src/zdeep.ts:2 deep-flag', 'src/zholder.ts:3 holder-literal'];

  it('default importers, a re-exporting barrel and a namespace import are followed; the 30 files importing other names from other types modules are not parsed', async () => {
    await expectFound(files, expected, {
      check: (index, exhaustive) => assert.ok(index.stats.filesParsed <= 12, `parsed ${index.stats.filesParsed} of ${exhaustive!.stats.filesParsed} files`),
    });
  });
});

describe('references: declared types, as a review met them', () => {
  const settings: Record<string, string> = {
    '.flaglens.json': common['.flaglens.json']!,
    'package.json': common['package.json']!,
  };
  const zctx = "import type { GrowthBook } from '@growthbook/growthbook';\nexport interface Ctx { flags: GrowthBook }\n";
  const shapes: { name: string; files: Record<string, string>; expected: string[] }[] = [
    {
      name: 'a module exporting a default and a type named like itself, the type leading through a seed analyzed after it',
      files: {
        ...settings,
        'src/zctx.ts': zctx,
        'src/flags.ts': "import { GrowthBook } from '@growthbook/growthbook';\nimport type { Ctx } from './zctx';\nexport default new GrowthBook();\nexport interface flags { ctx: Ctx }\n",
        'src/direct.ts': "import type { flags } from './flags';\nexport const d = (f: flags) => f.ctx.flags.isOn('named-type-flag');\n",
      },
      expected: ['src/direct.ts:2 named-type-flag'],
    },
    {
      name: 'a type met first deep inside a type literal, then one level from the top',
      files: {
        ...settings,
        'src/ctx.ts': "import type { GrowthBook } from '@growthbook/growthbook';\ninterface H { flags: GrowthBook }\ninterface M { h: H }\nexport interface Top { a: { m: M }; h: H }\n",
        'src/direct.ts': "import type { Top } from './ctx';\nexport const d = (t: Top) => t.h.flags.isOn('top-flag');\n",
      },
      expected: ['src/direct.ts:2 top-flag'],
    },
    {
      name: 'a type met first two named types down, then one',
      files: {
        ...settings,
        'src/ctx.ts': "import type { GrowthBook } from '@growthbook/growthbook';\ninterface H { flags: GrowthBook }\ninterface M { h: H }\nexport interface Top { m: M; h: H }\n",
        'src/direct.ts': "import type { Top } from './ctx';\nexport const d = (t: Top) => t.h.flags.isOn('second-visit-flag');\n",
      },
      expected: ['src/direct.ts:2 second-visit-flag'],
    },
  ];
  for (const { name, files, expected } of shapes) {
    it(`${name}: every use is found, as the exhaustive analysis finds it`, () => expectFound(files, expected));
  }

  // A seed's receiver whose value comes from a module FlagReach cuts off (it carries no flag value) and
  // nothing parsed: its declared type is read there all the same, however the module hands it on.
  const holder = "import type { Ctx } from './ctx';\ndeclare function makeCtx(): Ctx;\nclass Holder { flags!: Ctx['flags'] }\n";
  const user = (imported: string) =>
    `import { GrowthBook } from '@growthbook/growthbook';\n${imported}\nexport const gb = new GrowthBook();\nexport const s = gb.isOn('seed-flag');\nexport const u = x.flags.isOn('held-flag');\n`;
  const handedOn: [name: string, files: Record<string, string>, imported?: string][] = [
    ['re-exported by name from another module', { 'src/m.ts': "export { x } from './real';\n", 'src/real.ts': holder + 'export const x: Ctx = makeCtx();\n' }],
    ['re-exported by export *', { 'src/m.ts': "export * from './real';\n", 'src/real.ts': holder + 'export const x: Ctx = makeCtx();\n' }],
    ['declared with a definite assignment (let x!: Ctx)', { 'src/m.ts': holder + 'export let x!: Ctx;\n' }],
    ['the default, a typed const', { 'src/m.ts': holder + 'const ctx: Ctx = makeCtx();\nexport default ctx;\n' }, "import x from './m';"],
    ['made by a function declared to return the holder', { 'src/m.ts': holder + 'export const x = makeCtx();\n' }],
    ['an instance of a class whose field is typed with the client', { 'src/m.ts': holder + 'export const x = new Holder();\n' }],
  ];
  for (const [name, extra, imported] of handedOn) {
    it(`a receiver's value from a module that carries no flags, ${name}: found`, () =>
      expectFound({ ...settings, 'src/ctx.ts': zctx, ...extra, 'src/user.ts': user(imported ?? "import { x } from './m';") }, ['src/user.ts:4 seed-flag', 'src/user.ts:5 held-flag'], { exhaustive: false }));
  }

  it('a barrel that re-exports a module named like a typed export (export * from "../app") stays a candidate', () =>
    expectFound(
      {
        ...settings,
        'src/ctx.ts': zctx,
        'src/app.ts': "import type { Ctx } from './ctx';\nexport declare let app: Ctx;\n",
        'src/lib/index.ts': "export * from '../app';\n",
        'src/user.ts': "import { app } from './lib';\nexport const u = app.flags.isOn('barrel-typed-flag');\n",
      },
      ['src/user.ts:2 barrel-typed-flag'],
      { exhaustive: false },
    ));
});

describe('references: values declared to hold a client, handed on by other modules', () => {
  const settings: Record<string, string> = {
    '.flaglens.json': common['.flaglens.json']!,
    'package.json': common['package.json']!,
    'src/ctx.ts': "import type { GrowthBook } from '@growthbook/growthbook';\nexport interface Ctx { flags: GrowthBook }\n",
  };
  const getters = "import type { Ctx } from './ctx';\nexport declare const current: Ctx;\n";
  const shapes: [name: string, files: Record<string, string>][] = [
    ['re-exported under another name (export { current as appCtx } from)', { 'src/getters.ts': getters, 'src/barrel.ts': "export { current as appCtx } from './getters';\n", 'src/user.ts': "import { appCtx } from './barrel';\nexport const u = appCtx.flags.isOn('held-flag');\n" }],
    ['imported, then the default of another module', { 'src/getters.ts': getters, 'src/holder.ts': "import { current } from './getters';\nexport default current;\n", 'src/user.ts': "import holder from './holder';\nexport const u = holder.flags.isOn('held-flag');\n" }],
    ['the default of its module, re-exported by name (export { default as app } from)', { 'src/getters.ts': "import type { Ctx } from './ctx';\ndeclare const current: Ctx;\nexport default current;\n", 'src/app.ts': "export { default as app } from './getters';\n", 'src/user.ts': "import { app } from './app';\nexport const u = app.flags.isOn('held-flag');\n" }],
    ['imported, then listed (import { current }; export { current as ctx })', { 'src/getters.ts': getters, 'src/list.ts': "import { current } from './getters';\nexport { current as ctx };\n", 'src/user.ts': "import { ctx } from './list';\nexport const u = ctx.flags.isOn('held-flag');\n" }],
  ];
  // A parsed barrel (it makes a client of its own) that the lookup meets under two names.
  const barrelHead = "import { GrowthBook } from '@growthbook/growthbook';\nexport const gbx = new GrowthBook();\n";
  shapes.push(
    ['renamed again from a barrel that re-exports the getters before an alias module of them', { 'src/getters.ts': getters, 'src/aliases.ts': "export { current as appCtx } from './getters';\n", 'src/index.ts': `${barrelHead}export * from './getters';\nexport * from './aliases';\n`, 'src/app.ts': "export { appCtx as ctx2 } from './index';\n", 'src/user.ts': "import { ctx2 } from './app';\nexport const u = ctx2.flags.isOn('held-flag');\n" }],
    ['declared by an index that re-exports an alias module importing it back', { 'src/index.ts': "import type { Ctx } from './ctx';\nexport declare const current: Ctx;\nexport { appCtx } from './aliases';\n", 'src/aliases.ts': "import { current } from './index';\nexport { current as appCtx };\n", 'src/app.ts': "export { appCtx as ctx3 } from './index';\n", 'src/user.ts': "import { ctx3 } from './app';\nexport const u = ctx3.flags.isOn('held-flag');\n" }],
  );
  for (const [name, files] of shapes) {
    it(`a value ${name}: its use is found, as the exhaustive analysis finds it`, () => expectFound({ ...settings, ...files }, ['src/user.ts:2 held-flag']));
  }

  // A class field without an annotation holds what its initializer is declared to be.
  const types = "import type { GrowthBook } from '@growthbook/growthbook';\nexport interface AppClient { gb: GrowthBook }\n";
  const service = "import { GrowthBook } from '@growthbook/growthbook';\nimport { createClient } from './factory';\nexport const gb = new GrowthBook();\nexport const s0 = gb.isOn('service-own');\nexport class Service { client = createClient(); }\n";
  const user = "import type { Service } from './service';\nexport const u = (s: Service) => s.client.gb.isOn('svc-flag');\n";
  const factories: [name: string, factory: string][] = [
    ['a function declared to return the holder', "import type { AppClient } from './types';\nexport function createClient(): AppClient { return null as any; }\n"],
    ['a typed arrow', "import type { AppClient } from './types';\nexport const createClient = (): AppClient => null as any;\n"],
    ['a function typed through a namespace import', "import type * as T from './types';\nexport function createClient(): T.AppClient { return null as any; }\n"],
    ['a function typed by an import type written in place', "export function createClient(): import('./types').AppClient { return null as any; }\n"],
  ];
  for (const [name, factory] of factories) {
    it(`a class field set by an imported factory, ${name}: the class leads to the client`, () =>
      expectFound({ ...settings, 'src/types.ts': types, 'src/factory.ts': factory, 'src/service.ts': service, 'src/user.ts': user }, ['src/service.ts:4 service-own', 'src/user.ts:2 svc-flag']));
  }
  it('a class field set to an imported value declared with an import type written in place: the class leads to the client', () =>
    expectFound(
      {
        ...settings,
        'src/types.ts': types,
        'src/factory.ts': "export declare const sharedClient: import('./types').AppClient;\n",
        'src/service.ts': service.replace("import { createClient } from './factory';", "import { sharedClient } from './factory';").replace('client = createClient();', 'client = sharedClient;'),
        'src/user.ts': user,
      },
      ['src/service.ts:4 service-own', 'src/user.ts:2 svc-flag'],
    ));
  it('a receiver typed by an import type of an SDK client or of a workspace default written in place: found', () =>
    expectFound(
      {
        ...settings,
        'src/types/index.ts': "import type { GrowthBook } from '@growthbook/growthbook';\nexport default interface Ctx { flags: GrowthBook }\n",
        'src/direct.ts': [
          "import { GrowthBook } from '@growthbook/growthbook';",
          'export const gb = new GrowthBook();',
          "export const own = (c: import('./types').default) => c.flags.isOn('import-type-default');",
          "export const sdk = (g: import('@growthbook/growthbook').GrowthBook) => g.isOn('import-type-sdk');",
          "export const whole = (m: typeof import('./types')) => (m as any).isOn('not-read');",
        ].join('\n'),
      },
      ['src/direct.ts:3 import-type-default', 'src/direct.ts:4 import-type-sdk'],
    ));
  it('a class field set by a factory declared to return something else: no trigger, nothing found', () =>
    expectFound(
      { ...settings, 'src/types.ts': "export interface AppClient { gb: { isOn(key: string): boolean } }\n", 'src/factory.ts': factories[0]![1], 'src/service.ts': service, 'src/user.ts': user },
      ['src/service.ts:4 service-own'],
    ));
});
