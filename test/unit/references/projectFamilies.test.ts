import * as assert from 'node:assert/strict';
import { checkFamily } from './fixtureHarness';

describe('references: wrappers, factories, custom patterns, dynamic keys, projects', () => {
  it('wrapper functions and hooks, multi-level across files and barrels, prefix templates, default-value parameters', async () => {
    const index = await checkFamily('wrappers');
    try {
      const [gate] = index.referencesOf('three-levels');
      assert.deepEqual(
        gate!.wrappers!.map((w) => w.split('/').slice(-2).join('/')),
        ['flags/hooks.ts#useGate', 'flags/hooks.ts#checkFeature', 'flags/client.ts#isOn'],
        'the wrapper chain runs from the call site down to the SDK call',
      );
      assert.equal(gate!.pattern, 'openfeature.getBooleanValue');
      const [camel] = index.referencesOf('camel-wrapped');
      assert.equal(camel!.pattern, 'launchdarkly.react.useFlags');
    } finally {
      index.dispose();
    }
  });

  it('class wrappers: methods and arrow fields over a client field, via this, singletons, new and constructor injection', async () => {
    const index = await checkFamily('classWrappers');
    try {
      const [singleton] = index.referencesOf('singleton-flag');
      assert.deepEqual(singleton!.wrappers!.map((w) => w.split('#').pop()), ['FlagService.isOn']);
      assert.equal(singleton!.pattern, 'launchdarkly.boolVariation');
    } finally {
      index.dispose();
    }
  });

  it('hooks and functions that return a flags object or an SDK client', async () => {
    (await checkFamily('factories')).dispose();
  });

  it('custom patterns from .flaglens.json: function, method+receiver, keyArg, property path, transforms, stripPrefix, valuePath, negate', async () => {
    (await checkFamily('customPatterns')).dispose();
  });

  it('dynamic keys are reported with a reason, never dropped', async () => {
    const index = await checkFamily('dynamic');
    try {
      assert.equal(index.all().length, 0);
      assert.ok(index.dynamic().every((d) => d.reason.length > 0 && !d.reason.includes('\n')));
    } finally {
      index.dispose();
    }
  });

  it('a project mixing all four SDKs, with an unrelated isEnabled', async () => {
    const index = await checkFamily('mixed');
    try {
      assert.deepEqual(
        [...new Set(index.referencesOf('new-checkout').map((r) => r.sdk))].sort(),
        ['growthbook', 'launchdarkly', 'openfeature'],
      );
      assert.deepEqual(index.keys(), ['gb-only', 'new-checkout', 'recommendations', 'search-v2']);
    } finally {
      index.dispose();
    }
  });

  it('an npm-workspaces monorepo importing flag constants and hooks by package name, plus tsconfig paths and baseUrl', async () => {
    (await checkFamily('monorepo')).dispose();
  });
});
