import { strict as assert } from 'node:assert';
import type { DynamicReference, FlagReference } from '../../../src/core/references/model';
import { formatStaleJson, formatStaleSarif, formatStaleText, type StaleReportInput } from '../../../src/core/report/staleReport';
import { analyzeStaleFlags } from '../../../src/core/stale/detectStaleFlags';
import { booleanFlag, daysAgo, definition, environment, now, reference } from './builders';
import type { JsonReport, SarifLog } from './reportShapes';

const root = '/work/project';

function at(key: string, file: string, line: number, character = 30, overrides: Partial<FlagReference> = {}): FlagReference {
  const keySpan = { start: 0, end: key.length + 2, startLine: line - 1, startCharacter: character - 1, endLine: line - 1, endCharacter: character - 1 + key.length + 2 };
  return reference(key, { file: `${root}/${file}`, keySpan, ...overrides });
}

const dynamic: DynamicReference = {
  file: `${root}/src/promo.ts`,
  span: { start: 0, end: 14, startLine: 6, startCharacter: 40, endLine: 6, endCharacter: 54 },
  sdk: 'openfeature',
  pattern: 'openfeature.getBooleanValue',
  reason: 'template literal with substitutions',
};

/** The code of a small shop with no flag source: a typo'd spelling, a computed key, a one-off flag. */
const codeReferences = (): FlagReference[] => [
  at('new-checkout', 'src/checkout.ts', 5),
  at('new-checkout', 'src/cart.tsx', 12),
  at('newCheckout', 'src/admin.ts', 3, 21),
  at('dark-mode', 'src/app.ts', 7),
  at('dark-mode', 'src/header.tsx', 9),
  at('legacy-banner', 'src/home.tsx', 40, 22),
];

function noSourceInput(references = codeReferences(), dynamicReferences = [dynamic]): StaleReportInput {
  return {
    root,
    analysis: analyzeStaleFlags({ definitions: [], references, dynamicReferences, now, sourceIds: [] }),
    references,
    sources: [],
    generatedAt: now,
    toolVersion: '0.1.0',
  };
}

const noSourceSentence =
  'No flag source found, so unknown keys and removed, released, marked-stale, inactive and unused flags were not checked: ' +
  'add a flagd file (*.flagd.json or flags.json), or LaunchDarkly or Unleash under "sources" in .flaglens.json (token in LAUNCHDARKLY_API_TOKEN or UNLEASH_API_TOKEN).';

describe('stale report: code-only hints', () => {
  it('text: hints grouped by kind, one line each, then which checks need a source', () => {
    assert.equal(
      formatStaleText(noSourceInput()),
      [
        'Hints from the code alone (worth a look; not stale findings):',
        '',
        'Keys that differ only by case or separators (likely typos: flag services match keys exactly):',
        '  newCheckout (1) → new-checkout (2)  src/admin.ts:3:21',
        '  → Use the spelling after the arrow (the most used) unless these are meant to be different flags.',
        '',
        'Flag evaluations whose key cannot be resolved (every check is blind to the flags they read):',
        '  src/promo.ts:7:41  openfeature.getBooleanValue: template literal with substitutions',
        '  → Use a literal or constant key, or declare the wrapper that passes it in .flaglens.json "patterns".',
        '',
        'Flags referenced in exactly one place (a leftover, a typo, or read through one helper?):',
        '  legacy-banner  src/home.tsx:40:22',
        '  → If the feature has shipped, remove the flag: flaglens cleanup <key> --keep <value>.',
        '',
        noSourceSentence,
        '3 hints from the code alone.',
        '',
      ].join('\n'),
    );
  });

  it('text: says plainly when the code gives nothing to hint at either', () => {
    const text = formatStaleText(noSourceInput([at('dark-mode', 'src/app.ts', 7), at('dark-mode', 'src/header.tsx', 9)], []));
    assert.equal(text, `${noSourceSentence}\nNo hints from the code alone either.\n`);
  });

  it('JSON: hints as findings, the dynamic one at its evaluation, and the checks that did not run', () => {
    const json = JSON.parse(formatStaleJson(noSourceInput())) as JsonReport;
    assert.equal(json.version, 1);
    assert.deepEqual(json.notChecked, ['removed', 'released', 'markedStale', 'inactive', 'unknownKey', 'unused']);
    assert.deepEqual(json.summary.bySeverity, { error: 0, warning: 0, info: 0, hint: 3 });
    assert.equal(json.summary.byKind.similarKeys, 1);
    assert.equal(json.summary.byKind.dynamicKey, 1);
    assert.equal(json.summary.byKind.singleReference, 1);
    // The dynamic placeholder is not a flag.
    assert.equal(json.summary.flags, 2);
    assert.deepEqual(
      json.findings.map((f) => [f.kind, f.key, f.severity, f.suggestion]),
      [
        ['similarKeys', 'newCheckout', 'hint', 'new-checkout'],
        ['dynamicKey', '(dynamic)', 'hint', undefined],
        ['singleReference', 'legacy-banner', 'hint', undefined],
      ],
    );
    assert.deepEqual(json.findings[0]!.references, [{ file: 'src/admin.ts', line: 3, column: 21, endLine: 3, endColumn: 34 }]);
    assert.deepEqual(json.findings[1]!.references, [{ file: 'src/promo.ts', line: 7, column: 41, endLine: 7, endColumn: 55 }]);
  });

  it('SARIF: one rule per hint kind at level note, results at the hinted places, and a note that checks need a source', () => {
    const run = (JSON.parse(formatStaleSarif(noSourceInput())) as SarifLog).runs[0]!;
    const rules = new Map(run.tool.driver.rules.map((r) => [r.id, r.defaultConfiguration.level]));
    for (const kind of ['similarKeys', 'dynamicKey', 'singleReference']) assert.equal(rules.get(`flaglens/${kind}`), 'note', kind);
    assert.equal(rules.get('flaglens/removed'), 'error');
    assert.deepEqual(
      run.results.map((r) => [r.ruleId, r.level, r.properties.severity, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine]),
      [
        ['flaglens/similarKeys', 'note', 'hint', 'src/admin.ts', 3],
        ['flaglens/dynamicKey', 'note', 'hint', 'src/promo.ts', 7],
        ['flaglens/singleReference', 'note', 'hint', 'src/home.tsx', 40],
      ],
    );
    for (const result of run.results) assert.equal(run.tool.driver.rules[result.ruleIndex]!.id, result.ruleId);
    assert.match(run.results[0]!.message.text, /'newCheckout' differs from the more used 'new-checkout'.*Use 'new-checkout'/);
    assert.deepEqual(run.invocations?.[0]?.toolExecutionNotifications, [{ level: 'note', message: { text: noSourceSentence } }]);
  });

  it('with a source: stale findings first, then the hints that still apply, and no missing-source sentence', () => {
    const references = [at('released-flag', 'src/a.ts', 5), at('beta-search', 'src/search.ts', 2), at('beta-search', 'src/list.ts', 8), at('betaSearch', 'src/old.ts', 4)];
    const definitions = [definition(booleanFlag('released-flag', {}, [environment('production', { protected: true, lastModified: daysAgo(90) })]))];
    const input: StaleReportInput = {
      root,
      analysis: analyzeStaleFlags({ definitions, references, dynamicReferences: [dynamic], now }),
      references,
      sources: [{ id: 'launchdarkly:shop', label: 'LaunchDarkly: shop', kind: 'launchdarkly', flags: 1 }],
      generatedAt: now,
    };
    const text = formatStaleText(input);
    const order = ['warning released', 'warning unknownKey    beta-search', 'Hints from the code alone', '  betaSearch (1) → beta-search (2)', '  src/promo.ts:7:41'].map((part) =>
      text.replace(/ +/g, ' ').indexOf(part.replace(/ +/g, ' ')),
    );
    assert.ok(order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1]!)), `${order.join(',')}\n${text}`);
    assert.ok(!text.includes('referenced in exactly one place'), 'released-flag is referenced once, but a source answers that');
    assert.ok(!text.includes('No flag source found'));
    assert.match(text, /\n3 findings on 3 flags \(3 warnings\) and 2 hints from 1 source\.\n/);
    const json = JSON.parse(formatStaleJson(input)) as JsonReport;
    assert.deepEqual(json.notChecked, []);
    assert.equal((JSON.parse(formatStaleSarif(input)) as SarifLog).runs[0]!.invocations, undefined);
  });

  it('with a source and only hints, says nothing is stale and counts the hints', () => {
    const references = [at('k', 'src/a.ts', 1), at('k', 'src/b.ts', 1)];
    const definitions = [definition(booleanFlag('k', {}, [environment('production', { protected: true, lastModified: daysAgo(1) })]))];
    const input: StaleReportInput = { root, analysis: analyzeStaleFlags({ definitions, references, dynamicReferences: [dynamic], now }), references, sources: [{ id: 'launchdarkly:shop', label: 'LaunchDarkly: shop', kind: 'launchdarkly', flags: 1 }], generatedAt: now };
    assert.match(formatStaleText(input), /\nNo stale flags \(1 source\); 1 hint\.\nRun with --explain/);
  });
});
