import * as assert from 'node:assert/strict';
import { CustomPatternProbe, customPatternNames, importSignature, importsSdk, isCandidate, NameMatcher } from '../../../src/core/references/prefilter';
import { importsFlagCarryingSdk } from '../../../src/core/references/sdkImports';

describe('references: prefilter', () => {
  const source = `import React, * as R from 'react';
import * as flagHooks from './flagHooks';
import {
  useGate as gate,
  type Props,
} from '../hooks';
export { isOn } from './client';
// checkFeature('x') mentioned in a comment only
const text = "useTeamFlag('y') from 'nowhere'";
flagHooks.useCheckout('k');
R.useState();
`;

  it('keeps import clauses and namespace member reads, not comments or strings', () => {
    const signature = importSignature(source, false);
    const matcher = (name: string) => new NameMatcher([name]).test(signature);
    assert.ok(matcher('useGate'), 'named import');
    assert.ok(matcher('isOn'), 're-export');
    assert.ok(matcher('useCheckout'), 'member of a namespace import');
    assert.ok(matcher('flagHooks'), 'module path segment (default-export hint)');
    assert.ok(!matcher('checkFeature'), 'comment');
    assert.ok(!matcher('useTeamFlag'), 'string');
    assert.ok(!matcher('nowhere'), 'a from-clause inside a string');
  });

  it('keeps a clause whose names contain the words import or export, or whose comments hold a semicolon', () => {
    const text = "import { FlagResolver, exportReport, importCsv } from './resolver';\nimport {\n  useGate, // the gate; injected\n  /* more; */ other,\n} from './gate';\n";
    const signature = importSignature(text, false);
    for (const name of ['FlagResolver', 'exportReport', 'useGate', 'other']) assert.ok(new NameMatcher([name]).test(signature), name);
  });

  it('finds CommonJS requires and dynamic imports when asked to', () => {
    const js = "const { isOn } = require('./flags');\nconst lib = require('./lib');\nlib.useWrapped('x');\nconst later = await import('./later');\nlater.checkLater();\n";
    const signature = importSignature(js, true);
    for (const name of ['isOn', 'useWrapped', 'checkLater']) assert.ok(new NameMatcher([name]).test(signature), name);
    assert.ok(importsSdk(importSignature("const LD = require('launchdarkly-node-server-sdk');", true)));
    assert.ok(!importsSdk(importSignature("const s = 'launchdarkly-node-server-sdk';", true)));
  });

  it('NameMatcher matches whole identifiers only', () => {
    const matcher = new NameMatcher(['isOn', 'client']);
    assert.ok(matcher.test('x = isOn(1)'));
    assert.ok(matcher.test('client.go()'));
    assert.ok(!matcher.test('isOnline(); myclient; client2; $client'));
    assert.ok(!new NameMatcher([]).test('anything'));
  });

  it('a file is a candidate when it imports an SDK, uses a custom pattern name, or imports a flag-carrying name', () => {
    const none = new NameMatcher([]);
    assert.ok(isCandidate("import { init } from '@launchdarkly/node-server-sdk';", none, none));
    assert.ok(isCandidate("import x from '@growthbook/growthbook-react';", none, none));
    assert.ok(!isCandidate("import x from 'my-launchdarkly-helpers';", none, none));
    assert.ok(isCandidate('useUiFlag("x")', new NameMatcher(['useUiFlag']), none));
    assert.ok(isCandidate("import { isOn } from './flags';", none, new NameMatcher(['isOn'])));
    assert.ok(!isCandidate("// isOn('x')\nimport { other } from './flags';", none, new NameMatcher(['isOn'])));
  });

  it('keys a custom method pattern on its receiver, so unrelated files calling the same method stay unparsed', () => {
    const names = new NameMatcher(
      customPatternNames([
        { method: 'isEnabled', receiver: 'this.flagResolver', keyArg: 0, transform: 'none' },
        { method: 'checkGate', keyArg: 0, transform: 'none' },
        { function: 'useUiFlag', keyArg: 0, transform: 'none' },
      ]),
    );
    const none = new NameMatcher([]);
    assert.ok(!isCandidate("const cache = new Map(); cache.isEnabled('x');", names, none));
    assert.ok(isCandidate("this.flagResolver.isEnabled('new-checkout');", names, none));
    assert.ok(isCandidate("gates.checkGate('beta');", names, none));
    assert.ok(isCandidate("useUiFlag('x')", names, none));
  });
});

describe('references: custom pattern probes', () => {
  const probe = new CustomPatternProbe([
    { function: 'useUiFlag', keyArg: 0, transform: 'none' },
    { method: 'isEnabled', receiver: 'this.flagResolver', keyArg: 0, transform: 'none' },
    { method: 'checkGate', keyArg: 1, transform: 'none' },
  ]);

  it('needs a call, not the bare name: importing, passing on or declaring it parses nothing', () => {
    assert.ok(!probe.test("import { useUiFlag } from './hooks';\nexport const useUiFlag = (name) => config[name];"));
    assert.ok(!probe.test('constructor(private flagResolver: IFlagResolver) {}\nconst deps = { flagResolver };'));
    assert.ok(!probe.test("cache.isEnabled('x'); // a method of the same name on something else"));
    assert.ok(probe.test("useUiFlag('x')"));
    assert.ok(probe.test("useUiFlag<Flags>('x')"));
    assert.ok(probe.test("config.flagResolver\n  ?.isEnabled('x')"), 'optional chaining and a line break between receiver and method');
    assert.ok(probe.test("this.flagResolver!.isEnabled('x')"));
    assert.ok(probe.test("gates . checkGate(ctx, 'beta')"));
  });

  it('tells calls that write their key out from calls that may pass a parameter on (possible wrappers)', () => {
    assert.ok(!probe.passesKeysOn("useUiFlag('a'); this.flagResolver.isEnabled(\n  'b',\n  ctx,\n); useUiFlag(\"it's\")"));
    assert.ok(probe.passesKeysOn('useUiFlag(name)'));
    assert.ok(probe.passesKeysOn("useUiFlag('flag-' + name)"), 'a quoted start is not the whole argument');
    assert.ok(probe.passesKeysOn('useUiFlag(`flag`)'));
    assert.ok(probe.passesKeysOn("gates.checkGate(ctx, 'beta')"), 'the key is not the first argument: not read here');
  });
});

describe('references: which SDK imports can start an evaluation', () => {
  it('an evaluating hook, a client factory or type, the API object or a component counts; enums and payload types do not', () => {
    assert.ok(!importsFlagCarryingSdk("import { PayloadType, type Variant } from 'unleash-client';\nimport { defaultVariant } from 'unleash-client/lib/variant.js';"));
    assert.ok(!importsFlagCarryingSdk("import type { Context } from 'unleash-client';"));
    assert.ok(importsFlagCarryingSdk("import type { UnleashClient } from 'unleash-proxy-client';"), 'a client type makes a parameter a client');
    assert.ok(importsFlagCarryingSdk("import { useFlag } from '@unleash/proxy-client-react';"));
    assert.ok(importsFlagCarryingSdk("import { OpenFeature } from '@openfeature/server-sdk';"));
    assert.ok(importsFlagCarryingSdk("import { IfFeatureEnabled } from '@growthbook/growthbook-react';"));
    assert.ok(importsFlagCarryingSdk("export { withLDConsumer } from 'launchdarkly-react-client-sdk';"), 're-exports count');
    assert.ok(importsFlagCarryingSdk("import LaunchDarkly from 'launchdarkly-node-server-sdk';"), 'a default import is the whole module');
    assert.ok(importsFlagCarryingSdk("import * as ld from '@launchdarkly/node-server-sdk';"));
    assert.ok(importsFlagCarryingSdk("export * from '@growthbook/growthbook';"));
    assert.ok(importsFlagCarryingSdk("const { init } = require('launchdarkly-node-server-sdk');"));
    assert.ok(!importsFlagCarryingSdk("const { basicLogger } = require('launchdarkly-node-server-sdk');"));
    assert.ok(importsFlagCarryingSdk("const LD = require('launchdarkly-node-server-sdk');"));
    assert.ok(importsFlagCarryingSdk("const sdk = await import('@openfeature/web-sdk');"));
  });
});
