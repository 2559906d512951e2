import { strict as assert } from 'node:assert';
import { analyzeStaleFlags } from '../../../src/core/stale/detectStaleFlags';
import type { DynamicReference } from '../../../src/core/references/model';
import { booleanFlag, definition, environment, now, reference } from './builders';

const production = () => [environment('production', { protected: true, lastModified: undefined })];

describe('stale: unused', () => {
  it('reports a defined flag with no reference as safe to archive', () => {
    const result = analyzeStaleFlags({ definitions: [definition(booleanFlag('orphan', {}, production()))], references: [], now });
    assert.equal(result.findings.length, 1);
    const finding = result.findings[0]!;
    assert.equal(finding.kind, 'unused');
    assert.equal(finding.severity, 'info');
    assert.match(finding.action, /^Archive it in the source/);
  });

  it('counts a text match in a non-TS file as a reference', () => {
    const textOnly = reference('orphan', { file: '/work/project/config/settings.yaml', confidence: 'text', sdk: 'text', pattern: 'text', kind: 'unknown' });
    const result = analyzeStaleFlags({ definitions: [definition(booleanFlag('orphan', {}, production()))], references: [textOnly], now });
    assert.deepEqual(result.findings.filter((f) => f.kind === 'unused'), []);
  });

  it('warns that dynamic keys might hide a use', () => {
    const dynamic: DynamicReference = {
      file: '/work/project/src/a.ts',
      span: { start: 0, end: 5, startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 5 },
      sdk: 'launchdarkly',
      pattern: 'launchdarkly.variation',
      reason: 'template literal with substitutions',
    };
    const result = analyzeStaleFlags({ definitions: [definition(booleanFlag('orphan', {}, production()))], references: [], dynamicReferences: [dynamic], now });
    assert.ok(result.findings[0]!.evidence.some((e) => e.startsWith('1 flag evaluation in code with a dynamic key')));
  });

  it('does not report permanent or archived flags', () => {
    const result = analyzeStaleFlags({
      definitions: [definition(booleanFlag('kill', { type: 'kill-switch' }, production())), definition(booleanFlag('gone', { archived: true }, production()))],
      references: [],
      now,
    });
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.notStale.filter((n) => n.kind === 'unused').map((n) => n.key), ['kill']);
  });

  it('reports manifest-only flags too', () => {
    const manifest = booleanFlag('from-manifest', { defaultValue: false, variations: [] });
    const result = analyzeStaleFlags({ definitions: [definition(manifest, 'flagd:manifest.flagd.json', [])], references: [], now });
    assert.deepEqual(result.findings.map((f) => [f.kind, f.key, f.sourceId]), [['unused', 'from-manifest', 'flagd:manifest.flagd.json']]);
  });
});
