import * as assert from 'node:assert/strict';
import { FlagReach } from '../../../src/core/references/flagReach';
import { functionNames, moduleFacts } from '../../../src/core/references/moduleFacts';
import type { ResolvedModule } from '../../../src/core/references/moduleResolver';

/** A tiny workspace: file → text; `./x` resolves to `/x.ts`; a file named `sdk` is the flag SDK; sources listed. */
function reachOf(texts: Record<string, string>, sources: string[], reads: string[] = []): FlagReach {
  const resolve = (_from: string, specifier: string): ResolvedModule | undefined => {
    if (specifier === 'sdk') return { kind: 'sdk', module: { sdk: 'launchdarkly', specifier, server: true, react: false } };
    const file = `/${specifier.replace(/^\.\//, '')}.ts`;
    return file in texts ? { kind: 'file', file } : undefined;
  };
  const reach = new FlagReach(
    resolve,
    (file) => {
      reads.push(file);
      return texts[file] === undefined ? undefined : moduleFacts(texts[file]!);
    },
    (file) => (texts[file] === undefined ? undefined : functionNames(texts[file]!)),
  );
  for (const file of Object.keys(texts)) reach.set(file, { source: sources.includes(file), wrapsComponents: false });
  return reach;
}

describe('references: FlagReach', () => {
  const texts: Record<string, string> = {
    '/client.ts': "import { init } from 'sdk';\nexport const ld = init();",
    '/wrappers.ts': "import { ld } from './client';\nexport function isOn(k) { return ld.variation(k); }",
    '/dates.ts': "import { pad } from './pad';\nexport function formatDate(d) { return pad(d); }",
    '/pad.ts': 'export function pad(n) { return String(n); }',
    '/types.ts': "import { ld } from './client';\nexport interface Options { client: typeof ld }",
    '/barrel.ts': "export * from './wrappers';\nexport * from './dates';\nexport * from './types';\nexport { formatDate as fd } from './dates';",
    '/uses.ts': "import { formatDate, Options } from './barrel';\nexport const today = (o: Options) => formatDate(new Date());",
    '/cycleA.ts': "export * from './cycleB';\nexport const a = 1;",
    '/cycleB.ts': "export * from './cycleA';",
  };

  it('follows a name through a barrel to the file that declares it', () => {
    const reach = reachOf(texts, ['/client.ts']);
    assert.equal(reach.canCarryFlags('/barrel.ts', 'isOn'), true, 'isOn is declared next to the client import');
    assert.equal(reach.canCarryFlags('/barrel.ts', 'formatDate'), false, 'formatDate only reaches pad');
    assert.equal(reach.canCarryFlags('/barrel.ts', 'fd'), false, 'renamed re-export');
    assert.equal(reach.canCarryFlags('/barrel.ts', 'Options'), false, 'an interface carries no value, whatever its file imports');
    assert.equal(reach.canCarryFlags('/barrel.ts', '*'), true, 'the barrel as a namespace reaches the wrappers');
    assert.equal(reach.declaresFlagValues('/uses.ts'), false, 'imports formatDate and an interface through the barrel: nothing that reaches flags');
    assert.equal(reach.declaresFlagValues('/wrappers.ts'), true);
  });

  it('answers a name no module exports, and survives export * cycles', () => {
    const reach = reachOf(texts, ['/client.ts']);
    assert.equal(reach.canCarryFlags('/cycleA.ts', 'a'), false);
    assert.equal(reach.canCarryFlags('/cycleB.ts', 'a'), false);
    assert.equal(reach.canCarryFlags('/cycleB.ts', 'missing'), false, 'not exported anywhere: the file itself answers');
    assert.equal(reach.canCarryFlags('/unknown.ts', 'x'), true, 'a file the prefilter never read may carry anything');
  });

  it('reads a module only when a question reaches it', () => {
    const reads: string[] = [];
    const reach = reachOf(texts, ['/client.ts'], reads);
    reach.canCarryFlags('/dates.ts', 'formatDate');
    assert.deepEqual(reads.sort(), ['/dates.ts', '/pad.ts']);
  });

  it('an edit that changes imports changes the answers built on the edited file, and only those', () => {
    const local = { ...texts };
    const reach = reachOf(local, ['/client.ts']);
    assert.equal(reach.canCarryFlags('/dates.ts', 'formatDate'), false);
    const edited = "import { ld } from './client';\nexport function pad(n) { return ld.variation(n); }";
    assert.equal(reach.set('/pad.ts', { source: false, wrapsComponents: false }, edited), true, 'pad.ts was consulted: answers may change');
    local['/pad.ts'] = edited;
    assert.equal(reach.canCarryFlags('/dates.ts', 'formatDate'), true);
    assert.equal(reach.set('/barrel.ts', { source: false, wrapsComponents: false }, local['/barrel.ts']!), false, 'same facts');
    assert.equal(reach.set('/cycleB.ts', { source: true, wrapsComponents: false }), false, 'never consulted: no answer depends on it');
  });

  it('a JSX tag may be an SDK component only when its declaration is not a workspace function or class', () => {
    const jsx: Record<string, string> = {
      '/gate.ts': "import { IfFeatureEnabled } from 'sdk';\nexport const Gate = IfFeatureEnabled;",
      '/card.ts': "import { Gate } from './gate';\nexport const Card = () => null;\nexport function Panel() { return null; }\nexport const Alias = Gate;",
      '/index.ts': "export * from './card';\nexport { Gate as Door } from './gate';",
    };
    const reach = reachOf(jsx, ['/gate.ts']);
    assert.equal(reach.mayBeSdkExport('/index.ts', 'Card'), false);
    assert.equal(reach.mayBeSdkExport('/index.ts', 'Panel'), false);
    assert.equal(reach.mayBeSdkExport('/index.ts', 'Door'), true);
    assert.equal(reach.mayBeSdkExport('/index.ts', 'Alias'), true, 'a constant that may hold an SDK component');
  });
});
