import { strict as assert } from 'node:assert';
import { analyzeStaleFlags } from '../../../src/core/stale/detectStaleFlags';
import type { DynamicReference } from '../../../src/core/references/model';
import { dynamicKeyPlaceholder } from '../../../src/core/stale/model';
import { booleanFlag, definition, environment, now, reference } from './builders';

function dynamic(file: string, line: number, reason = 'template literal with substitutions'): DynamicReference {
  return { file: `/work/project/src/${file}`, span: { start: 0, end: 12, startLine: line, startCharacter: 6, endLine: line, endCharacter: 18 }, sdk: 'launchdarkly', pattern: 'launchdarkly.variation', reason };
}

describe('stale hints: dynamic keys', () => {
  it('reports every unresolved evaluation as a hint located at it, in file order', () => {
    const { findings } = analyzeStaleFlags({ definitions: [], references: [], dynamicReferences: [dynamic('b.ts', 9), dynamic('a.ts', 30, "key comes from parameter 'k' of wrapper 'check'"), dynamic('a.ts', 2)], now });
    assert.deepEqual(
      findings.map((f) => [f.kind, f.severity, f.key, f.at?.file.slice(-4), f.at?.line]),
      [
        ['dynamicKey', 'hint', dynamicKeyPlaceholder, 'a.ts', 2],
        ['dynamicKey', 'hint', dynamicKeyPlaceholder, 'a.ts', 30],
        ['dynamicKey', 'hint', dynamicKeyPlaceholder, 'b.ts', 9],
      ],
    );
    const wrapped = findings[1]!;
    assert.deepEqual(wrapped.at, { file: '/work/project/src/a.ts', line: 30, character: 6, endLine: 30, endCharacter: 18 });
    assert.equal(wrapped.message, "A flag is evaluated with a key that cannot be resolved statically (key comes from parameter 'k' of wrapper 'check')");
    assert.equal(wrapped.evidence[0], "launchdarkly.variation: key comes from parameter 'k' of wrapper 'check'");
  });

  it('is reported with a source too, after the stale findings', () => {
    const orphan = definition(booleanFlag('orphan', {}, [environment('production', { protected: true, lastModified: undefined })]));
    const { findings } = analyzeStaleFlags({ definitions: [orphan], references: [], dynamicReferences: [dynamic('a.ts', 1)], now });
    assert.deepEqual(findings.map((f) => [f.kind, f.severity]), [['unused', 'info'], ['dynamicKey', 'hint']]);
  });

  it('reports nothing when every key resolves', () => {
    assert.deepEqual(analyzeStaleFlags({ definitions: [], references: [reference('k'), reference('k')], dynamicReferences: [], now }).findings, []);
  });
});
