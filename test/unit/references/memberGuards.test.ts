import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ExportTriggers } from '../../../src/core/references/exportTriggers';
import type { ReferenceIndex } from '../../../src/core/references/referenceIndex';
import { astRefs, buildIndex, expectMarkers, parsedAmong, withTempIndex, writeTempWorkspace } from './fixtureHarness';

/**
 * Services whose flags are reached only through one member: a method returning the client, a
 * TypeScript `private` field holding it, an ECMAScript `#private` one. A file importing such a
 * class is analyzed when it names the member, or when it exports and so may hand an instance on
 * (a private member too: a third file may read it as `x['ld']`); the rest are never parsed.
 */
const files: Record<string, string> = {
  'src/service.ts': [
    "import { init, type LDClient } from '@launchdarkly/node-server-sdk';",
    'export class FlagService {',
    '  private cache = new Map<string, string>();',
    '  client(): LDClient {',
    "    return init('sdk-key');",
    '  }',
    '  lookup(k: string) {',
    '    return k.length > this.cache.size;',
    '  }',
    '}',
    'export class SecretService {',
    "  private ld = init('sdk-key');",
    '  count() {',
    '    return 1;',
    '  }',
    '}',
    'export class HiddenService {',
    "  #ld = init('sdk-key');",
    '  ping() {',
    '    return this.#ld !== undefined;',
    '  }',
    '}',
  ].join('\n'),
  'src/usesClient.ts': "import { FlagService } from './service';\nnew FlagService().client().variation('via-method', {}, false); // @ref via-method\n",
  'src/lookupOnly.ts': "import { FlagService } from './service';\nconsole.log(new FlagService().lookup('later'));\n",
  'src/handsOn.ts': "import { FlagService } from './service';\nexport const shared = new FlagService();\n",
  'src/usesShared.ts': "import { shared } from './handsOn';\nshared.client().variation('handed-on', {}, false); // @ref handed-on\n",
  'src/secretExport.ts': "import { SecretService } from './service';\nexport const secret = new SecretService();\n",
  'src/secretHandedOn.ts': "import { secret } from './secretExport';\nsecret['ld'].variation('handed-bracket', {}, false); // @ref handed-bracket\n",
  'src/secretCount.ts': "import { SecretService } from './service';\nconsole.log(new SecretService().count());\n",
  'src/secretBracket.ts': "import { SecretService } from './service';\nnew SecretService()['ld'].variation('bracket', {}, false); // @ref bracket\n",
  'src/hidden.ts': "import { HiddenService } from './service';\nexport const alive = new HiddenService().ping();\n",
};

describe('references: classes reached through one member make only the files naming it candidates', () => {
  let root: string;
  let index: ReferenceIndex;

  beforeEach(async () => {
    root = await writeTempWorkspace('flaglens-guards-', files);
    index = await buildIndex(root);
  });

  afterEach(async () => {
    index.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('finds the references through the method, instances handed on, and a private field read by name', async () => {
    await expectMarkers(root, index);
  });

  it('parses the files that name the member or may hand it on, and none of the others', () => {
    // lookupOnly and secretCount name no member and export nothing; #ld is nobody's.
    assert.deepEqual(parsedAmong(index, Object.keys(files)), ['src/handsOn.ts', 'src/secretBracket.ts', 'src/secretExport.ts', 'src/secretHandedOn.ts', 'src/service.ts', 'src/usesClient.ts', 'src/usesShared.ts']);
  });

  it('a member that starts to reach flags makes the files naming it candidates', async () => {
    const service = path.posix.join(root, 'src/service.ts');
    const before = await fs.readFile(service, 'utf8');
    await fs.writeFile(service, before.replace('return k.length > this.cache.size;', 'return this.client().variation(k, {}, false);'));
    await index.updateFile(service);
    const refs = astRefs(index);
    assert.ok(refs.includes('src/lookupOnly.ts:2 later'), `lookup() is a wrapper now (got ${refs.join(', ')})`);
  });
});

/** Small workspaces from a review: each must give the reference the analysis of every file gives. */
const reviewCases: Record<string, Record<string, string>> = {
  'a private member on the way, read by bracket in a file that hands the value on': {
    'src/inner.ts': "import { init } from '@launchdarkly/node-server-sdk';\nexport class Inner { client = init('k'); }\n",
    'src/outer.ts': "import { Inner } from './inner';\nexport class Outer { private inner = new Inner(); }\nexport const outer = new Outer();\n",
    'src/a.ts': "import { outer } from './outer';\nexport const inner = outer['inner'];\n",
    'src/b.ts': "import { inner } from './a';\ninner.client.variation('priv-nested', {}, false); // @ref priv-nested\n",
  },
  'classes that hold each other, a private field listed first': {
    'src/ab.ts': "import { init } from '@launchdarkly/node-server-sdk';\nexport class A { b!: B; client = init('k'); }\nexport class B { a = new A(); }\nexport class X { private p = new A(); q = new B(); }\n",
    'src/f.ts': "import { X } from './ab';\nexport const bee = new X().q;\n",
    'src/g.ts': "import { bee } from './f';\nbee.a.client.variation('cycle-flag', {}, false); // @ref cycle-flag\n",
  },
};

describe('references: values handed on through members, as a review wrote them', () => {
  for (const [name, workspace] of Object.entries(reviewCases)) {
    it(name, async () => {
      await withTempIndex('flaglens-guards-review-', workspace, (index, root) => expectMarkers(root, index));
    });
  }

  it('an edit that makes a nested member reach flags reaches the importers of the outer value', async () => {
    const workspace: Record<string, string> = {
      'src/inner.ts': "import { init } from '@launchdarkly/node-server-sdk';\nexport class Inner {\n  client = init('k');\n  other(k: string) { return k.length; }\n}\n",
      'src/outer.ts': "import { Inner } from './inner';\nexport class Outer {\n  inner = new Inner();\n}\nexport const outer = new Outer();\n",
      'src/u.ts': "import { outer } from './outer';\nconsole.log(outer.inner.other('late-flag'));\n",
    };
    await withTempIndex('flaglens-guards-edit-', workspace, async (index, root) => {
      const inner = path.posix.join(root, 'src/inner.ts');
      await fs.writeFile(inner, workspace['src/inner.ts']!.replace('return k.length;', 'return this.client.variation(k, {}, false);'));
      await index.updateFile(inner);
      assert.deepEqual(astRefs(index), ['src/u.ts:2 late-flag']);
    });
  });
});

describe('references: ExportTriggers', () => {
  it('opens a guarded name, widens its members, and reports only what is new', () => {
    const triggers = new ExportTriggers([{ name: 'Service', members: ['client'] }]);
    assert.deepEqual(triggers.add([{ name: 'Service', members: ['client'] }]), []);
    assert.deepEqual(triggers.add([{ name: 'Service', members: ['client', 'flags'] }]), [{ name: 'Service', members: ['flags'] }]);
    assert.deepEqual(triggers.add([{ name: 'Service' }]), [{ name: 'Service' }]);
    assert.deepEqual(triggers.add([{ name: 'Service', members: ['other'] }]), []);
  });

  it('asks for the text only when a guarded name is imported, and counts an unreadable or exporting file as a user', () => {
    const triggers = new ExportTriggers([{ name: 'useFlags' }, { name: 'Service', members: ['client'] }]);
    let asked = 0;
    const text = (value: string | undefined) => () => {
      asked++;
      return value;
    };
    assert.equal(triggers.test("import { useFlags } from './flags'", text('')), true);
    assert.equal(triggers.test("import { other } from './x'", text('')), false);
    assert.equal(asked, 0);
    assert.equal(triggers.test("import { Service } from './s'", text('new Service().count()')), false);
    assert.equal(triggers.test("import { Service } from './s'", text("new Service()['client']")), true);
    assert.equal(triggers.test("import { Service } from './s'", text(undefined)), true);
    assert.equal(triggers.test("import { Service } from './s'", text('export const s = new Service();')), true);
    assert.equal(asked, 4);
  });
});
