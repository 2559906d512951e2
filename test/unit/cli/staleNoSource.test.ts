import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliInProcess } from '../../support/cliInProcess';
import type { JsonReport, SarifLog } from '../stale/reportShapes';

/** A shop with flags in code and no flag source anywhere: no flagd file, no .flaglens.json, no tokens. */
const files: Record<string, string> = {
  'src/client.ts': "import { OpenFeature } from '@openfeature/server-sdk';\n\nexport const client = OpenFeature.getClient('shop');\n",
  'src/checkout.ts': [
    "import { client } from './client';",
    '',
    'export async function checkout(): Promise<boolean> {',
    "  return client.getBooleanValue('new-checkout', false);",
    '}',
    '',
  ].join('\n'),
  'src/cart.ts': [
    "import { client } from './client';",
    '',
    'export async function cart(): Promise<boolean[]> {',
    "  const redesigned = await client.getBooleanValue('new-checkout', false);",
    "  const express = await client.getBooleanValue('newCheckout', false);",
    '  return [redesigned, express];',
    '}',
    '',
  ].join('\n'),
  'src/promo.ts': [
    "import { client } from './client';",
    '',
    'export async function promo(): Promise<boolean[]> {',
    '  const season = new Date().getMonth() < 6 ? "spring" : "autumn";',
    '  const seasonal = await client.getBooleanValue(`promo-${season}`, false);',
    "  const banner = await client.getBooleanValue('legacy-banner', false);",
    '  return [seasonal, banner];',
    '}',
    '',
  ].join('\n'),
};

describe('cli: flaglens stale with no flag source', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-stale-nosource-'));
    for (const [file, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await fs.writeFile(path.join(dir, file), text);
    }
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('text: reports the hints and says which checks need a source', async () => {
    const { code, stdout, stderr } = await runCliInProcess(['stale', dir], '/', {});
    assert.equal(stderr, '');
    assert.equal(code, 0);
    const keyColumn = (line: string, key: string) => line.indexOf(`'${key}'`) + 1;
    const cartLine = files['src/cart.ts']!.split('\n')[4]!;
    const promoLines = files['src/promo.ts']!.split('\n');
    assert.equal(
      stdout,
      [
        'Hints from the code alone (worth a look; not stale findings):',
        '',
        'Keys that differ only by case or separators (likely typos: flag services match keys exactly):',
        `  newCheckout (1) → new-checkout (2)  src/cart.ts:5:${keyColumn(cartLine, 'newCheckout')}`,
        '  → Use the spelling after the arrow (the most used) unless these are meant to be different flags.',
        '',
        'Flag evaluations whose key cannot be resolved (every check is blind to the flags they read):',
        `  src/promo.ts:5:${promoLines[4]!.indexOf('`promo-') + 1}  openfeature.getBooleanValue: template literal with substitutions`,
        '  → Use a literal or constant key, or declare the wrapper that passes it in .flaglens.json "patterns".',
        '',
        'Flags referenced in exactly one place (a leftover, a typo, or read through one helper?):',
        `  legacy-banner  src/promo.ts:6:${keyColumn(promoLines[5]!, 'legacy-banner')}`,
        '  → If the feature has shipped, remove the flag: flaglens cleanup <key> --keep <value>.',
        '',
        'No flag source found, so unknown keys and removed, released, marked-stale, inactive and unused flags were not checked: ' +
          'add a flagd file (*.flagd.json or flags.json), or LaunchDarkly or Unleash under "sources" in .flaglens.json (token in LAUNCHDARKLY_API_TOKEN or UNLEASH_API_TOKEN).',
        '3 hints from the code alone.',
        '',
      ].join('\n'),
    );
  });

  it('JSON: hints as findings with places, no sources, and the checks that did not run', async () => {
    const { code, stdout } = await runCliInProcess(['stale', '.', '--format', 'json'], dir, {});
    assert.equal(code, 0);
    const report = JSON.parse(stdout) as JsonReport;
    assert.equal(report.version, 1);
    assert.deepEqual(report.sources, []);
    assert.deepEqual(report.notChecked, ['removed', 'released', 'markedStale', 'inactive', 'unknownKey', 'unused']);
    assert.deepEqual(
      report.findings.map((f) => [f.kind, f.key, f.severity, f.suggestion, f.references.map((r) => `${r.file}:${r.line}`)]),
      [
        ['similarKeys', 'newCheckout', 'hint', 'new-checkout', ['src/cart.ts:5']],
        ['dynamicKey', '(dynamic)', 'hint', undefined, ['src/promo.ts:5']],
        ['singleReference', 'legacy-banner', 'hint', undefined, ['src/promo.ts:6']],
      ],
    );
    assert.deepEqual(report.summary.bySeverity, { error: 0, warning: 0, info: 0, hint: 3 });
  });

  it('SARIF: hints at level note under their own rules, and a note that the stale checks need a source', async () => {
    const { code, stdout } = await runCliInProcess(['stale', dir, '--format', 'sarif'], '/', {});
    assert.equal(code, 0);
    const run = (JSON.parse(stdout) as SarifLog).runs[0]!;
    assert.deepEqual(
      run.results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine]),
      [
        ['flaglens/similarKeys', 'note', 'src/cart.ts', 5],
        ['flaglens/dynamicKey', 'note', 'src/promo.ts', 5],
        ['flaglens/singleReference', 'note', 'src/promo.ts', 6],
      ],
    );
    const notes = run.invocations?.[0]?.toolExecutionNotifications ?? [];
    assert.equal(notes.length, 1);
    assert.match(notes[0]!.message.text, /^No flag source found, so unknown keys and removed, released, marked-stale, inactive and unused flags were not checked/);
  });

  it('--fail-on any stays about stale flags: hints alone exit 0', async () => {
    const { code, stdout } = await runCliInProcess(['stale', dir, '--fail-on', 'any'], '/', {});
    assert.equal(code, 0);
    assert.match(stdout, /3 hints from the code alone\.\n$/);
  });

  it('once a flagd file is added, the source answers: unknown keys instead of the referenced-once hint', async () => {
    const withSource = await fs.mkdtemp(path.join(os.tmpdir(), 'flaglens-stale-nosource-'));
    try {
      for (const [file, text] of Object.entries(files)) {
        await fs.mkdir(path.dirname(path.join(withSource, file)), { recursive: true });
        await fs.writeFile(path.join(withSource, file), text);
      }
      const flag = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' };
      await fs.writeFile(path.join(withSource, 'flags.flagd.json'), JSON.stringify({ flags: { 'new-checkout': flag } }));
      const { code, stdout } = await runCliInProcess(['stale', withSource, '--format', 'json'], '/', {});
      assert.equal(code, 0);
      const report = JSON.parse(stdout) as JsonReport;
      assert.deepEqual(report.notChecked, []);
      assert.deepEqual(
        report.findings.map((f) => [f.kind, f.key, f.suggestion]),
        [
          ['unknownKey', 'legacy-banner', undefined],
          ['unknownKey', 'newCheckout', 'new-checkout'],
          ['dynamicKey', '(dynamic)', undefined],
        ],
      );
    } finally {
      await fs.rm(withSource, { recursive: true, force: true });
    }
  });
});
