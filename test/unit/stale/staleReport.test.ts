import { strict as assert } from 'node:assert';
import { analyzeStaleFlags } from '../../../src/core/stale/detectStaleFlags';
import { formatStaleJson, formatStaleSarif, formatStaleText, type StaleReportInput } from '../../../src/core/report/staleReport';
import { booleanFlag, daysAgo, definition, environment, now, reference } from './builders';
import type { JsonReport, SarifLog, SarifResult } from './reportShapes';

const root = '/work/project';

function reportInput(): StaleReportInput {
  const references = [
    reference('released-flag', { file: `${root}/src/b.ts` }),
    reference('released-flag', { file: `${root}/src/a.ts` }),
    reference('archived-flag'),
    reference('newCheckout', { file: `${root}/src/cart.tsx` }),
    reference('new-checkout'),
  ];
  const orphan = booleanFlag('orphan', {}, [environment('production', { protected: true, lastModified: daysAgo(1) })]);
  const definitions = [
    definition(booleanFlag('released-flag', {}, [environment('production', { protected: true, lastModified: daysAgo(90) })])),
    definition(booleanFlag('archived-flag', { archived: true }, [environment('production', { protected: true })])),
    definition(booleanFlag('new-checkout', {}, [environment('production', { protected: true, lastModified: daysAgo(1) })])),
    definition({ ...orphan, definedAt: { file: `${root}/flags/prod.flagd.json`, line: 7, character: 4 } } as typeof orphan, 'flagd:/work/project'),
  ];
  return {
    root,
    analysis: analyzeStaleFlags({ definitions, references, now }),
    references,
    sources: [{ id: 'launchdarkly:shop', label: 'LaunchDarkly: shop', kind: 'launchdarkly', flags: 3, fetchedAt: now, fromCache: false }],
    generatedAt: now,
    toolVersion: '0.1.0',
  };
}

describe('stale: report', () => {
  it('writes the documented JSON shape with relative, 1-based locations', () => {
    const json = JSON.parse(formatStaleJson(reportInput())) as JsonReport;
    assert.equal(json.version, 1);
    assert.equal(json.root, root);
    assert.equal(json.generatedAt, now.toISOString());
    assert.equal(json.thresholds.releasedAfterDays, 30);
    assert.deepEqual(json.sources, [{ id: 'launchdarkly:shop', label: 'LaunchDarkly: shop', kind: 'launchdarkly', flags: 3, fetchedAt: now.toISOString(), fromCache: false }]);
    assert.deepEqual(json.summary.byKind, { removed: 1, released: 1, markedStale: 0, inactive: 0, unknownKey: 1, unused: 1, similarKeys: 0, dynamicKey: 0, singleReference: 0 });
    assert.deepEqual(json.summary.bySeverity, { error: 1, warning: 2, info: 1, hint: 0 });
    assert.deepEqual(json.notChecked, []);
    const released = json.findings.find((f) => f.kind === 'released')!;
    assert.equal(released.keepValue, true);
    assert.deepEqual(released.references, [
      { file: 'src/a.ts', line: 5, column: 31, endLine: 5, endColumn: 46 },
      { file: 'src/b.ts', line: 5, column: 31, endLine: 5, endColumn: 46 },
    ]);
    const unknown = json.findings.find((f) => f.kind === 'unknownKey')!;
    assert.equal(unknown.suggestion, 'new-checkout');
    assert.equal('keepValue' in unknown, false);
    const unused = json.findings.find((f) => f.kind === 'unused')!;
    assert.deepEqual(unused.definedAt, { file: 'flags/prod.flagd.json', line: 8, column: 5, endLine: 8, endColumn: 5 });
    assert.deepEqual(unused.references, []);
    assert.ok(json.notStale.some((n) => n.key === 'new-checkout' && n.kind === 'released'));
  });

  it('writes SARIF 2.1.0 with one rule per kind, levels from severity and a result at every reference', () => {
    const sarif = JSON.parse(formatStaleSarif(reportInput())) as SarifLog;
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0]!;
    assert.deepEqual(run.tool.driver.rules.map((r) => r.id), [
      'flaglens/removed', 'flaglens/released', 'flaglens/markedStale', 'flaglens/inactive', 'flaglens/unknownKey', 'flaglens/unused',
      'flaglens/similarKeys', 'flaglens/dynamicKey', 'flaglens/singleReference',
    ]);
    assert.equal(run.originalUriBaseIds['%SRCROOT%']!.uri, 'file:///work/project/');
    const located = (r: SarifResult) => {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      return [r.ruleId, r.level, artifactLocation.uri, artifactLocation.uriBaseId, region.startLine, region.startColumn];
    };
    assert.deepEqual(run.results.map(located), [
      ['flaglens/removed', 'error', 'src/checkout.ts', '%SRCROOT%', 5, 31],
      ['flaglens/released', 'warning', 'src/a.ts', '%SRCROOT%', 5, 31],
      ['flaglens/released', 'warning', 'src/b.ts', '%SRCROOT%', 5, 31],
      ['flaglens/unknownKey', 'warning', 'src/cart.tsx', '%SRCROOT%', 5, 31],
      // No reference: located where the flagd file defines it.
      ['flaglens/unused', 'note', 'flags/prod.flagd.json', '%SRCROOT%', 8, 5],
    ]);
    for (const result of run.results) assert.equal(run.tool.driver.rules[result.ruleIndex]!.id, result.ruleId);
    const released = run.results[1]!;
    assert.equal(released.properties.keepValue, true);
    assert.match(released.message.text, /is released.*Remove the flag from code keeping true/);
    assert.equal(released.partialFingerprints['flaglens/finding/v1'], 'released:released-flag:launchdarkly:shop:src/a.ts');
    assert.equal(run.results[3]!.properties.suggestion, 'new-checkout');
  });

  it('writes text most severe first, with actions and places', () => {
    const text = formatStaleText(reportInput());
    const lines = text.split('\n');
    assert.match(lines[0]!, /^error +removed +archived-flag \(launchdarkly:shop\)$/);
    assert.ok(text.includes('→ Remove the flag from code keeping false'));
    assert.ok(text.includes('at src/a.ts:5:31, src/b.ts:5:31'));
    assert.ok(text.includes('defined at flags/prod.flagd.json:8:5'));
    assert.ok(text.includes('4 findings on 4 flags (1 error, 2 warnings, 1 info) from 1 source.'));
    assert.ok(text.includes('Run with --explain'));
    assert.ok(!text.includes('Not stale:'));
    const explained = formatStaleText(reportInput(), { explain: true });
    assert.ok(explained.includes('Not stale:\n  new-checkout (released, launchdarkly:shop): production: last changed'));
  });

  it('says so when nothing is stale', () => {
    const input = { ...reportInput(), analysis: { ...reportInput().analysis, findings: [], notStale: [] } };
    assert.equal(formatStaleText(input), 'No stale flags (1 source).\n');
  });
});
