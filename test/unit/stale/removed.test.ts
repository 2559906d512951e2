import { strict as assert } from 'node:assert';
import { analyzeStaleFlags } from '../../../src/core/stale/detectStaleFlags';
import type { FlagReference } from '../../../src/core/references/model';
import type { StaleDefinitionInput } from '../../../src/core/stale/model';
import { booleanFlag, definition, environment, now, reference } from './builders';

function analyze(definitions: StaleDefinitionInput[], references: FlagReference[]) {
  const result = analyzeStaleFlags({ definitions, references, now });
  return { removed: result.findings.filter((f) => f.kind === 'removed'), all: result.findings, why: result.notStale.filter((n) => n.kind === 'removed') };
}

describe('stale: removed', () => {
  it('reports an archived flag still referenced as an error, keeping the off variation and saying so', () => {
    const flag = booleanFlag('legacy-search', { archived: true }, [
      environment('production', { protected: true, on: true, offVariation: 'off' }),
      environment('staging', { on: true, offVariation: 'on' }),
    ]);
    const { removed, all } = analyze([definition(flag)], [reference('legacy-search'), reference('legacy-search', { file: '/work/project/src/b.ts' })]);
    assert.equal(removed.length, 1);
    const finding = removed[0]!;
    assert.equal(finding.severity, 'error');
    assert.equal(finding.keepValue, false);
    assert.match(finding.message, /archived in the source but still referenced 2 times/);
    assert.match(finding.action, /keeping false \(the source's off variation\)/);
    assert.ok(finding.evidence.includes("production: off variation 'off' = false"));
    // Archived flags are not also released/unused/inactive.
    assert.deepEqual(all.map((f) => f.kind), ['removed']);
  });

  it('reports deleted flags the same way', () => {
    const flag = booleanFlag('k', { deleted: true }, [environment('production', { protected: true })]);
    const { removed } = analyze([definition(flag)], [reference('k')]);
    assert.match(removed[0]!.message, /is deleted in the source/);
  });

  it('says nothing about an archived flag no code references', () => {
    const flag = booleanFlag('k', { archived: true }, [environment('production', { protected: true })]);
    assert.deepEqual(analyze([definition(flag)], []).all, []);
  });

  it('does not choose a value when the off variations disagree', () => {
    const flag = booleanFlag('k', { archived: true }, [
      environment('production-eu', { protected: true, offVariation: 'off' }),
      environment('production-us', { protected: true, offVariation: 'on' }),
    ]);
    const finding = analyze([definition(flag)], [reference('k')]).removed[0]!;
    assert.equal('keepValue' in finding, false);
    assert.match(finding.action, /choose it/);
    assert.ok(finding.evidence.some((e) => e.startsWith('off variations disagree')));
  });

  it('falls back to the manifest default, then to a literal default every reference agrees on', () => {
    const manifest = booleanFlag('m', { archived: true, defaultValue: 'blue', kind: 'string', variations: [] });
    const coded = booleanFlag('c', { archived: true }, [environment('dev', { offVariation: undefined })]);
    const mixed = booleanFlag('x', { archived: true }, [environment('dev', { offVariation: undefined })]);
    const { removed } = analyze(
      [definition(manifest, 'flagd:flags.json', []), definition(coded), definition(mixed)],
      [reference('m'), reference('c', { defaultValue: "'dark'" }), reference('c', { defaultValue: '"dark"' }), reference('x', { defaultValue: 'false' }), reference('x', { defaultValue: 'someVar' })],
    );
    const byKey = new Map(removed.map((f) => [f.key, f]));
    assert.equal(byKey.get('m')!.keepValue, 'blue');
    assert.match(byKey.get('m')!.action, /source's default value/);
    assert.equal(byKey.get('c')!.keepValue, 'dark');
    assert.match(byKey.get('c')!.action, /code's default/);
    assert.equal('keepValue' in byKey.get('x')!, false);
  });

  it("keeps the flag's off variation when the source dropped its state and code passes no default (Unleash)", () => {
    const archived = booleanFlag('unleash-flag', { archived: true, type: 'release' });
    const finding = analyze([{ ...definition(archived, 'unleash:default', []), sourceKind: 'unleash' }], [reference('unleash-flag', { sdk: 'unleash', pattern: 'unleash.isEnabled' })]).removed[0]!;
    assert.equal(finding.keepValue, false);
    assert.ok(finding.evidence.includes("the flag's 'off' variation = false; no reference passes a default"));
  });

  it('asks to restore a permanent flag instead of removing it', () => {
    const flag = booleanFlag('payments-kill-switch', { archived: true, type: 'kill-switch' }, [environment('production', { protected: true })]);
    const finding = analyze([definition(flag)], [reference('payments-kill-switch')]).removed[0]!;
    assert.equal(finding.severity, 'error');
    assert.equal(finding.permanent, true);
    assert.equal('keepValue' in finding, false);
    assert.match(finding.action, /^Restore 'payments-kill-switch' in the source/);
  });

  it('is not removed while another source still defines the key', () => {
    const archived = booleanFlag('k', { archived: true }, [environment('production', { protected: true })]);
    const live = booleanFlag('k', {}, [environment('production', { protected: true })]);
    const { removed, why } = analyze([definition(archived, 'launchdarkly:old'), definition(live, 'unleash:default')], [reference('k')]);
    assert.deepEqual(removed, []);
    assert.deepEqual(why.map((w) => w.reason), ['archived here but live in unleash:default']);
  });
});
